package applyfn

// Function values: a derivative helper passed to gonum's Apply, and an Apply
// closure over the pre-activation; the forward function returns both.

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func tanhPrime(_, _ int, z float64) float64 {
	t := math.Tanh(z)
	return 1 - t*t
}

func tanhPrimeOfA(_, _ int, a float64) float64 { return 1 - a*a }

func forward(W, X *mat.Dense) (Z, A *mat.Dense) {
	Z = new(mat.Dense)
	Z.Mul(W, X)
	A = new(mat.Dense)
	A.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, Z)
	return Z, A
}

func step(W, X, dA *mat.Dense) *mat.Dense {
	Z, A := forward(W, X)
	var d mat.Dense
	d.Apply(tanhPrime, Z) // want `step recomputes tanh'\(Z\) via tanhPrime but A already holds tanh \(returned together by forward at applyfn.go:28\); use 1 - a\*a for each a in A`
	d.MulElem(&d, dA)
	_ = A
	return &d
}

func stepCached(W, X, dA *mat.Dense) *mat.Dense {
	_, A := forward(W, X)
	var d mat.Dense
	d.Apply(tanhPrimeOfA, A)
	d.MulElem(&d, dA)
	return &d
}

func backward(W, X, dA *mat.Dense) *mat.Dense {
	Z, A := forward(W, X)
	var d mat.Dense
	d.Apply(func(_, _ int, v float64) float64 {
		t := math.Tanh(v) // want `backward recomputes tanh\(Z\) but A already holds tanh`
		return 1 - t*t
	}, Z)
	d.MulElem(&d, dA)
	_ = A
	return &d
}

func backwardCached(W, X, dA *mat.Dense) *mat.Dense {
	_, A := forward(W, X)
	var d mat.Dense
	d.Apply(func(_, _ int, v float64) float64 {
		t := v
		return 1 - t*t
	}, A)
	d.MulElem(&d, dA)
	return &d
}
