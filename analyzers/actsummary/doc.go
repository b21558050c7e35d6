// Package actsummary defines the first stage of recomputeact: an Analyzer
// that summarizes what a package's functions compute about activations and
// hands the summaries forward. It reports nothing.
//
// # Analyzer actsummary
//
// actsummary: summarize the activations that a package's functions compute, for recomputeact
//
// For each package that can hold an activation (it uses math.Tanh,
// math.Exp, math.Pow or math.Cosh, or math32's, or a function another
// package's facts summarize), the stage indexes the syntax once (closure
// and range variables bound to containers, locals assigned once, functions
// stored in func-typed fields, constructor calls) and summarizes, to a
// fixed point:
//
//   - helpers: a function that evaluates tanh, sigmoid, exp or softmax of a
//     parameter (or of its elements) and returns it or its derivative on
//     every path (a constant guard such as "if z < -40 { return 0 }" is
//     allowed, another value is not);
//   - appliers: a function or method that applies its func parameter to
//     the elements of a parameter or of its receiver, directly or through
//     another applier (gonum's Apply, legacy mat64's);
//   - makers: adapters (func(f) func(x) { return f(x) }) and mapper
//     factories, which hand a helper on unchanged;
//   - dispatches: interface methods and func-typed fields, from every
//     implementation or value the package gives them, and switches between
//     activations; a mix of recomputing and other implementations is
//     summarized as such, naming the ones that recompute. A local func
//     variable takes what a call returning several functions gives it
//     (f, df := Sigmoid(), one dispatch named by that call, so f and df
//     pair); an unexported function's func parameter, named only as a
//     callee, takes what its callers pass. A table with two or more plain
//     math functions (math.Sin, math.Log beside math.Tanh) is no dispatch.
//
// It also finds the package's pure methods: methods without arguments that
// return a float or a slice of floats, assign only their own locals and
// call only math, builtins and other pure methods. RootOf treats u.in()
// like a field of u, so that a pre-activation recomputed by calling in()
// again pairs with what forward stored from it.
//
// The summaries are exported as facts (HelperFact, ApplierFact, MakerFact)
// on functions, interface methods and fields, for importers. A package that
// cannot hold an activation but may apply a function is summarized for
// appliers and makers only, and any other package is skipped.
//
// The Result, a *Summaries, answers for this package and, through facts,
// for its imports: which expressions are activation sites (SiteOf), which
// container an expression reads (RootOf), and what a function or field
// computes. recomputeact, the next stage, pairs activations with their
// pre-activations and reports.
package actsummary
