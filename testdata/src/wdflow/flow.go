// Package wdflow reaches the derivative's argument through ordinary data
// flow: a forward pass that returns its outputs, a range over them, and a
// helper every caller passes an output to.
package wdflow

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func sigmoidPrime(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }

type net struct{ w [][]float64 }

// predict returns the activations of its layer, in a slice of its own.
func (n *net) predict(x []float64) []float64 {
	out := make([]float64, len(n.w))
	for j, row := range n.w {
		s := 0.0
		for i, v := range row {
			s += v * x[i]
		}
		out[j] = sigmoid(s)
	}
	return out
}

// sums returns the pre-activations only.
func (n *net) sums(x []float64) []float64 {
	out := make([]float64, len(n.w))
	for j, row := range n.w {
		for i, v := range row {
			out[j] += v * x[i]
		}
	}
	return out
}

func (n *net) train(x, y []float64) float64 {
	loss := 0.0
	for j, p := range n.predict(x) {
		loss += (p - y[j]) * sigmoidPrime(p) // want `net\.train applies sigmoid'\(·\) via sigmoidPrime to p, which already holds sigmoid \(assigned by net\.predict at flow\.go:22\): the result is sigmoid'\(sigmoid\(z\)\); use p \* \(1 - p\)`
	}
	return loss
}

func (n *net) trainOnSums(x, y []float64) float64 {
	loss := 0.0
	for j, s := range n.sums(x) {
		loss += (sigmoid(s) - y[j]) * sigmoidPrime(s)
	}
	return loss
}

// delta is only ever given an output.
func delta(out, target float64) float64 {
	return (out - target) * sigmoidPrime(out) // want `delta applies sigmoid'\(·\) via sigmoidPrime to out, which already holds sigmoid \(assigned by net\.predict at flow\.go:22\): the result is sigmoid'\(sigmoid\(z\)\); use out \* \(1 - out\)`
}

func (n *net) step(x, y []float64) float64 {
	d := 0.0
	for j, p := range n.predict(x) {
		d += delta(p, y[j])
	}
	return d
}
