package paramflow

// The forward code hands Z and act(Z) to the backward function itself:
// whatever the parameters are called, every caller passes act(x) as one
// and x as the other, so the backward function has A at hand. Twins: a
// function one of whose callers passes something else, one used as a
// value, an exported one (callers elsewhere), and one whose callers pass
// act of a different value.

import "math"

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func dot(w, x []float64) float64 {
	s := 0.0
	for i := range w {
		s += w[i] * x[i]
	}
	return s
}

// A local, then a call.
func train(w, x []float64, t float64) float64 {
	z := dot(w, x)
	y := sigmoid(z)
	return learn(z, y, t)
}

func learn(pre, out, t float64) float64 {
	return (out - t) * sigmoid(pre) * (1 - sigmoid(pre)) // want `learn recomputes sigmoid\(pre\) via sigmoid but out already holds sigmoid \(passed with it by train at paramflow.go:26\); use out \* \(1 - out\)` `learn recomputes sigmoid\(pre\) via sigmoid but out already holds sigmoid \(passed with it by train at paramflow.go:26\); use out \* \(1 - out\)`
}

// Inline, through a closure that captures z.
func step(w, x []float64, d *float64) {
	z := dot(w, x)
	run := func() { grad(z, math.Tanh(z), d) }
	run()
}

func grad(u, h float64, d *float64) {
	t := math.Tanh(u) // want `grad recomputes tanh\(u\) but h already holds tanh \(passed with it by step at paramflow.go:36\); use 1 - h\*h`
	*d *= 1 - t*t
}

// A method, called on two branches with the same pair.
type net struct{ w, x []float64 }

func (n *net) fit(t float64, twice bool) float64 {
	z := dot(n.w, n.x)
	if twice {
		return 2 * n.delta(z, sigmoid(z), t)
	}
	return n.delta(z, sigmoid(z), t)
}

func (n *net) delta(s, o, t float64) float64 {
	g := sigmoid(s) // want `net.delta recomputes sigmoid\(s\) via sigmoid but o already holds sigmoid \(passed with it by net.fit at paramflow.go:51\); use o \* \(1 - o\)`
	return (o - t) * g * (1 - g)
}

// One caller passes a constant: mixed has no A it can trust.
func twoCallers(z float64) float64 {
	return mixed(z, sigmoid(z)) + mixed(z, 0.5)
}

func mixed(p, q float64) float64 {
	s := sigmoid(p)
	return q * s * (1 - s)
}

// Used as a value: callers this package cannot see.
var handler = asValue

func asValue(p, q float64) float64 {
	s := sigmoid(p)
	return q * s * (1 - s)
}

func callsValue(z float64) float64 { return asValue(z, sigmoid(z)) }

// Exported: other packages may call it with anything.
func Exported(p, q float64) float64 {
	s := sigmoid(p)
	return q * s * (1 - s)
}

func callsExported(z float64) float64 { return Exported(z, sigmoid(z)) }

// The activation of another value.
func otherValue(z, z2 float64) float64 { return other(z, sigmoid(z2)) }

func other(p, q float64) float64 {
	s := sigmoid(p)
	return q * s * (1 - s)
}
