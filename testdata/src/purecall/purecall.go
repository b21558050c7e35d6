// Package purecall keeps each neuron's output, computed by a method that
// sums the inputs again wherever it is called. The forward pass stores the
// output through another method's result; the backward pass sums again.
package purecall

import (
	"math"
	"math/rand"
)

type link struct{ value float64 }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func sigmoidPrime(z float64) float64 { return sigmoid(z) * (1 - sigmoid(z)) }

type neuron struct {
	in   []*link
	bias float64
	out  float64
}

func (n *neuron) net() float64 {
	s := n.bias
	for _, l := range n.in {
		s += l.value
	}
	return s
}

func (n *neuron) output() float64 { return sigmoid(n.net()) }

func (n *neuron) fire() { n.out = n.output() }

func (n *neuron) delta() float64 {
	z := n.net()
	return sigmoidPrime(z) // want `neuron\.delta recomputes sigmoid.\(z\) via sigmoidPrime but n\.out already holds sigmoid \(assigned by neuron\.fire at purecall\.go:33\); use n\.out \* \(1 - n\.out\)`
}

// The twin: net adds noise, so a second call is not the value the output
// was computed from.
type noisy struct {
	in   []*link
	bias float64
	out  float64
}

func (n *noisy) net() float64 {
	s := n.bias + 0.01*rand.Float64()
	for _, l := range n.in {
		s += l.value
	}
	return s
}

func (n *noisy) output() float64 { return sigmoid(n.net()) }

func (n *noisy) fire() { n.out = n.output() }

func (n *noisy) delta() float64 {
	z := n.net()
	return sigmoidPrime(z)
}
