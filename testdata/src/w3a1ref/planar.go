package w3a1ref

// Package w3a1ref is the reference port: the backward pass reads the
// cached activation, 1 - A1², and is right on every fixture.

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func forward_propagation(X *mat.Dense, parameters map[string]*mat.Dense) (*mat.Dense, map[string]*mat.Dense) {
	W1, b1 := parameters["W1"], parameters["b1"]
	W2, b2 := parameters["W2"], parameters["b2"]

	var Z1 mat.Dense
	Z1.Mul(W1, X)
	Z1.Apply(func(i, _ int, v float64) float64 { return v + b1.At(i, 0) }, &Z1)
	var A1 mat.Dense
	A1.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, &Z1)
	var Z2 mat.Dense
	Z2.Mul(W2, &A1)
	Z2.Apply(func(i, _ int, v float64) float64 { return v + b2.At(i, 0) }, &Z2)
	var A2 mat.Dense
	A2.Apply(func(_, _ int, v float64) float64 { return 1 / (1 + math.Exp(-v)) }, &Z2)

	cache := map[string]*mat.Dense{"Z1": &Z1, "A1": &A1, "Z2": &Z2, "A2": &A2}
	return &A2, cache
}

func backward_propagation(parameters, cache map[string]*mat.Dense, X, Y *mat.Dense) map[string]*mat.Dense {
	_, m := X.Dims()
	W2 := parameters["W2"]
	A1 := cache["A1"]
	A2 := cache["A2"]

	var dZ2 mat.Dense
	dZ2.Sub(A2, Y)
	var dW2 mat.Dense
	dW2.Mul(&dZ2, A1.T())
	dW2.Scale(1/float64(m), &dW2)
	db2 := mat.NewDense(1, 1, []float64{mat.Sum(&dZ2) / float64(m)})

	var dZ1 mat.Dense
	dZ1.Mul(W2.T(), &dZ2)
	dZ1.Apply(func(i, j int, v float64) float64 {
		t := A1.At(i, j)
		return v * (1 - t*t)
	}, &dZ1)
	var dW1 mat.Dense
	dW1.Mul(&dZ1, X.T())
	dW1.Scale(1/float64(m), &dW1)
	r, _ := dZ1.Dims()
	db1 := mat.NewDense(r, 1, nil)
	for i := 0; i < r; i++ {
		db1.Set(i, 0, mat.Sum(dZ1.RowView(i))/float64(m))
	}
	return map[string]*mat.Dense{"dW1": &dW1, "db1": db1, "dW2": &dW2, "db2": db2}
}
