package ifacemixed

// The twin of iface: a second implementation makes the interface method no
// single helper, so a call through it is not known to recompute tanh.

import "math"

type Activation interface {
	F(x float64) float64
	Derivative(x float64) float64
}

type Tanh struct{}

func (Tanh) F(x float64) float64 { return math.Tanh(x) } // want F:"tanh activation of param 0"

func (Tanh) Derivative(x float64) float64 { // want Derivative:"tanh derivative of param 0"
	t := math.Tanh(x)
	return 1 - t*t
}

type Layer struct {
	act   Activation
	sum   []float64
	value []float64
}

func (l *Layer) Forward(x []float64) {
	for i := range x {
		l.sum[i] = x[i]
		l.value[i] = l.act.F(l.sum[i])
	}
}

func (l *Layer) Backward(d []float64) {
	for i := range d {
		d[i] *= l.act.Derivative(l.sum[i])
	}
}

func (l *Layer) BackwardCached(d []float64) {
	for i := range d {
		d[i] *= 1 - l.value[i]*l.value[i]
	}
}

type Identity struct{}

func (Identity) F(x float64) float64 { return x }

func (Identity) Derivative(float64) float64 { return 1 }
