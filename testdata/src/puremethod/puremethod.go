package puremethod

// A unit recomputes its pre-activation with a method that changes
// nothing (in), called in forward and again in backward: Out holds σ of
// it. Twins: a method that changes the unit (next) names no Z, nor does
// a method with an argument (inScaled), and a unit that never stores the
// activation (bare) has no A to use.

import "math"

type unit struct {
	w, x []float64
	b    float64
	Out  float64
	seen int
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func sigmoidPrime(z float64) float64 { return sigmoid(z) * (1 - sigmoid(z)) }

// in is pure: it reads the unit and writes only its own locals.
func (u *unit) in() float64 {
	s := u.b
	for i, w := range u.w {
		s += w * u.x[i]
	}
	return s
}

func (u *unit) forward() { u.Out = sigmoid(u.in()) }

func (u *unit) backward(d float64) float64 {
	return d * sigmoidPrime(u.in()) // want `unit.backward recomputes sigmoid'\(u.in\(\)\) via sigmoidPrime but u.Out already holds sigmoid \(assigned by unit.forward at puremethod.go:31\); use u.Out \* \(1 - u.Out\)`
}

// next counts its calls: two calls are two different values.
func (u *unit) next() float64 {
	u.seen++
	return u.in() + float64(u.seen)
}

func (u *unit) forwardNext() { u.Out = sigmoid(u.next()) }

func (u *unit) backwardNext(d float64) float64 {
	return d * sigmoidPrime(u.next())
}

func (u *unit) inScaled(k float64) float64 { return k * u.in() }

func (u *unit) forwardScaled() { u.Out = sigmoid(u.inScaled(2)) }

func (u *unit) backwardScaled(d float64) float64 {
	return d * sigmoidPrime(u.inScaled(2))
}

type bare struct {
	w, x float64
}

func (b *bare) in() float64 { return b.w * b.x }

func (b *bare) forward() float64 { return sigmoid(b.in()) }

func (b *bare) backward(d float64) float64 {
	return d * sigmoidPrime(b.in())
}

// A tanh cell: the derivative written out on math.Tanh of the pure method.
type cell struct {
	w, x, H float64
}

func (c cell) pre() float64 { return c.w * c.x }

func (c *cell) forward() { c.H = math.Tanh(c.pre()) }

func (c *cell) backward(d float64) float64 {
	t := math.Tanh(c.pre()) // want `cell.backward recomputes tanh\(c.pre\(\)\) but c.H already holds tanh \(assigned by cell.forward at puremethod.go:76\); use 1 - c.H\*c.H`
	return d * (1 - t*t)
}

// backwardReset overwrites H first: there is no A left to use.
func (c *cell) backwardReset(d float64) float64 {
	c.H = 0
	t := math.Tanh(c.pre())
	return d * (1 - t*t)
}
