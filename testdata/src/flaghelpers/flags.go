// Package flaghelpers writes each activation and its derivative as one
// function with a flag, as Python's nonlin(x, deriv=True) is often ported.
// sigmoid's derivative branch recomputes the sigmoid of its argument (the
// Z form); logistic's is written on the output.
package flaghelpers

import "math"

func sigmoid(x float64, deriv bool) float64 {
	if deriv {
		return sigmoid(x, false) * (1 - sigmoid(x, false))
	}
	return 1 / (1 + math.Exp(-x))
}

func logistic(x float64, deriv bool) float64 {
	if !deriv {
		return 1 / (1 + math.Exp(-x))
	}
	return x * (1 - x)
}

type net struct{ z, a []float64 }

func (n *net) forward(x []float64) {
	for i, v := range x {
		n.z[i] = v
		n.a[i] = sigmoid(v, false)
	}
}

func (n *net) backward(g []float64) {
	for i := range g {
		g[i] *= sigmoid(n.z[i], true) // want `net\.backward recomputes sigmoid'\(n\.z\[i\]\) via sigmoid but n\.a already holds sigmoid \(assigned by net\.forward at flags\.go:28\); use n\.a\[i\] \* \(1 - n\.a\[i\]\)`
	}
}

// The twin: the derivative written on the output, given the output.
func (n *net) backwardOutput(g []float64) {
	for i := range g {
		g[i] *= logistic(n.a[i], true)
	}
}
