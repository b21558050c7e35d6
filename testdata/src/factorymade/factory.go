// Package factorymade asks a factory for a layer's activation and another
// for its derivative, by the kind the layer carries. The derivative
// factory's cases recompute their activation of what they are given; the
// output factory's are written on the activation.
package factorymade

import "math"

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func identity(v float64) float64 { return v }

func activationFor(kind string) func(float64) float64 {
	switch kind {
	case "tanh":
		return math.Tanh
	case "sigmoid":
		return sigmoid
	case "linear":
		return identity
	}
	return nil
}

func slopeFor(kind string) func(float64) float64 {
	switch kind {
	case "relu":
		return func(v float64) float64 {
			if v > 0 {
				return 1
			}
			return 0
		}
	case "tanh":
		return func(v float64) float64 {
			t := math.Tanh(v)
			return 1 - t*t
		}
	case "sigmoid":
		return func(v float64) float64 {
			s := sigmoid(v)
			return s * (1 - s)
		}
	}
	return nil
}

func slopeOfOutputFor(kind string) func(float64) float64 {
	if kind == "tanh" {
		return func(y float64) float64 { return 1 - y*y }
	}
	return func(y float64) float64 { return y * (1 - y) }
}

type layer struct {
	kind string
	z, a []float64
}

func (l *layer) forward(x []float64) {
	act := activationFor(l.kind)
	for i, v := range x {
		l.z[i] = v
		l.a[i] = act(v)
	}
}

func (l *layer) backward(g []float64) {
	slope := slopeFor(l.kind)
	for i := range g {
		g[i] *= slope(l.z[i]) // want `layer\.backward recomputes the derivative of l\.z\[i\] via slope \(its tanh and sigmoid cases recompute their activation\) but l\.a already holds tanh, sigmoid or another activation \(assigned by layer\.forward at factory\.go:64\); use the derivative written on l\.a\[i\]`
	}
}

func (l *layer) backwardDirect(g []float64) {
	for i := range g {
		g[i] *= slopeFor(l.kind)(l.z[i]) // want `layer\.backwardDirect recomputes the derivative of l\.z\[i\] via slopeFor \(its tanh and sigmoid cases`
	}
}

// The twin: the derivative written on the output, given the output.
func (l *layer) backwardOutput(g []float64) {
	slope := slopeOfOutputFor(l.kind)
	for i := range g {
		g[i] *= slope(l.a[i])
	}
}

// A layer that keeps no activation: recomputing it is the design.
type bare struct {
	kind string
	z    []float64
}

func (b *bare) forward(x []float64) []float64 {
	act := activationFor(b.kind)
	out := make([]float64, len(x))
	for i, v := range x {
		b.z[i] = v
		out[i] = act(v)
	}
	return out
}

func (b *bare) backward(g []float64) {
	slope := slopeFor(b.kind)
	for i := range g {
		g[i] *= slope(b.z[i])
	}
}
