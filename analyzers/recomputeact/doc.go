// Package recomputeact defines an Analyzer that reports backward passes
// which recompute an activation from its cached pre-activation.
//
// # Analyzer recomputeact
//
// recomputeact: report backward code that recomputes tanh, sigmoid, exp or softmax of a pre-activation whose activation is already cached
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
// What counts as recomputing: math.Tanh, math.Exp(±z) (also -1*z, z*-1,
// 0-z), math.Pow(math.E, ±z), 1/(1+math.Exp(-z)), softmax
// (exp(v[i]-max)/sum with sum += exp(v[j]-max)), the derivatives written
// with math.Cosh (1/cosh²(z), 1/(4·cosh²(z/2))), and their float32 and
// generic forms (github.com/chewxy/math32, float32(math.Exp(float64(z))),
// T(math.Exp(float64(-t)))); any function whose body evaluates one of these
// on a parameter and returns it or its derivative (scalar, slice, matrix,
// variadic and local-closure helpers, and dispatchers that switch between
// activations), also from other packages through facts. Such a function
// counts when called, passed to an element-wise applier (gonum's Apply,
// legacy mat64's, any function or method applying its func parameter to the
// elements of a parameter or of its receiver), wrapped by an adapter or a
// mapper factory, stored in a func-typed field (directly, in a table, or by
// a constructor) or a package-level func variable (reassigned by
// configuration: every function the package assigns counts), returned case
// by case by a factory (df := derivativeOf(kind)), or implementing an
// interface method. A function that returns nothing and overwrites its
// parameter's elements (Fill(g) { EachCell(g, sigmoid) }) activates in
// place; element accessors may return an error or an ok flag beside the
// value (v, err := g.At(i, j)). One function for an activation and its
// derivative chosen by a bool parameter (sigmoid(x, deriv bool)) is, at a
// call with a constant flag, the branch the flag picks.
//
// Several implementations behind one interface method or func field, some
// recomputing and some not: a call on Z is reported only when the forward
// pass stored A through the same interface or table on the same value,
// naming the implementations that recompute, without a fix. A helper that
// switches on a kind its caller passes, every case recomputing its
// activation (derivative(kind, z)), is reported when the forward pass
// stored A through a dispatcher over the same activations.
//
// A library that calls its activation and derivative through unexported
// func fields filled only by its exported constructors (NewNet(act,
// actPrime)) is judged from the importer that calls the constructor: when
// the derivative it passes recomputes the activation it passes, and the
// library calls it on the argument of a stored activation, the call is
// reported, on the library's line in a standalone run and on the
// constructor call under go vet (where //nnvet:ignore must then go).
//
// How A = act(Z) is known, in order: evidence in the code (an element-wise
// assignment of act(Z) into A, also through a scalar stored at one index,
// Z[j] = s; A[j] = act(s), between variables, fields of one struct type,
// constant keys of one map type or indices of one array type, parallel
// slices appended side by side — Nielsen's layout, where the activations
// start with the input, pairs zs[k] with as[k+1] — copies taken before and
// after an in-place activation, two results of one function, an autograd
// node built from the activation, a pure method without arguments called
// on the same value in forward and backward (u.Out = σ(u.in()), then
// σ′(u.in())), parameters that every caller passes as act(x) and x
// (learn(z, sigmoid(z), t)), and the caches, aliases, returned pairs,
// out-parameters and composite literals built from them, the same
// expression written twice in one function (z[i] = s + b[i]; a[i] =
// σ(s + b[i]), unless something along the same path is written between),
// all followed as
// value flow on SSA by the actholds stage), then names as a fallback (Z1↔A1, z↔a, zs↔as, preact↔act; never
// against evidence). Messages say where A was stored. Only evidence about
// one known activation comes with a suggested fix. A container that packs
// several activations' arguments at offsets (an LSTM's four gates in one
// slice) is reported without naming a place, as which element is whose is
// not known; ELU's exp(z) is reported against its output (α·eᶻ = a + α
// where z ≤ 0), without a fix.
//
// Where: functions whose name matches -funcs (default
// (?i)backward|backprop|grad|deriv|delta|prime), the closures inside them
// and closures stored under such a name (out.backward = func() {…});
// anywhere, a call of a derivative helper; anywhere, a recomputed
// activation that feeds a derivative form (1 - t*t, t*(1-t), t - t*t).
//
// Never reported: the forward computation that defines A; a site where no A
// is available (a derivative helper itself, only its callers); tanh or exp
// of anything but ±Z; A overwritten before the site (by the same object);
// interfaces, tables and dispatchers whose implementations recompute
// nothing; generated files; and a line or function marked
//
//	//nnvet:ignore recomputeact <reason>
//
// The reason is required, and a directive that suppresses nothing is
// reported.
//
// Flags: -funcs=REGEXP selects backward functions by name; -naming=false
// pairs Z and A by evidence only.
package recomputeact
