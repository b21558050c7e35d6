// Package globalvars chooses its activation and derivative by assigning
// package-level func variables: sigmoid by default, tanh when configured.
// Both derivatives recompute their activation of what they are given.
package globalvars

import "math"

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func sigmoidPrime(v float64) float64 { return sigmoid(v) * (1 - sigmoid(v)) }

func tanhPrime(v float64) float64 {
	t := math.Tanh(v)
	return 1 - t*t
}

var (
	act      = sigmoid
	actDeriv = sigmoidPrime
	outDeriv = func(y float64) float64 { return y * (1 - y) }
)

func configure(name string) {
	if name == "tanh" {
		act, actDeriv = math.Tanh, tanhPrime
		outDeriv = func(y float64) float64 { return 1 - y*y }
	}
}

type net struct{ z, a []float64 }

func (n *net) forward(x []float64) {
	for i, v := range x {
		n.z[i] = v
		n.a[i] = act(v)
	}
}

func (n *net) backward(g []float64) {
	for i := range g {
		g[i] *= actDeriv(n.z[i]) // want `net\.backward recomputes the derivative of n\.z\[i\] via actDeriv \(sigmoidPrime, tanhPrime recompute tanh or sigmoid\) but n\.a already holds tanh, sigmoid or another activation \(assigned by net\.forward at globalvars\.go:35\); use the derivative written on n\.a\[i\]`
	}
}

// The twin: the derivative written on the output, given the output.
func (n *net) backwardOutput(g []float64) {
	for i := range g {
		g[i] *= outDeriv(n.a[i])
	}
}

// A network that keeps no activation: recomputing it is the design.
type bare struct{ z []float64 }

func (n *bare) forward(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		n.z[i] = v
		out[i] = act(v)
	}
	return out
}

func (n *bare) backward(g []float64) {
	for i := range g {
		g[i] *= actDeriv(n.z[i])
	}
}
