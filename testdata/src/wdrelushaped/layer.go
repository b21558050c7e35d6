// Package wdrelushaped picks a layer's activation and derivative by name
// into two func fields. The ReLU entry of the derivative is written like
// ReLU itself (x for x > 0): a bug of its own, but not one of the value it
// is given, as relu(relu(z)) = relu(z); on the output it gives what it
// would give on the pre-activation. The other entries are written on the
// output, and the output is what the layer passes.
package wdrelushaped

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func relu(x float64) float64 {
	if x > 0 {
		return x
	}
	return 0
}

func sigmoidSlope(y float64) float64 { return y * (1 - y) }
func tanhSlope(y float64) float64    { return 1 - y*y }
func sigmoidSlopeAtZ(z float64) float64 {
	s := sigmoid(z)
	return s * (1 - s)
}

// reluSlope returns x where 1 is meant.
func reluSlope(x float64) float64 {
	if x > 0 {
		return x
	}
	return 0
}

type layer struct {
	fn, slope func(float64) float64
	out       []float64
}

func newLayer(name string, zForm bool) *layer {
	l := &layer{}
	switch name {
	case "sigmoid":
		l.fn, l.slope = sigmoid, sigmoidSlope
		if zForm {
			l.fn, l.slope = sigmoid, sigmoidSlopeAtZ
		}
	case "tanh":
		l.fn, l.slope = math.Tanh, tanhSlope
	case "relu":
		l.fn, l.slope = relu, reluSlope
	}
	return l
}

func (l *layer) forward(x []float64) {
	for i, v := range x {
		l.out[i] = l.fn(v)
	}
}

func (l *layer) backward(g []float64) {
	for i := range g {
		g[i] *= l.slope(l.out[i]) // want `layer\.backward applies the derivative via slope to l\.out\[i\], which holds tanh, sigmoid, relu or another activation \(assigned by layer\.forward at layer\.go:58\): sigmoidSlopeAtZ computes its derivative on the pre-activation, and is wrong on an output$`
	}
}
