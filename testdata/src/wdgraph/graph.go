// Package wdgraph holds two small autograd engines whose nodes point at
// their operands: recursive types, where what flows through
// left.left.left… must stay bounded (walk.go, whose recursive walk once
// grew paths without end). graph.go's tanh writes the derivative out on
// the operand in one method and on the output in its twin.
package wdgraph

import "math"

type tensor struct {
	data, grad  [][]float64
	left, right *tensor
	back        func()
}

func newTensor(data [][]float64, left, right *tensor) *tensor {
	return &tensor{data: data, left: left, right: right, back: func() {}}
}

func like(t *tensor) [][]float64 {
	d := make([][]float64, len(t.data))
	for i := range d {
		d[i] = make([]float64, len(t.data[i]))
	}
	return d
}

func (t *tensor) Add(u *tensor) *tensor {
	d := like(t)
	for i := range d {
		for j := range d[i] {
			d[i][j] = t.data[i][j] + u.data[i][j]
		}
	}
	out := newTensor(d, t, u)
	out.grad = like(t)
	out.back = func() {
		for i := range d {
			for j := range d[i] {
				t.grad[i][j] += out.grad[i][j]
				u.grad[i][j] += out.grad[i][j]
			}
		}
	}
	return out
}

func (t *tensor) TanhOnInput() *tensor {
	d := like(t)
	for i := range d {
		for j := range d[i] {
			d[i][j] = math.Tanh(t.data[i][j])
		}
	}
	out := newTensor(d, t, nil)
	out.grad = like(t)
	out.back = func() {
		for i := range d {
			for j := range d[i] {
				t.grad[i][j] += (1 - t.data[i][j]*t.data[i][j]) * out.grad[i][j] // want `tensor.TanhOnInput writes tanh's derivative on t.data\[i\]\[j\], which is a pre-activation whose activation is stored elsewhere \(stored in out.data by newTensor at graph.go:55\): the form is right only on the activation`
			}
		}
	}
	return out
}

func (t *tensor) Tanh() *tensor {
	d := like(t)
	for i := range d {
		for j := range d[i] {
			d[i][j] = math.Tanh(t.data[i][j])
		}
	}
	out := newTensor(d, t, nil)
	out.grad = like(t)
	out.back = func() {
		for i := range d {
			for j := range d[i] {
				t.grad[i][j] += (1 - out.data[i][j]*out.data[i][j]) * out.grad[i][j]
			}
		}
	}
	return out
}

// backward runs every node's step, operands after the nodes made from them.
func (t *tensor) backward() {
	t.back()
	for _, c := range []*tensor{t.left, t.right} {
		if c != nil {
			c.backward()
		}
	}
}
