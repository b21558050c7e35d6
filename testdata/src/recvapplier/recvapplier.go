package recvapplier

// Appliers that are methods: Map returns a new grid, Each changes the
// receiver's own elements. A function passed to them is applied to the
// receiver's elements, so sigmoidPrime passed to Z's Each recomputes
// sigmoid(Z) while the layer's A holds it.

import "math"

type Grid struct{ v []float64 }

func (g *Grid) Each(f func(float64) float64) {
	for i := range g.v {
		g.v[i] = f(g.v[i])
	}
}

func (g *Grid) Map(f func(float64) float64) *Grid {
	out := &Grid{v: make([]float64, len(g.v))}
	for i, x := range g.v {
		out.v[i] = f(x)
	}
	return out
}

// Fold calls f once with a total: no applier.
func (g *Grid) Fold(f func(float64) float64) float64 {
	s := 0.0
	for _, x := range g.v {
		s += x
	}
	return f(s)
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func sigmoidPrime(x float64) float64 {
	s := sigmoid(x)
	return s * (1 - s)
}

func primeOfOutput(a float64) float64 { return a * (1 - a) }

type layer struct {
	z *Grid
	a *Grid
}

func (l *layer) forward(z *Grid) {
	l.z = z
	l.a = z.Map(sigmoid)
}

func (l *layer) backward() *Grid {
	return l.z.Map(sigmoidPrime) // want `layer.backward recomputes sigmoid'\(l.z\) via sigmoidPrime but l.a already holds sigmoid \(assigned by layer.forward at recvapplier.go:51\)`
}

func (l *layer) backwardInPlace() {
	l.z.Each(sigmoidPrime) // want `layer.backwardInPlace recomputes sigmoid'\(l.z\) via sigmoidPrime but l.a already holds sigmoid`
}

func (l *layer) backwardCached() *Grid {
	return l.a.Map(primeOfOutput)
}

func (l *layer) backwardFold() float64 {
	return l.z.Fold(sigmoidPrime)
}
