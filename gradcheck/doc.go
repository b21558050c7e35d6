// Package gradcheck verifies hand-written gradients and activation caches.
//
// It has four parts:
//
//   - numpy-exact closeness: [IsClose] and [AllClose] follow numpy.isclose and
//     numpy.allclose bit for bit (including 2-D broadcasting), [Compare]
//     explains a failed comparison element by element, and [CmpOption] lets
//     go-cmp compare values holding matrices and slices;
//   - gradient checking: [Check] and [Assert] compare analytic gradients
//     with finite differences of a loss, name the wrong elements (dW1[2,1])
//     and hint at common bugs (a missing 1/m, a sign error, a transpose),
//     element by element by default, or at model scale with [Fast]: random
//     directions over the whole model, and group testing to find the wrong
//     elements when one fails. Points where the loss is not differentiable
//     (ReLU, max, abs) are told from errors by one-sided differences
//     ([KinksFail]). The report draws a map of each failing parameter, and
//     [Plot] (or GRADCHECK_PLOT with [Assert]) writes it as a PNG heat map.
//     Parameters live in *mat.Dense
//     ([Param]) or in the user's own storage: [Rows], [Vector], [Vector32]
//     and [Matrix32] (float32, see [Float32]) and [Scalars] (autograd
//     engines), moved in place;
//   - cache checking: [CheckActivation] and [CheckCache] verify that a cached
//     activation equals act(pre-activation), which a backward pass that reads
//     the activation relies on;
//   - reference gradients: [CompareNPZ] compares Go gradients with the arrays
//     a numpy or PyTorch model saved (.npy/.npz, read by [ReadNPY] and
//     [ReadNPZ]), with Check's report.
//
// Errors versus panics: every exported function returns an error for bad
// input (mismatched shapes, invalid tolerances, a loss that panics) and
// never panics itself. Functions that return only a bool (IsClose,
// AllClose) treat invalid tolerances as "not close"; call
// [Tolerance.Validate] to learn why.
package gradcheck
