// Package pairapplier hands an element of a returned pair to gonum's
// Apply: the pre-activations and the activations come from one forward
// call, and the derivative is applied to the pre-activation.
package pairapplier

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func sigmoid(_, _ int, v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func sigmoidPrime(_, _ int, v float64) float64 {
	s := 1 / (1 + math.Exp(-v))
	return s * (1 - s)
}

func primeOfOutput(_, _ int, a float64) float64 { return a * (1 - a) }

type net struct{ ws []*mat.Dense }

func (n *net) forward(x *mat.Dense) (zs, as []*mat.Dense) {
	a := x
	for _, w := range n.ws {
		var z, s mat.Dense
		z.Mul(w, a)
		s.Apply(sigmoid, &z)
		zs = append(zs, &z)
		as = append(as, &s)
		a = &s
	}
	return zs, as
}

func (n *net) delta(x *mat.Dense) (*mat.Dense, *mat.Dense) {
	zs, as := n.forward(x)
	last := len(zs) - 1
	var d mat.Dense
	d.Apply(sigmoidPrime, zs[last]) // want `net\.delta recomputes sigmoid'\(zs\[last\]\) via sigmoidPrime but as\[last\] already holds sigmoid \(returned together by forward at pair\.go:37\); use a \* \(1 - a\) for each a in as\[last\]`
	return &d, as[last]
}

func (n *net) deltaCached(x *mat.Dense) (*mat.Dense, *mat.Dense) {
	_, as := n.forward(x)
	last := len(as) - 1
	var d mat.Dense
	d.Apply(primeOfOutput, as[last])
	return &d, as[last]
}
