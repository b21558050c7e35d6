// Package wdinline writes the derivative out inside a closure over an
// operation's output: σ(v)(1-σ(v)) of a value that already holds σ. The
// twin does the same over the operation's input.
package wdinline

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

type op struct {
	x, y []float64
}

func (o *op) forward(x []float64) {
	o.x = x
	o.y = make([]float64, len(x))
	for i, v := range x {
		o.y[i] = sigmoid(v)
	}
}

func (o *op) backward(g []float64) {
	d := make([]float64, len(g))
	for i, v := range o.y {
		s := sigmoid(v) // want `op\.backward applies sigmoid\(·\) inside a derivative to v, which already holds sigmoid\(o\.x\) \(assigned by op\.forward at inline\.go:18\): the result is sigmoid'\(sigmoid\(z\)\); use v itself`
		d[i] = g[i] * s * (1 - s)
	}
}

func (o *op) backwardOnInput(g []float64) {
	d := make([]float64, len(g))
	for i, v := range o.x {
		s := sigmoid(v)
		d[i] = g[i] * s * (1 - s)
	}
}
