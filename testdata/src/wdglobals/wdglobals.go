// Package wdglobals configures package-level func variables: a derivative
// written on the pre-activation and one written on the output, each right
// on one of the network's two values.
package wdglobals

import "math"

func logistic(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

var (
	squash   = logistic
	slopeAtZ = func(v float64) float64 { return logistic(v) * (1 - logistic(v)) }
	slopeAtA = func(y float64) float64 { return y * (1 - y) }
)

func useTanh() {
	squash = math.Tanh
	slopeAtZ = func(v float64) float64 { return 1 - math.Tanh(v)*math.Tanh(v) }
	slopeAtA = func(y float64) float64 { return 1 - y*y }
}

type net struct{ z, a []float64 }

func (n *net) forward(x []float64) {
	for i, v := range x {
		n.z[i] = v
		n.a[i] = squash(v)
	}
}

func (n *net) backZFormOnOutput(g []float64) {
	for i := range g {
		g[i] *= slopeAtZ(n.a[i]) // want `net\.backZFormOnOutput applies the derivative via slopeAtZ to n\.a\[i\], which holds tanh, sigmoid or another activation \(assigned by net\.forward at wdglobals\.go:27\): the func literal at wdglobals\.go:12, the func literal at wdglobals\.go:18 compute its derivative on the pre-activation, and are wrong on an output`
	}
}

func (n *net) backOutputFormOnZ(g []float64) {
	for i := range g {
		g[i] *= slopeAtA(n.z[i]) // want `net\.backOutputFormOnZ applies the derivative via slopeAtA to n\.z\[i\], which is the pre-activation of tanh, sigmoid or another activation \(assigned by net\.forward at wdglobals\.go:27\): the func literal at wdglobals\.go:13, the func literal at wdglobals\.go:19 compute its derivative on the output, and are wrong on a pre-activation`
	}
}

func (n *net) backRight(g []float64) {
	for i := range g {
		g[i] *= slopeAtZ(n.z[i]) + slopeAtA(n.a[i])
	}
}
