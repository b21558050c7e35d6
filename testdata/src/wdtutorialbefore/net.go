// Package wdtutorialbefore is wdtutorial before "fix sigmoid prime def":
// sigmoidPrime is written on the output, and the call passes the output.
// Nothing is wrong.
package wdtutorialbefore

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// sigmoidPrime takes the activation: its derivative written on it.
func sigmoidPrime(x float64) float64 { return x * (1 - x) }

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
		d[j] = (n.out[j] - target[j]) * sigmoidPrime(n.out[j])
	}
	return d
}
