// Package factorypair builds each layer from a factory that returns an
// activation and its derivative together; a neuron applies the activation
// it is handed. The layer's two func fields come from one call, so the
// neuron's output holds what the derivative field recomputes.
package factorypair

import "math"

func sigmoid(v float64) float64      { return 1 / (1 + math.Exp(-v)) }
func sigmoidSlope(v float64) float64 { return sigmoid(v) * (1 - sigmoid(v)) }

// Sigmoid returns the activation and its derivative, written on z.
func Sigmoid() (func(float64) float64, func(float64) float64) { return sigmoid, sigmoidSlope }

type neuron struct {
	w        []float64
	sum, out float64
}

// fire is given the layer's activation by its only caller.
func (n *neuron) fire(x []float64, f func(float64) float64) {
	n.sum = 0
	for i := range x {
		n.sum += n.w[i] * x[i]
	}
	n.out = f(n.sum)
}

type layer struct {
	cells []*neuron
	f, df func(float64) float64
}

func newLayer(size int) *layer {
	f, df := Sigmoid()
	l := &layer{f: f, df: df}
	for range size {
		l.cells = append(l.cells, &neuron{})
	}
	return l
}

func (l *layer) forward(x []float64) {
	for _, n := range l.cells {
		n.fire(x, l.f)
	}
}

func (l *layer) delta(g []float64) {
	for i, n := range l.cells {
		g[i] *= l.df(n.sum) // want `layer\.delta recomputes sigmoid.\(n\.sum\) via df but n\.out already holds sigmoid \(assigned by neuron\.fire at factorypair\.go:26\); use n\.out \* \(1 - n\.out\)`
	}
}

// The twin: the factory's derivative is written on the output, and the
// backward pass hands it the output.
func SigmoidOut() (func(float64) float64, func(float64) float64) {
	return sigmoid, func(y float64) float64 { return y * (1 - y) }
}

type outLayer struct {
	cells []*neuron
	f, df func(float64) float64
}

func newOutLayer(size int) *outLayer {
	f, df := SigmoidOut()
	l := &outLayer{f: f, df: df}
	for range size {
		l.cells = append(l.cells, &neuron{})
	}
	return l
}

func (l *outLayer) forward(x []float64) {
	for _, n := range l.cells {
		n.fire(x, l.f)
	}
}

func (l *outLayer) delta(g []float64) {
	for i, n := range l.cells {
		g[i] *= l.df(n.out)
	}
}
