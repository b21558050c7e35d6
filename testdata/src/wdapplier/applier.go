// Package wdapplier hands a derivative to gonum's Apply: the Z form over a
// matrix that holds the activation is a double activation; over the
// pre-activation it is right.
package wdapplier

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func sigmoid(_, _ int, v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func sigmoidPrime(_, _ int, v float64) float64 {
	s := 1 / (1 + math.Exp(-v))
	return s * (1 - s)
}

func forward(w, x *mat.Dense) (z, a *mat.Dense) {
	z = new(mat.Dense)
	z.Mul(w, x)
	a = new(mat.Dense)
	a.Apply(sigmoid, z)
	return z, a
}

func slope(w, x *mat.Dense) *mat.Dense {
	_, a := forward(w, x)
	var d mat.Dense
	d.Apply(sigmoidPrime, a) // want `slope applies sigmoid'\(·\) via sigmoidPrime to a, which already holds sigmoid \(returned together by forward at applier\.go:28\): the result is sigmoid'\(sigmoid\(z\)\); use v \* \(1 - v\) for each element v of a`
	return &d
}

func slopeOnZ(w, x *mat.Dense) *mat.Dense {
	z, _ := forward(w, x)
	var d mat.Dense
	d.Apply(sigmoidPrime, z)
	return &d
}
