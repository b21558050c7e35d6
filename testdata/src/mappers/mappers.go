package mappers

// Activations reached through makers: an adapter (unary) and a mapper
// factory (mapper) wrap an interface method whose implementations take
// their argument variadically; a forward pass appends a(z) directly in
// Nielsen's layout and returns both slices as named results. A custom
// matrix is read through At and Data. The twins wrap functions that
// recompute nothing.

import "math"

type Differentiable interface {
	Fn(...float64) float64
	Prime(...float64) float64
}

type logistic struct{}

func (l logistic) Fn(zs ...float64) float64 { return 1 / (1 + math.Exp(-zs[0])) }

func (l logistic) Prime(zs ...float64) float64 {
	return l.Fn(zs[0]) * (1 - l.Fn(zs[0]))
}

type squared struct{}

func (squared) Fn(xs ...float64) float64    { return (xs[0] - xs[1]) * (xs[0] - xs[1]) / 2 }
func (squared) Prime(xs ...float64) float64 { return xs[0] - xs[1] }

func unary(g func(...float64) float64) func(float64) float64 {
	return func(z float64) float64 { return g(z) }
}

func each(v []float64, op func(float64) float64) []float64 {
	out := make([]float64, len(v))
	for i := range v {
		out[i] = op(v[i])
	}
	return out
}

func mapper(op func(float64) float64) func([]float64) []float64 {
	return func(v []float64) []float64 { return each(v, op) }
}

func saturate(ws [][][]float64, x []float64, act Differentiable) (zs, as [][]float64) {
	a := mapper(unary(act.Fn))
	as = [][]float64{x}
	for _, w := range ws {
		z := dot(w, as[len(as)-1])
		zs = append(zs, z)
		as = append(as, a(z))
	}
	return
}

func backprop(ws [][][]float64, x []float64, act Differentiable, d []float64) []float64 {
	aPrime := mapper(unary(act.Prime))
	zs, as := saturate(ws, x, act)
	for l := 1; l < len(ws); l++ {
		d = mul(d, aPrime(zs[len(zs)-l])) // want `backprop recomputes the derivative of zs\[len\(zs\)-l\] via aPrime \(logistic.Prime recomputes sigmoid\) but as\[len\(as\)-l\] already holds sigmoid or another activation`
	}
	_ = as
	return d
}

func backpropCached(ws [][][]float64, x []float64, act Differentiable, d []float64) []float64 {
	_, as := saturate(ws, x, act)
	for l := 1; l < len(ws); l++ {
		for i, y := range as[len(as)-l] {
			d[i] *= y * (1 - y)
		}
	}
	return d
}

func relu(x float64) float64 { return max(0, x) }

func step(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}

func backpropRelu(ws [][][]float64, x []float64, d []float64) []float64 {
	a, aPrime := mapper(relu), mapper(step)
	var zs, as [][]float64
	as = [][]float64{x}
	for _, w := range ws {
		z := dot(w, as[len(as)-1])
		zs = append(zs, z)
		as = append(as, a(z))
	}
	return mul(d, aPrime(zs[len(zs)-1]))
}

// Grid is a hand-written matrix: At returns a pointer, Data the elements.
type Grid struct{ v []float64 }

func (g *Grid) At(i, j int) *float64 { return &g.v[i*2+j] }
func (g *Grid) Data() []float64      { return g.v }

func gridMap(g *Grid, op func(float64) float64) *Grid {
	data := g.Data()
	out := &Grid{v: make([]float64, len(data))}
	for i := range data {
		out.v[i] = op(data[i])
	}
	return out
}

func tanhAt(g *Grid, i, j int) float64 { return math.Tanh(*g.At(i, j)) }

func dot(w [][]float64, a []float64) []float64 {
	z := make([]float64, len(w))
	for i := range w {
		for j := range a {
			z[i] += w[i][j] * a[j]
		}
	}
	return z
}

func mul(a, b []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = a[i] * b[i]
	}
	return out
}
