// Package wdmixed writes sigmoid's derivative out in an autograd node's
// backward closure. s*(1-s) wants the node's output in both places; one
// closure mixes in the operand, another uses only the operand.
package wdmixed

import "math"

type node struct {
	v, g     float64
	backward func()
}

func newNode(v float64) *node { return &node{v: v, backward: func() {}} }

func (x *node) Sigmoid() *node {
	out := newNode(1 / (1 + math.Exp(-x.v)))
	out.backward = func() {
		x.g += out.v * (1 - x.v) * out.g // want `node.Sigmoid writes sigmoid's derivative with out.v, which holds sigmoid \(stored in out.v by newNode at mixed.go:16\), and x.v, its pre-activation: the form wants the activation in both places; use out.v \* \(1 - out.v\)`
	}
	return out
}

func (x *node) SigmoidOnInput() *node {
	out := newNode(1 / (1 + math.Exp(-x.v)))
	out.backward = func() {
		x.g += x.v * (1 - x.v) * out.g // want `node.SigmoidOnInput writes sigmoid's derivative on x.v, which is a pre-activation whose activation is stored elsewhere \(stored in out.v by newNode at mixed.go:24\): the form is right only on the activation`
	}
	return out
}

func (x *node) SigmoidRight() *node {
	out := newNode(1 / (1 + math.Exp(-x.v)))
	out.backward = func() {
		x.g += out.v * (1 - out.v) * out.g
	}
	return out
}

// siluPrime is SiLU's (x·σ(x)) derivative by the product rule: the
// complete form s*(1-s) times the operand, which is no mix.
func siluPrime(xs []float64, i int) float64 {
	s := 1 / (1 + math.Exp(-xs[i]))
	return xs[i]*s*(1-s) + s
}
