// Package wdfactory builds its layers from another package's factories:
// each backward pass asks for a derivative by the layer's kind and applies
// it to one of the layer's two values.
package wdfactory

import "nnvet.test/src/factorylib"

type layer struct {
	kind string
	z, a []float64
}

func (l *layer) forward(x []float64) {
	act := factorylib.Activation(l.kind)
	for i, v := range x {
		l.z[i] = v
		l.a[i] = act(v)
	}
}

func (l *layer) backAtInputOnOutput(g []float64) {
	slope := factorylib.SlopeAt(l.kind)
	for i := range g {
		g[i] *= slope(l.a[i]) // want `layer\.backAtInputOnOutput applies the derivative via slope to l\.a\[i\], which holds tanh or sigmoid \(assigned by layer\.forward at wdfactory\.go:17\): its sigmoid and tanh cases compute its derivative on the pre-activation, and are wrong on an output`
	}
}

func (l *layer) backAtInput(g []float64) {
	slope := factorylib.SlopeAt(l.kind)
	for i := range g {
		g[i] *= slope(l.z[i])
	}
}

func (l *layer) backOfOutputOnInput(g []float64) {
	slope := factorylib.SlopeOfOutput(l.kind)
	for i := range g {
		g[i] *= slope(l.z[i]) // want `layer\.backOfOutputOnInput applies the derivative via slope to l\.z\[i\], which is the pre-activation of tanh or sigmoid \(assigned by layer\.forward at wdfactory\.go:17\): its tanh and sigmoid cases compute its derivative on the output, and are wrong on a pre-activation`
	}
}

func (l *layer) backOfOutput(g []float64) {
	slope := factorylib.SlopeOfOutput(l.kind)
	for i := range g {
		g[i] *= slope(l.a[i])
	}
}
