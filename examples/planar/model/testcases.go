package model

import (
	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck/nprand"
)

// BackwardPropagationTestCase is the notebook's backward_propagation_test_case:
// a consistent cache (A1 is tanh(Z1) rounded to 8 decimals) on which both
// 1 − A1² and 1 − tanh(Z1)² print the expected gradients.
func BackwardPropagationTestCase() (parameters, cache map[string]*mat.Dense, X, Y *mat.Dense) {
	X = mat.NewDense(2, 3, []float64{
		1.6243453636632417, -0.6117564136500754, -0.5281717522634557,
		-1.0729686221561705, 0.8654076293246785, -2.3015386968802827,
	})
	Y = mat.NewDense(1, 3, []float64{1, 0, 1})
	parameters = map[string]*mat.Dense{
		"W1": mat.NewDense(4, 2, []float64{-0.00416758, -0.00056267, -0.02136196, 0.01640271, -0.01793436, -0.00841747, 0.00502881, -0.01245288}),
		"W2": mat.NewDense(1, 4, []float64{-0.01057952, -0.00909008, 0.00551454, 0.02292208}),
		"b1": mat.NewDense(4, 1, []float64{0, 0, 0, 0}),
		"b2": mat.NewDense(1, 1, []float64{0}),
	}
	cache = map[string]*mat.Dense{
		"A1": mat.NewDense(4, 3, []float64{
			-0.00616578, 0.0020626, 0.00349619, -0.05225116, 0.02725659, -0.02646251,
			-0.02009721, 0.0036869, 0.02883756, 0.02152675, -0.01385234, 0.02599885}),
		"A2": mat.NewDense(1, 3, []float64{0.5002307, 0.49985831, 0.50023963}),
		"Z1": mat.NewDense(4, 3, []float64{
			-0.00616586, 0.0020626, 0.0034962, -0.05229879, 0.02726335, -0.02646869,
			-0.02009991, 0.00368692, 0.02884556, 0.02153007, -0.01385322, 0.02600471}),
		"Z2": mat.NewDense(1, 3, []float64{0.00092281, -0.00056678, 0.00095853}),
	}
	return parameters, cache, X, Y
}

// NotebookExpectedGradients are the gradients the notebook prints for
// BackwardPropagationTestCase (8 significant decimals).
func NotebookExpectedGradients() map[string]*mat.Dense {
	return map[string]*mat.Dense{
		"dW1": mat.NewDense(4, 2, []float64{0.00301023, -0.00747267, 0.00257968, -0.00641288, -0.00156892, 0.003893, -0.00652037, 0.01618243}),
		"db1": mat.NewDense(4, 1, []float64{0.00176201, 0.00150995, -0.00091736, -0.00381422}),
		"dW2": mat.NewDense(1, 4, []float64{0.00078841, 0.01765429, -0.00084166, -0.01022527}),
		"db2": mat.NewDense(1, 1, []float64{-0.16655712}),
	}
}

// GraderTestCase rebuilds the grader's backward_propagation_test fixture:
// np.random.seed(1), then X = randn(3, 7), Y = randn(1, 7) > 0,
// W1 = randn(9, 3), W2 = randn(1, 9), zero biases, and a cache of independent
// draws A1 = randn(9, 7), A2 = randn(1, 7), Z1 = randn(9, 7), Z2 = randn(1, 7).
// A1 is not tanh(Z1) here, on purpose.
func GraderTestCase() (parameters, cache map[string]*mat.Dense, X, Y *mat.Dense) {
	rng := nprand.New(1)
	X = rng.Randn(3, 7)
	Y = rng.Randn(1, 7)
	Y.Apply(func(_, _ int, v float64) float64 {
		if v > 0 {
			return 1
		}
		return 0
	}, Y)
	W1 := rng.Randn(9, 3) // drawn before W2: the order is the fixture
	W2 := rng.Randn(1, 9)
	parameters = map[string]*mat.Dense{"W1": W1, "W2": W2, "b1": mat.NewDense(9, 1, nil), "b2": mat.NewDense(1, 1, nil)}
	cache = map[string]*mat.Dense{}
	for _, k := range []struct {
		name string
		r, c int
	}{{"A1", 9, 7}, {"A2", 1, 7}, {"Z1", 9, 7}, {"Z2", 1, 7}} {
		cache[k.name] = rng.Randn(k.r, k.c)
	}
	return parameters, cache, X, Y
}
