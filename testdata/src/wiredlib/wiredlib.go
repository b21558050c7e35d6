// Package wiredlib is a network whose activation and derivative its user
// chooses: the constructors store them, and only an importer knows which
// functions they are (see wiredcfg and wiredcfgok).
package wiredlib

import "math"

// Func is an activation or its derivative.
type Func func(float64) float64

// Net applies its derivative to the output it kept.
type Net struct {
	act, actPrime Func
	z, a          []float64
}

func New(n int, act, actPrime Func) *Net {
	return &Net{act: act, actPrime: actPrime, z: make([]float64, n), a: make([]float64, n)}
}

func (n *Net) Forward(x []float64) []float64 {
	for i, v := range x {
		n.z[i] = 2 * v
		n.a[i] = n.act(n.z[i])
	}
	return n.a
}

func (n *Net) Backward(grad []float64) {
	for i := range grad {
		grad[i] *= n.actPrime(n.a[i]) // wired wrongderiv `Net.Backward applies actPrime to n.a\[i\], which holds the output of act .*wiredlib.SigmoidPrime for actPrime, wiredlib.Sigmoid for act at wiredcfg.go:\d+: wiredlib.SigmoidPrime recomputes sigmoid of its argument, so the result is sigmoid'\(sigmoid\(z\)\)` // wired wrongderiv `wiredlib.SigmoidOut is sigmoid's derivative written on its output, and n.a\[i\] holds a tanh output`
	}
}

// ZNet keeps only the pre-activation and applies the derivative to it:
// right for a derivative written on it.
type ZNet struct {
	act, actPrime Func
	z             []float64
}

func NewZ(n int, act, actPrime Func) *ZNet {
	return &ZNet{act: act, actPrime: actPrime, z: make([]float64, n)}
}

func (n *ZNet) Forward(x []float64) []float64 {
	a := make([]float64, len(x))
	for i, v := range x {
		n.z[i] = 2 * v
		a[i] = n.act(n.z[i])
	}
	return a
}

func (n *ZNet) Backward(grad []float64) {
	for i := range grad {
		grad[i] *= n.actPrime(n.z[i]) // wired wrongderiv `ZNet.Backward applies actPrime to n.z\[i\], which is the argument of act .*wiredlib.TanhOut for actPrime, wiredlib.Tanh for act at wiredcfg.go:\d+: wiredlib.TanhOut is written on the output, and n.z\[i\] is the pre-activation` // wired wrongderiv `wiredlib.TanhPrime is tanh's derivative, and n.z\[i\] is the argument of sigmoid`
	}
}

// Layer keeps its input and its output, and applies the derivative to the
// input: a derivative that recomputes the activation recomputes l.out.
type Layer struct {
	act, prime Func
	in, out    []float64
}

func NewLayer(act, prime Func) *Layer { return &Layer{act: act, prime: prime} }

func (l *Layer) Forward(x []float64) []float64 {
	l.in = x
	l.out = make([]float64, len(x))
	for i := range x {
		l.out[i] = l.act(x[i])
	}
	return l.out
}

func (l *Layer) Backward(grad []float64) {
	for i := range grad {
		grad[i] *= l.prime(l.in[i]) // wired recomputeact `Layer.Backward recomputes tanh'\(l.in\[i\]\) via prime but l.out\[i\] already holds tanh .*wiredlib.TanhPrime for prime, wiredlib.Tanh for act at wiredcfg.go:\d+; use 1 - l.out\[i\]\*l.out\[i\]`
	}
}

// Streaming is Layer's twin that keeps no output: the derivative has
// nothing to read instead.
type Streaming struct {
	act, prime Func
	in         []float64
}

func NewStreaming(act, prime Func) *Streaming { return &Streaming{act: act, prime: prime} }

func (l *Streaming) Forward(x []float64) []float64 {
	l.in = x
	y := make([]float64, len(x))
	for i := range x {
		y[i] = l.act(x[i])
	}
	return y
}

func (l *Streaming) Backward(grad []float64) {
	for i := range grad {
		grad[i] *= l.prime(l.in[i])
	}
}

func Sigmoid(x float64) float64      { return 1 / (1 + math.Exp(-x)) }
func SigmoidPrime(x float64) float64 { return Sigmoid(x) * (1 - Sigmoid(x)) }
func SigmoidOut(a float64) float64   { return a * (1 - a) }
func Tanh(x float64) float64         { return math.Tanh(x) }
func TanhPrime(x float64) float64    { t := math.Tanh(x); return 1 - t*t }
func TanhOut(a float64) float64      { return 1 - a*a }
