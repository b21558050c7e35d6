// Package wrongderiv defines an Analyzer that reports backward passes
// applying an activation's derivative to the wrong value.
//
// # Analyzer wrongderiv
//
// wrongderiv: report an activation's derivative applied to the wrong value: a Z-form derivative on an activation, an output form on a pre-activation, another activation's derivative
//
// A derivative can be written two ways, and each is right on one value
// only. The Z form recomputes the activation of its argument, σ(z)(1-σ(z))
// or 1 - tanh(z)², and wants the pre-activation Z. The output form is a
// polynomial of its argument, a(1-a) or 1 - a², and wants the activation
// A = act(Z). Both are common in correct code, and names lie in both
// directions (sigmoidPrime(x) with an x*(1-x) body; a field called
// activations that holds Z), so the check decides from the derivative's
// body and from what its argument holds, never from names:
//
//	// WRONG: out already holds sigmoid(z): this is σ′(σ(z))
//	d := g * sigmoidPrime(l.out[i]) // sigmoidPrime(x) = sigmoid(x) * (1 - sigmoid(x))
//
//	// RIGHT: the output form on the output, or the Z form on Z
//	d := g * l.out[i] * (1 - l.out[i])
//	d := g * sigmoidPrime(l.z[i])
//
// The gradient is simply wrong, and training limps along without an error;
// a gradient check finds it only where a test exists.
//
// What is reported:
//
//   - a derivative in the Z form (a helper whose body recomputes the
//     activation of its parameter, ELU's α·eˣ, or an activation written out
//     inside a derivative, σ(v)(1-σ(v))) on a value that holds an
//     activation: a double activation;
//   - a derivative in the output form (p*(1-p), 1-p*p, ELU's p+α) on a
//     value that is a pre-activation whose activation is stored elsewhere,
//     and holds none itself;
//   - the derivative of another activation than the one the value holds
//     (a tanh output with t*(1-t));
//   - a derivative written out on values (a*(1-a), 1 - a*a) whose operands
//     are the pre-activation: on the argument alone (x.v*(1-x.v) with
//     out.v = σ(x.v)), or mixing the output and its own argument
//     (out.v*(1-x.v)). Which operand is which is decided by what the
//     function itself made, as an autograd node's value field holds an
//     activation in one object and its argument in another;
//   - ReLU's derivative written as a test that gives 1 at zero (x >= 0, or
//     x < 0 → 0 else 1) on a ReLU output, which is never negative: 1
//     everywhere;
//   - through an interface, a func field or a dispatcher whose entries
//     differ in form (Tanh.Derivative(y) = 1-y*y beside Sigmoid.Derivative
//     recomputing σ(y)), the entries that are wrong on what the call
//     passes, when the forward pass stored that value through the same
//     dispatch (or stored one known activation, whose entry is wrong); and
//     a helper that switches on a kind its caller passes, every case in one
//     form (slope(kind, y) with 1-y*y and y*(1-y)), on the value of the
//     other form.
//
// A library whose network calls its activation and derivative through
// unexported func fields that only its exported constructors fill
// (NewNet(act, actPrime ActFunc)) leaves the choice to the importer: a
// main, an example, a test. The library's package exports, for each such
// call, what its argument holds (the output of the act field, its
// argument); the importer that calls the constructor knows which functions
// those are and reports the call if the pair is wrong. In a standalone run
// (nnvet ./...) the finding is on the library's line; under go vet, which
// gives a package only its own files, it is on the constructor call.
// //nnvet:ignore on the library's line does not suppress it: put the
// directive on the constructor call.
//
// What a value holds comes from the actholds stage: the store that filled
// it, followed through fields, map keys, array slots, slices appended side
// by side, results, parameters, closures, expressions written twice and
// guards that only replace NaN and infinities (out = finite(act(z))), also
// across packages. Forms are read through numeric conversions
// (float32(float64(s) * (1 - float64(s)))). A derivative chosen at run time is resolved the
// same way as in recomputeact: interfaces, func fields and tables,
// package-level func variables, factories (slope := slopeFor(kind)), kind
// switches, flag helpers called with a constant flag (nonlin(a, true)), and
// constructors an importer wires. Every message
// says where that store is.
//
// Never reported: a derivative on a value whose content is unknown; the Z
// form on Z and the output form on A; a value that is both an activation
// and the pre-activation of the next one, given the next one's derivative
// (stacked activations); functions that take both values (D(z, a)); a
// derivative entry written like ReLU itself (x for x > 0), which gives the
// same on the output as on the pre-activation; the derivative helpers' own
// bodies (their callers are reported); generated files; and a line or
// function marked
//
//	//nnvet:ignore wrongderiv <reason>
//
// The reason is required, and a directive that suppresses nothing is
// reported.
//
// Suggested fixes, only where exact: a Z-form derivative on an activation
// becomes the output form written on it (a * (1 - a), 1 - a*a); an output
// form on a pre-activation is given the activation instead, when it can be
// written where the call is; a written form that mixes the output and its
// argument uses the output in both places.
package wrongderiv
