// Package packedgates keeps an LSTM's four gate pre-activations in one
// slice at offsets and each gate's output in a field of its own. A
// message must name the field that holds the gate it recomputes.
package packedgates

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

type cell struct {
	n          int
	gates      []float64 // i, f, o, g pre-activations, n each
	i, f, o, g []float64
}

func (c *cell) forward(x []float64) {
	for k := 0; k < c.n; k++ {
		c.gates[k] = x[k]
		c.gates[c.n+k] = x[k] / 2
		c.gates[2*c.n+k] = x[k] / 3
		c.gates[3*c.n+k] = x[k] / 4
		c.i[k] = sigmoid(c.gates[k])
		c.f[k] = sigmoid(c.gates[c.n+k])
		c.o[k] = sigmoid(c.gates[2*c.n+k])
		c.g[k] = math.Tanh(c.gates[3*c.n+k])
	}
}

func (c *cell) backward(dg []float64) []float64 {
	d := make([]float64, 4*c.n)
	for k := 0; k < c.n; k++ {
		so := sigmoid(c.gates[2*c.n+k]) // want `cell\.backward recomputes sigmoid\(c\.gates\[2\*c\.n\+k\]\) via sigmoid, which forward already stores \(assigned by cell\.forward at lstm\.go:22 among others\): the container packs several activations' arguments at offsets, so read this element's stored sigmoid rather than recompute it`
		d[2*c.n+k] = dg[k] * so * (1 - so)
		tg := math.Tanh(c.gates[3*c.n+k]) // want `cell\.backward recomputes tanh\(c\.gates\[3\*c\.n\+k\]\), which forward already stores \(assigned by cell\.forward at lstm\.go:25 among others\): the container packs several activations' arguments at offsets, so read this element's stored tanh rather than recompute it`
		d[3*c.n+k] = dg[k] * (1 - tg*tg)
	}
	return d
}

func (c *cell) backwardCached(dg []float64) []float64 {
	d := make([]float64, 4*c.n)
	for k := 0; k < c.n; k++ {
		d[2*c.n+k] = dg[k] * c.o[k] * (1 - c.o[k])
		d[3*c.n+k] = dg[k] * (1 - c.g[k]*c.g[k])
	}
	return d
}
