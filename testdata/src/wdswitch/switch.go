// Package wdswitch picks the activation and its derivative by a kind the
// layer carries: a switch in each helper. One derivative helper recomputes
// each case's activation (the Z form), the other is written on the output;
// each is right on one of the layer's two values and wrong on the other.
package wdswitch

import "math"

func apply(kind int, v float64) float64 {
	if kind == 0 {
		return math.Tanh(v)
	}
	return 1 / (1 + math.Exp(-v))
}

func slopeAtInput(kind int, v float64) float64 {
	if kind == 0 {
		t := math.Tanh(v)
		return 1 - t*t
	}
	s := 1 / (1 + math.Exp(-v))
	return s * (1 - s)
}

func slopeAtOutput(kind int, y float64) float64 {
	if kind == 0 {
		return 1 - y*y
	}
	return y * (1 - y)
}

type layer struct {
	kind    int
	pre, at []float64
}

func (l *layer) forward(x []float64) {
	for i, v := range x {
		l.pre[i] = v
		l.at[i] = apply(l.kind, v)
	}
}

func (l *layer) backOutputForm(g []float64) {
	for i := range g {
		g[i] *= slopeAtOutput(l.kind, l.at[i])
	}
}

func (l *layer) backOutputFormOnPre(g []float64) {
	for i := range g {
		g[i] *= slopeAtOutput(l.kind, l.pre[i]) // want `layer\.backOutputFormOnPre applies the derivative via slopeAtOutput to l\.pre\[i\], which is the pre-activation of tanh or sigmoid \(assigned by layer\.forward at switch\.go:40\): its tanh and sigmoid cases compute its derivative on the output, and are wrong on a pre-activation`
	}
}

func (l *layer) backInputFormOnOutput(g []float64) {
	for i := range g {
		g[i] *= slopeAtInput(l.kind, l.at[i]) // want `layer\.backInputFormOnOutput applies the derivative via slopeAtInput to l\.at\[i\], which holds tanh or sigmoid \(assigned by layer\.forward at switch\.go:40\): its tanh and sigmoid cases compute its derivative on the pre-activation, and are wrong on an output`
	}
}

func (l *layer) backInputForm(g []float64) {
	for i := range g {
		g[i] *= slopeAtInput(l.kind, l.pre[i])
	}
}
