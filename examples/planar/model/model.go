// Package model is a Go port of the "planar data classification with one
// hidden layer" exercise (deep learning course 1, week 3): a 2-layer network
// X → tanh → sigmoid trained with cross-entropy, parameters and cache kept in
// maps keyed "W1", "b1", "Z1", "A1", … as the course keeps them.
//
// It is the reference that the rest of nnvet is checked against: its
// backward pass uses the cached activation (1 − A1²), never tanh(Z1) again.
package model

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck/nprand"
)

// LayerSizes returns the sizes of the input layer, the hidden layer (4, as
// in the course) and the output layer.
func LayerSizes(X, Y *mat.Dense) (nx, nh, ny int) {
	nx, _ = X.Dims()
	ny, _ = Y.Dims()
	return nx, 4, ny
}

// InitializeParameters draws W1 (nh×nx) and W2 (ny×nh) from rng scaled by
// 0.01, in that order, with zero biases, as the course does after
// np.random.seed.
func InitializeParameters(nx, nh, ny int, rng *nprand.RandomState) map[string]*mat.Dense {
	W1 := rng.Randn(nh, nx)
	W1.Scale(0.01, W1)
	W2 := rng.Randn(ny, nh)
	W2.Scale(0.01, W2)
	return map[string]*mat.Dense{
		"W1": W1, "b1": mat.NewDense(nh, 1, nil),
		"W2": W2, "b2": mat.NewDense(ny, 1, nil),
	}
}

// ForwardPropagation computes A2 and the cache Z1, A1, Z2, A2.
func ForwardPropagation(X *mat.Dense, parameters map[string]*mat.Dense) (A2 *mat.Dense, cache map[string]*mat.Dense) {
	W1, b1 := parameters["W1"], parameters["b1"]
	W2, b2 := parameters["W2"], parameters["b2"]

	Z1 := affine(W1, X, b1)
	A1 := apply(math.Tanh, Z1)
	Z2 := affine(W2, A1, b2)
	A2 = apply(sigmoid, Z2)
	return A2, map[string]*mat.Dense{"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
}

// affine returns W·X + b with b broadcast along the columns.
func affine(W, X, b *mat.Dense) *mat.Dense {
	var Z mat.Dense
	Z.Mul(W, X)
	Z.Apply(func(i, _ int, v float64) float64 { return v + b.At(i, 0) }, &Z)
	return &Z
}

func apply(f func(float64) float64, Z *mat.Dense) *mat.Dense {
	var A mat.Dense
	A.Apply(func(_, _ int, v float64) float64 { return f(v) }, Z)
	return &A
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// ComputeCost is the cross-entropy −(1/m)·Σ(Y·log A2 + (1−Y)·log(1−A2)).
func ComputeCost(A2, Y *mat.Dense) float64 {
	_, m := Y.Dims()
	var sum float64
	for j := 0; j < m; j++ {
		a, y := A2.At(0, j), Y.At(0, j)
		sum += math.Log(a)*y + (1-y)*math.Log(1-a)
	}
	return -sum / float64(m)
}

// BackwardPropagation returns dW1, db1, dW2, db2. It reads W2 and the cached
// A1 and A2; the hidden layer's derivative is 1 − A1², from the activation
// the forward pass already computed.
func BackwardPropagation(parameters, cache map[string]*mat.Dense, X, Y *mat.Dense) map[string]*mat.Dense {
	_, m := X.Dims()
	W2 := parameters["W2"]
	A1, A2 := cache["A1"], cache["A2"]

	var dZ2 mat.Dense
	dZ2.Sub(A2, Y)
	var dW2 mat.Dense
	dW2.Mul(&dZ2, A1.T())
	dW2.Scale(1/float64(m), &dW2)
	db2 := sumColumns(&dZ2, m)

	var dZ1 mat.Dense
	dZ1.Mul(W2.T(), &dZ2)
	dZ1.Apply(func(i, j int, v float64) float64 {
		a := A1.At(i, j)
		return v * (1 - a*a)
	}, &dZ1)
	var dW1 mat.Dense
	dW1.Mul(&dZ1, X.T())
	dW1.Scale(1/float64(m), &dW1)
	db1 := sumColumns(&dZ1, m)

	return map[string]*mat.Dense{"dW1": &dW1, "db1": db1, "dW2": &dW2, "db2": db2}
}

// sumColumns returns (1/m)·Σ over the columns of dZ, one row per row of dZ
// (numpy's np.sum(dZ, axis=1, keepdims=True)/m).
func sumColumns(dZ *mat.Dense, m int) *mat.Dense {
	r, _ := dZ.Dims()
	s := mat.NewDense(r, 1, nil)
	for i := 0; i < r; i++ {
		s.Set(i, 0, mat.Sum(dZ.RowView(i))/float64(m))
	}
	return s
}

// UpdateParameters takes one gradient-descent step in place.
func UpdateParameters(parameters, grads map[string]*mat.Dense, learningRate float64) {
	for _, name := range []string{"W1", "b1", "W2", "b2"} {
		var step mat.Dense
		step.Scale(learningRate, grads["d"+name])
		parameters[name].Sub(parameters[name], &step)
	}
}

// NNModel trains a network with nh hidden units for iterations steps of
// gradient descent at learning rate 1.2, after seeding numpy's stream with 3
// as the course does. When every > 0 it calls progress with the cost before
// the update of every every-th iteration.
func NNModel(X, Y *mat.Dense, nh, iterations int, every int, progress func(iteration int, cost float64)) map[string]*mat.Dense {
	nx, _, ny := LayerSizes(X, Y)
	parameters := InitializeParameters(nx, nh, ny, nprand.New(3))
	for i := 0; i < iterations; i++ {
		A2, cache := ForwardPropagation(X, parameters)
		if every > 0 && i%every == 0 && progress != nil {
			progress(i, ComputeCost(A2, Y))
		}
		grads := BackwardPropagation(parameters, cache, X, Y)
		UpdateParameters(parameters, grads, 1.2)
	}
	return parameters
}

// Predict returns 1 where the network's output exceeds 0.5, else 0.
func Predict(parameters map[string]*mat.Dense, X *mat.Dense) *mat.Dense {
	A2, _ := ForwardPropagation(X, parameters)
	var p mat.Dense
	p.Apply(func(_, _ int, v float64) float64 {
		if v > 0.5 {
			return 1
		}
		return 0
	}, A2)
	return &p
}

// Accuracy is the percentage of predictions equal to the labels.
func Accuracy(predictions, Y *mat.Dense) float64 {
	_, m := Y.Dims()
	correct := 0
	for j := 0; j < m; j++ {
		if predictions.At(0, j) == Y.At(0, j) {
			correct++
		}
	}
	return 100 * float64(correct) / float64(m)
}

// LoadPlanarDataset returns the 400-point "flower" (X is 2×400, Y is 1×400)
// generated as the course generates it after np.random.seed(1).
func LoadPlanarDataset() (X, Y *mat.Dense) {
	rng := nprand.New(1)
	const m, n, a = 400, 200, 4.0
	X = mat.NewDense(2, m, nil)
	Y = mat.NewDense(1, m, nil)
	for j := 0; j < 2; j++ {
		t := linspace(float64(j)*3.12, float64(j+1)*3.12, n)
		for i := range t {
			t[i] += rng.NormFloat64() * 0.2
		}
		r := make([]float64, n)
		for i := range r {
			r[i] = a * math.Sin(4*t[i])
		}
		for i := range r {
			r[i] += rng.NormFloat64() * 0.2
		}
		for i := 0; i < n; i++ {
			col := j*n + i
			X.Set(0, col, r[i]*math.Sin(t[i]))
			X.Set(1, col, r[i]*math.Cos(t[i]))
			Y.Set(0, col, float64(j))
		}
	}
	return X, Y
}

// linspace is numpy's linspace(start, stop, num): i·step + start with the
// last point set to stop exactly.
func linspace(start, stop float64, num int) []float64 {
	step := (stop - start) / float64(num-1)
	y := make([]float64, num)
	for i := range y {
		y[i] = float64(float64(i)*step) + start
	}
	y[num-1] = stop
	return y
}
