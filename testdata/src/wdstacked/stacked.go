// Package wdstacked applies derivatives to values that are an activation
// and the pre-activation of the next one at once: a = tanh(z), b =
// sigmoid(a). sigmoid's derivative at a (its input) is right; tanh's Z
// form at a (its output) is not.
package wdstacked

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func sigmoidPrime(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }

func tanhPrime(x float64) float64 {
	t := math.Tanh(x)
	return 1 - t*t
}

type cell struct{ z, a, b float64 }

func (c *cell) forward(x float64) {
	c.z = 2 * x
	c.a = math.Tanh(c.z)
	c.b = sigmoid(c.a)
}

// sigmoid's derivative at its own input: right, though a holds tanh.
func (c *cell) backward(d float64) float64 {
	return d * sigmoidPrime(c.a)
}

// tanh's derivative in the Z form at tanh's output: wrong.
func (c *cell) backwardTanh(d float64) float64 {
	return d * tanhPrime(c.a) // want `cell\.backwardTanh applies tanh'\(·\) via tanhPrime to c\.a, which already holds tanh\(c\.z\) \(assigned by cell\.forward at stacked\.go:22\): the result is tanh'\(tanh\(z\)\); use 1 - c\.a\*c\.a or tanhPrime\(c\.z\)`
}
