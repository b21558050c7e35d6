package autograd

// A micrograd-style engine: the constructor stores the activation in the
// new node's v, and the backward closure can read out.v instead of
// recomputing tanh or exp of the operand.

import "math"

type node struct {
	v, g     float64
	prev     []*node
	backward func()
}

func newNode(v float64, prev ...*node) *node {
	return &node{v: v, prev: prev, backward: func() {}}
}

func (x *node) Tanh() *node {
	out := newNode(math.Tanh(x.v), x)
	out.backward = func() {
		x.g += (1 - math.Pow(math.Tanh(x.v), 2)) * out.g // want `node.Tanh recomputes tanh\(x.v\) but out.v already holds tanh \(stored in out.v by newNode at autograd.go:20\); use 1 - out.v\*out.v`
	}
	return out
}

func (x *node) Exp() *node {
	out := newNode(math.Exp(x.v), x)
	out.backward = func() {
		x.g += math.Exp(x.v) * out.g // want `node.Exp recomputes exp\(x.v\) but out.v already holds exp \(stored in out.v by newNode at autograd.go:28\); use out.v`
	}
	return out
}

// TanhCached keeps tanh in a captured local and uses it.
func (x *node) TanhCached() *node {
	t := math.Tanh(x.v)
	out := newNode(t, x)
	out.backward = func() {
		x.g += (1 - t*t) * out.g
	}
	return out
}

// engine passes the output node to the closure, whose parameter shadows out.
type engine struct {
	v, g     float64
	backward func(out *engine)
}

func newEngine(v float64) *engine {
	e := engine{}
	e.v = v
	return &e
}

func (x *engine) Exp() *engine {
	out := newEngine(math.Exp(x.v))
	out.backward = func(out *engine) {
		x.g += math.Exp(x.v) * out.g
	}
	return out
}

// Sum builds its node from something that is no activation.
func (x *node) Sum(y *node) *node {
	out := newNode(x.v+y.v, x, y)
	out.backward = func() {
		x.g += math.Exp(x.v) * 0
	}
	return out
}
