// Package wdtutorial replays a story from a widely copied tutorial
// network: a commit titled "fix sigmoid prime def" swapped the output-form
// body x*(1-x) for the textbook sigmoid(x)*(1-sigmoid(x)) and left the
// call, which passes the layer's output, as it was. Every gradient is now
// σ′(σ(z)). (The code is written from scratch; wdtutorialbefore is the
// same network before the change.)
package wdtutorial

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// sigmoidPrime, "fixed": the textbook derivative, right on a pre-activation.
func sigmoidPrime(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }

type net struct {
	w   [][]float64
	out []float64
}

func (n *net) forward(x []float64) []float64 {
	n.out = make([]float64, len(n.w))
	for j, row := range n.w {
		s := 0.0
		for i, v := range row {
			s += v * x[i]
		}
		n.out[j] = sigmoid(s)
	}
	return n.out
}

func (n *net) backward(target []float64) []float64 {
	d := make([]float64, len(target))
	for j := range d {
		d[j] = (n.out[j] - target[j]) * sigmoidPrime(n.out[j]) // want `net.backward applies sigmoid'\(·\) via sigmoidPrime to n.out\[j\], which already holds sigmoid \(assigned by net.forward at net.go:28\): the result is sigmoid'\(sigmoid\(z\)\); use n.out\[j\] \* \(1 - n.out\[j\]\)`
	}
	return d
}
