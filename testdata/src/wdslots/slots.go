// Package wdslots keeps each layer's values in a [2][]float64: the
// pre-activation in slot 0, the activation in slot 1. A dropout layer has
// no activation and keeps its one output in both slots; that does not make
// slot 0 of the other layers an activation.
package wdslots

import "math"

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func sigmoidPrime(v float64) float64 { return sigmoid(v) * (1 - sigmoid(v)) }

type dense struct{}

func (dense) forward(z []float64) [2][]float64 {
	a := make([]float64, len(z))
	for i, v := range z {
		a[i] = sigmoid(v)
	}
	return [2][]float64{z, a}
}

type dropout struct{ keep []bool }

func (d dropout) forward(x []float64) [2][]float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		if d.keep[i] {
			out[i] = v
		}
	}
	return [2][]float64{out, out}
}

func backward(kept [2][]float64, g []float64) {
	for i := range g {
		g[i] *= sigmoidPrime(kept[0][i])
	}
}

func backwardOnOutput(kept [2][]float64, g []float64) {
	for i := range g {
		g[i] *= sigmoidPrime(kept[1][i]) // want `backwardOnOutput applies sigmoid'\(·\) via sigmoidPrime to kept\[1\]\[i\], which already holds sigmoid\(kept\[0\]\[i\]\) \(assigned by dense\.forward at slots\.go:18\): the result is sigmoid'\(sigmoid\(z\)\); use kept\[1\]\[i\] \* \(1 - kept\[1\]\[i\]\) or sigmoidPrime\(kept\[0\]\[i\]\)`
	}
}
