// Package actflow defines the second stage of recomputeact: an Analyzer
// that follows activations through calls, as value flow on SSA. It reports
// nothing.
//
// # Analyzer actflow
//
// actflow: follow activations into the parameters of the functions they are passed to, for recomputeact
//
// A forward pass often hands both values to the backward function itself:
//
//	z := dot(w, x)
//	y := sigmoid(z)
//	d := backward(z, y, target)
//
// Inside backward(pre, out, t float64), sigmoid(pre) recomputes what out
// already holds, whatever the parameters are called. For each function of
// the package that recomputes an activation of one of its parameters (and
// is not itself a helper), the stage builds the package's SSA form and looks
// at every call: when every caller passes act(x) as parameter j and the same
// x as parameter i, parameter j holds act(parameter i). Values are followed
// through locals, conversions, closures' captured variables and φ-nodes, so
// that temporaries and aliases are one mechanism; act(x) is math.Tanh,
// math.Exp, 1/(1+math.Exp(-x)) (math32's too) or a call of a helper that
// actsummary summarized.
//
// Only functions whose callers are all known are followed: unexported,
// never used as a value, and for methods never behind an interface of the
// package. Packages with no such function do not pay for SSA.
//
// The Result, a *Flow, lists the parameter pairs, each with the call that
// shows it; recomputeact adds them to its evidence.
package actflow
