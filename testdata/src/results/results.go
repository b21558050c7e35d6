package results

// A forward function that returns the activation and the pre-activation.

import "math"

func neuron(w, x float64) (y, sum float64) {
	sum = w * x
	return math.Tanh(sum), sum
}

func trainStep(w, x, target float64) float64 {
	y, sum := neuron(w, x)
	return (y - target) * (1 - math.Tanh(sum)*math.Tanh(sum)) * x // want `trainStep recomputes tanh\(sum\) but y already holds tanh \(returned together by neuron at results.go:13\); use 1 - y\*y` `trainStep recomputes tanh\(sum\)`
}

func trainStepCached(w, x, target float64) float64 {
	y, _ := neuron(w, x)
	return (y - target) * (1 - y*y) * x
}
