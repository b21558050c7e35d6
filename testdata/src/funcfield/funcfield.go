package funcfield

// Activation functions stored in func-typed fields of a layer.

import "math"

type Layer struct {
	act, actPrime func(float64) float64
	sum           []float64
	out           []float64
}

func tanhPrime(x float64) float64 {
	t := math.Tanh(x)
	return 1 - t*t
}

func newLayer(n int) *Layer {
	return &Layer{act: math.Tanh, actPrime: tanhPrime, sum: make([]float64, n), out: make([]float64, n)}
}

func (l *Layer) forward(x []float64) {
	for i := range x {
		l.sum[i] = 2 * x[i]
		l.out[i] = l.act(l.sum[i])
	}
}

func (l *Layer) backward(d []float64) {
	for i := range d {
		d[i] *= l.actPrime(l.sum[i]) // want `Layer.backward recomputes tanh'\(l.sum\[i\]\) via actPrime but l.out already holds tanh \(assigned by Layer.forward at funcfield.go:25\); use 1 - l.out\[i\]\*l.out\[i\]`
	}
}

func (l *Layer) backwardCached(d []float64) {
	for i := range d {
		d[i] *= 1 - l.out[i]*l.out[i]
	}
}

// Scorer's func field is assigned two different functions, one of which
// recomputes: forward stored out through the same field on the same sum,
// so backward's call recomputes what out holds whenever f is math.Tanh.
type Scorer struct {
	f   func(float64) float64
	sum []float64
	out []float64
}

func newScorers() []*Scorer {
	return []*Scorer{{f: math.Tanh}, {f: math.Abs}}
}

func (s *Scorer) forward(x []float64) {
	for i := range x {
		s.sum[i] = x[i]
		s.out[i] = s.f(s.sum[i])
	}
}

func (s *Scorer) backward(d []float64) {
	for i := range d {
		d[i] *= s.f(s.sum[i]) // want `Scorer.backward recomputes the activation of s.sum\[i\] via f \(math.Tanh recomputes tanh\) but s.out already holds tanh or another activation \(assigned by Scorer.forward at funcfield.go:57\); use s.out\[i\]`
	}
}

// Rectifier's field holds only functions that recompute nothing cached.
type Rectifier struct {
	f   func(float64) float64
	sum []float64
	out []float64
}

func relu(x float64) float64 { return max(0, x) }

func newRectifiers() []*Rectifier {
	return []*Rectifier{{f: relu}, {f: math.Abs}}
}

func (r *Rectifier) forward(x []float64) {
	for i := range x {
		r.sum[i] = x[i]
		r.out[i] = r.f(r.sum[i])
	}
}

func (r *Rectifier) backward(d []float64) {
	for i := range d {
		d[i] *= r.f(r.sum[i])
	}
}
