// Package actholds defines the value-flow stage of nnvet's checks: an
// Analyzer that works out, on the package's SSA form, what every value
// holds. It reports nothing.
//
// # Analyzer actholds
//
// actholds: work out which values hold the activation of which others, for recomputeact and wrongderiv
//
// A value has names: the places it is read from or written to. l.out[i]
// is an element of field out of any Layer, and of the very receiver it was
// reached through; cache["A1"] is a key of any map of its type; the slices
// a forward pass returns are its results, and the variables its caller
// takes them into. Names come from loads, stores, map lookups and updates,
// appends (an element at the append's rank, counted from the length before
// the loop), returns, gonum's At, Set and RawMatrix().Data, pure methods,
// the elements an applier hands its closure, and, across calls, from each
// function's summary of where it places its parameters and results.
// Conversions, copies, captured variables and the slices an append loop
// grows are one value, and so is the result of a function that returns its
// argument or, where the argument is NaN or infinite, a constant
// (finite(act(z)) is act(z) for every finite value); so are two operations
// of one function on the same values (dot + b[j] written twice), loads
// when the function writes nothing along the same access path, or when
// both are in one block with no such write between them (a bias stepped
// after the gradient leaves σ(u.z + u.b) and σ'(u.z + u.b) one argument).
//
// An activation a = act(z) (every site actsummary recognizes: math.Tanh,
// sigmoid helpers, appliers, dispatches) pairs z with a. A pair relates the
// values its places name, and two related values pair all their other
// places whose indices align: s stored at l.z[i] and sigmoid(s) at
// l.out[i] pair field z with field out; z appended to zs and act(z) to as
// in one loop, after as started with the input, pair zs[k] with as[k+1].
// Rounds carry pairs across calls: a callee's pairs between its parameters
// and results hold at every call, and parameters that every caller passes
// as z and act(z) pair in the callee. The places of an activation whose
// pre-activation is kept nowhere still hold it.
//
// Pairs and holdings on fields, map keys and array slots, and each
// function's summary, are exported as facts (FieldFact, KeysFact,
// FuncFact), so that a forward pass in one package pairs for a backward
// pass in another. SSA is built only where a check has something to ask
// (a derivative, backward code, a derivative written out beside the
// activation it differentiates, an autograd operation's closure) or an
// activation of network code is kept where other code may read it, and
// for packages that use such facts.
//
// What is no evidence: a holding that flows to the argument side of an
// abstract pair (slot 0 of any [2]Grid, when slot 1 = act(slot 0): a
// dropout layer keeping one value in both slots does not make slot 0 an
// activation); a value paired with itself under another name (a
// recursive node type's t.left.data is t.data), a field that holds
// activations in some objects and their arguments in others (an autograd
// node's value field: only what is known of the object it is read from
// counts), a fresh empty container stored before it is filled, and
// elements whose indices differ by more than a constant (an LSTM's packed
// gates: the containers pair, no element does). Paths are bounded, so a
// recursive type cannot grow them without end.
//
// The Result, a *Holds, answers for an expression of the package what its
// value holds (an activation, or a pre-activation whose activation is held
// elsewhere), how that is known, and how to write the other place at a
// given position.
package actholds
