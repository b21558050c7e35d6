package layerfields

// Per-layer fields filled through a local (l.Pre = s; l.Post = l.act(s)),
// an activation dispatcher, slice helpers built with append, a temporary
// declared and then assigned, and overwrites told apart per object.

import "math"

func logistic(v []float64) []float64 {
	r := []float64{}
	for _, x := range v {
		r = append(r, 1/(1+math.Exp(-x)))
	}
	return r
}

func tanhv(v []float64) []float64 {
	var r []float64
	for _, x := range v {
		r = append(r, math.Tanh(x))
	}
	return r
}

func rectify(v []float64) []float64 {
	var r []float64
	for _, x := range v {
		r = append(r, max(0, x))
	}
	return r
}

// logisticPrime declares its temporary, then assigns it.
func logisticPrime(v []float64) []float64 {
	s := []float64{}
	s = logistic(v)
	var d []float64
	for i := range s {
		d = append(d, s[i]*(1-s[i]))
	}
	return d
}

func tanhPrime(v []float64) []float64 {
	var d []float64
	for _, x := range v {
		d = append(d, 1-math.Pow(math.Tanh(x), 2))
	}
	return d
}

// tanhPrimeOut is the derivative written on the output: it recomputes nothing.
func tanhPrimeOut(a []float64) []float64 {
	var d []float64
	for _, y := range a {
		d = append(d, 1-y*y)
	}
	return d
}

type Layer struct {
	Kind string
	W    [][]float64
	Pre  []float64
	Post []float64
}

// act dispatches on the layer's kind.
func (l *Layer) act(v []float64) []float64 {
	out := []float64{}
	switch l.Kind {
	case "logi":
		out = logistic(v)
	case "tanh":
		out = tanhv(v)
	case "relu":
		out = rectify(v)
	default:
		out = v
	}
	return out
}

func (l *Layer) Forward(x []float64) []float64 {
	s := dot(l.W, x)
	l.Pre = s
	l.Post = l.act(s)
	return l.Post
}

type Model struct{ Hid, Out Layer }

// Backward resets the output layer's fields, not the hidden layer's.
func (m *Model) Backward(d []float64) []float64 {
	m.Out.Post = nil
	switch m.Hid.Kind {
	case "logi":
		return mul(d, logisticPrime(m.Hid.Pre)) // want `Model.Backward recomputes sigmoid'\(m.Hid.Pre\) via logisticPrime but m.Hid.Post already holds tanh, sigmoid or another activation \(assigned by Layer.Forward at layerfields.go:87\); use a \* \(1 - a\) for each a in m.Hid.Post`
	case "tanh":
		return mul(d, tanhPrime(m.Hid.Pre)) // want `Model.Backward recomputes tanh'\(m.Hid.Pre\) via tanhPrime but m.Hid.Post already holds`
	}
	return d
}

func (m *Model) BackwardCached(d []float64) []float64 {
	m.Out.Post = nil
	return mul(d, tanhPrimeOut(m.Hid.Post))
}

// BackwardReset clears the same layer's activation first: Post no longer holds it.
func (m *Model) BackwardReset(d []float64) []float64 {
	m.Hid.Post = nil
	return mul(d, logisticPrime(m.Hid.Pre))
}

// Rect layers dispatch among functions that recompute nothing: their Post
// is no sigmoid, so a sigmoid derivative of Pre recomputes nothing cached.
type Rect struct {
	Leaky bool
	Pre   []float64
	Post  []float64
}

func (r *Rect) act(v []float64) []float64 {
	if r.Leaky {
		return leaky(v)
	}
	return rectify(v)
}

func (r *Rect) Forward(x []float64) {
	s := x
	r.Pre = s
	r.Post = r.act(s)
}

func (r *Rect) Backward(d []float64) []float64 {
	return mul(d, logisticPrime(r.Pre))
}

func leaky(v []float64) []float64 {
	var r []float64
	for _, x := range v {
		r = append(r, max(0.01*x, x))
	}
	return r
}

func dot(w [][]float64, x []float64) []float64 {
	out := make([]float64, len(w))
	for i, row := range w {
		for j, v := range row {
			out[i] += v * x[j]
		}
	}
	return out
}

func mul(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] * b[i]
	}
	return out
}
