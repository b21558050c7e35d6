package helpers

// Same-package helpers: the activation itself and derivative helpers, called
// on the pre-activation where the activation sits in the neuron.

import "math"

type Neuron struct {
	Sum   float64
	Value float64
	Bias  float64
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// sigmoidPrime is a stateless derivative helper: not reported itself, only
// where it is called on a pre-activation whose activation is at hand.
func sigmoidPrime(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }

func tanhDerivative(z float64) float64 {
	t := math.Tanh(z)
	return 1 - t*t
}

func (n *Neuron) Activate(w, x float64) {
	n.Sum = w*x + n.Bias
	n.Value = sigmoid(n.Sum)
}

// Train is not named like backward code, but calling a derivative helper is.
func (n *Neuron) Train(target float64) float64 {
	return (n.Value - target) * sigmoidPrime(n.Sum) // want `Neuron.Train recomputes sigmoid'\(n.Sum\) via sigmoidPrime but n.Value already holds sigmoid \(assigned by Neuron.Activate at helpers.go:27\); use n.Value \* \(1 - n.Value\)`
}

func (n *Neuron) TrainCached(target float64) float64 {
	return (n.Value - target) * n.Value * (1 - n.Value)
}

func (n *Neuron) Gradient(target float64) float64 {
	s := sigmoid(n.Sum) // want `Neuron.Gradient recomputes sigmoid\(n.Sum\) via sigmoid but n.Value already holds sigmoid`
	return (s - target) * s * (1 - s)
}

func (n *Neuron) GradientCached(target float64) float64 {
	s := n.Value
	return (s - target) * s * (1 - s)
}

// TrainTanh calls a tanh derivative on a sigmoid neuron's sum: a different
// activation, so Value does not hold what tanhDerivative recomputes.
func (n *Neuron) TrainTanh(target float64) float64 {
	return (n.Value - target) * tanhDerivative(n.Sum)
}
