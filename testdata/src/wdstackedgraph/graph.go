// Package wdstackedgraph is a scalar autograd engine whose program stacks
// one activation on another: tanh of an exp node. Each node's forward
// step computes its activation of the operand's value and its backward
// step writes the derivative on that result, which is right whatever the
// operand holds.
package wdstackedgraph

import "math"

type value struct {
	data, grad float64
	back       func()
}

func (v *value) Exp() *value {
	e := math.Exp(v.data)
	out := &value{data: e}
	out.back = func() { v.grad += e * out.grad }
	return out
}

func (v *value) Tanh() *value {
	x := v.data
	t := math.Tanh(x)
	out := &value{data: t}
	out.back = func() { v.grad += (1 - t*t) * out.grad }
	return out
}

// TanhAgain's backward step computes tanh once more, of the node's own
// output: tanh'(tanh(z)).
func (v *value) TanhAgain() *value {
	out := &value{data: math.Tanh(v.data)}
	out.back = func() {
		s := math.Tanh(out.data) // want `value\.TanhAgain applies tanh\(·\) inside a derivative to out\.data, which already holds tanh\(v\.data\) \(assigned by value\.TanhAgain at graph\.go:33\): the result is tanh.\(tanh\(z\)\)`
		v.grad += (1 - s*s) * out.grad
	}
	return out
}

func model(x float64) *value {
	in := &value{data: x}
	return in.Exp().Tanh().TanhAgain()
}
