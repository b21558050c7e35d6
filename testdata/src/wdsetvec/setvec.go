// Package wdsetvec writes its activation helpers over gonum vectors: each
// fills a fresh vector element by element with SetVec and returns it. The
// derivative helper recomputes the sigmoid of what it is given (the Z
// form), so it is right on the pre-activation and wrong on the output.
package wdsetvec

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func squash(v *mat.VecDense) *mat.VecDense {
	out := mat.NewVecDense(v.Len(), nil)
	for i := 0; i < v.Len(); i++ {
		out.SetVec(i, logistic(v.AtVec(i)))
	}
	return out
}

func squashSlope(v *mat.VecDense) *mat.VecDense {
	out := mat.NewVecDense(v.Len(), nil)
	for i := 0; i < v.Len(); i++ {
		s := logistic(v.AtVec(i))
		out.SetVec(i, s*(1-s))
	}
	return out
}

type unit struct{ pre, post *mat.VecDense }

func (u *unit) forward(x *mat.VecDense) {
	u.pre = x
	u.post = squash(x)
}

func (u *unit) backwardOnOutput(g *mat.VecDense) {
	g.MulElemVec(g, squashSlope(u.post)) // want `unit\.backwardOnOutput applies sigmoid'\(·\) via squashSlope to u\.post, which already holds sigmoid\(u\.pre\) \(assigned by unit\.forward at setvec\.go:36\): the result is sigmoid'\(sigmoid\(z\)\); use v \* \(1 - v\) for each element v of u\.post`
}

func (u *unit) backward(g *mat.VecDense) {
	g.MulElemVec(g, squashSlope(u.pre))
}
