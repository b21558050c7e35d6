package ifacemixed

// The twin of iface: a second implementation makes the interface method no
// single helper. Forward stored value through the same interface on the
// same sum, so a call of Derivative recomputes what value holds whenever
// the layer's activation is Tanh: reported, naming Tanh, with no fix. An
// interface whose implementations recompute nothing (Shape) stays silent.

import "math"

type Activation interface {
	F(x float64) float64
	Derivative(x float64) float64
}

type Tanh struct{}

func (Tanh) F(x float64) float64 { return math.Tanh(x) }

func (Tanh) Derivative(x float64) float64 {
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
		d[i] *= l.act.Derivative(l.sum[i]) // want `Layer.Backward recomputes the derivative of l.sum\[i\] via Derivative \(Tanh.Derivative recomputes tanh\) but l.value already holds tanh or another activation \(assigned by Layer.Forward at ifacemixed.go:34\); use the derivative written on l.value\[i\]`
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

// Shape's implementations recompute nothing: calls through it are silent.
type Shape interface {
	Apply(x float64) float64
	Slope(x float64) float64
}

type Relu struct{}

type Softsign struct{}

func (Softsign) Apply(x float64) float64 { return x / (1 + abs(x)) }

func (Softsign) Slope(x float64) float64 { return 1 / ((1 + abs(x)) * (1 + abs(x))) }

func abs(x float64) float64 { return max(x, -x) }

func (Relu) Apply(x float64) float64 { return max(0, x) }

func (Relu) Slope(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}

type Shaped struct {
	shape Shape
	sum   []float64
	value []float64
}

func (l *Shaped) Forward(x []float64) {
	for i := range x {
		l.sum[i] = x[i]
		l.value[i] = l.shape.Apply(l.sum[i])
	}
}

func (l *Shaped) Backward(d []float64) {
	for i := range d {
		d[i] *= l.shape.Slope(l.sum[i])
	}
}
