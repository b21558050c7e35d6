// Package litnodes builds autograd nodes as composite literals, by
// pointer and by value, and sets their backward closure afterwards.
package litnodes

import "math"

type Value struct {
	data, grad float64
	backward   func()
}

func (v *Value) Tanh() *Value {
	out := &Value{data: math.Tanh(v.data)}
	out.backward = func() {
		t := math.Tanh(v.data) // want `Value\.Tanh recomputes tanh\(v\.data\) but out\.data already holds tanh \(assigned by Value\.Tanh at lit\.go:13\); use 1 - out\.data\*out\.data`
		v.grad += (1 - t*t) * out.grad
	}
	return out
}

func (v *Value) TanhCached() *Value {
	out := &Value{data: math.Tanh(v.data)}
	out.backward = func() {
		v.grad += (1 - out.data*out.data) * out.grad
	}
	return out
}

func (v *Value) Exp() Value {
	out := Value{data: math.Exp(v.data)}
	out.backward = func() {
		v.grad += math.Exp(v.data) * out.grad // want `Value\.Exp recomputes exp\(v\.data\) but out\.data already holds exp \(assigned by Value\.Exp at lit\.go:30\); use out\.data`
	}
	return out
}

func (v *Value) ExpCached() Value {
	out := Value{data: math.Exp(v.data)}
	out.backward = func() {
		v.grad += out.data * out.grad
	}
	return out
}
