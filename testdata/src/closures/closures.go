package closures

// A gradient closure that captures the pre-activation and the activation.

import "math"

func model(w, x float64) (float64, func(float64) float64) {
	z := w * x
	a := math.Tanh(z)
	grad := func(d float64) float64 {
		return d * (1 - math.Tanh(z)*math.Tanh(z)) // want `model recomputes tanh\(z\) but a already holds tanh \(assigned by model at closures.go:9\); use 1 - a\*a` `model recomputes tanh\(z\)`
	}
	return a, grad
}

func modelCached(w, x float64) (float64, func(float64) float64) {
	z := w * x
	a := math.Tanh(z)
	grad := func(d float64) float64 {
		return d * (1 - a*a)
	}
	return a, grad
}

// modelBefore's closure is built before a exists: a is not available there.
func modelBefore(w, x float64) (float64, func(float64) float64) {
	z := w * x
	grad := func(d float64) float64 {
		return d * (1 - math.Tanh(z)*math.Tanh(z))
	}
	a := math.Tanh(z)
	return a, grad
}
