// Package recomputeact defines an Analyzer that reports backward passes
// which recompute an activation from its cached pre-activation.
//
// # Analyzer recomputeact
//
// recomputeact: report backward code that recomputes tanh, sigmoid or exp of a pre-activation whose activation is already cached
//
// A forward pass stores both Z and A = act(Z). A backward pass that calls
// tanh(Z) again pays a transcendental per element per step for a value it
// already has, and it silently disagrees with the cache whenever the two are
// out of step: a test fixture built from unrelated random A and Z (the
// grader of the deep learning course's planar exercise does exactly this), a
// cache changed in place, a float32 copy. Use the activation you have:
//
//	// WRONG: tanh(Z1) again, although cache["A1"] holds it
//	dZ1.Apply(func(i, j int, v float64) float64 {
//		t := math.Tanh(Z1.At(i, j))
//		return v * (1 - t*t)
//	}, &dZ1)
//
//	// RIGHT: the derivative written on the cached activation
//	dZ1.Apply(func(i, j int, v float64) float64 {
//		t := A1.At(i, j)
//		return v * (1 - t*t)
//	}, &dZ1)
//
// What counts as recomputing: math.Tanh, math.Exp(±z), math.Pow(math.E, ±z),
// 1/(1+math.Exp(-z)) and their float32 forms (github.com/chewxy/math32,
// float32(math.Exp(float64(z)))); any function or method whose body
// evaluates one of these on a parameter (sigmoid(z), sigmoidPrime(z),
// tanhDerivative(z)), also from other packages through facts; such a helper
// passed to an element-wise applier (gonum's Apply, or a function that
// applies its func parameter to every element), stored in a func-typed
// field, or implementing an interface method, when every function the
// package assigns there is such a helper.
//
// How A = act(Z) is known, in order: evidence in the code (an element-wise
// assignment of act(Z) into A between variables, fields of one struct type,
// constant keys of one map type, parallel slices, or two results of one
// function, and the caches built from them), then names as a fallback
// (Z1↔A1, z↔a, zs↔as, preact↔act; never against evidence). Only evidence
// comes with a suggested fix.
//
// Where: functions whose name matches -funcs (default
// (?i)backward|backprop|grad|deriv|delta|prime) and the closures inside
// them; anywhere, a call of a derivative helper; anywhere, a recomputed
// activation that feeds a derivative form (1 - t*t, t*(1-t), t - t*t).
//
// Never reported: the forward computation that defines A; a site where no A
// is available (a derivative helper itself, only its callers); tanh or exp
// of anything but ±Z; A overwritten before the site; generated files; and a
// line or function marked
//
//	//nnvet:ignore recomputeact <reason>
//
// The reason is required, and a directive that suppresses nothing is
// reported.
//
// Flags: -funcs=REGEXP selects backward functions by name; -naming=false
// pairs Z and A by evidence only.
package recomputeact
