// Package outbuffers writes the forward pass through local aliases of the
// layer's buffers and an out-parameter; the backward pass reads the
// buffers by their fields.
package outbuffers

import "math"

type layer struct {
	w              []float64
	preBuf, outBuf []float64
}

func (l *layer) forward(x []float64) {
	pre, out := l.preBuf, l.outBuf
	for i := range l.w {
		s := l.w[i] * x[i]
		pre[i] = s
		out[i] = math.Tanh(s)
	}
}

func (l *layer) backward(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		t := math.Tanh(l.preBuf[i]) // want `layer\.backward recomputes tanh\(l\.preBuf\[i\]\) but l\.outBuf already holds tanh \(assigned by layer\.forward at buffers\.go:18\); use 1 - l\.outBuf\[i\]\*l\.outBuf\[i\]`
		d[i] = g[i] * (1 - t*t)
	}
	return d
}

func (l *layer) backwardCached(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		t := l.outBuf[i]
		d[i] = g[i] * (1 - t*t)
	}
	return d
}

// activate writes tanh(src) into dst: an out-parameter.
func activate(dst, src []float64) {
	for i := range src {
		dst[i] = math.Tanh(src[i])
	}
}

type cell struct{ z, h []float64 }

func (c *cell) step(x []float64) {
	copy(c.z, x)
	activate(c.h, c.z)
}

func (c *cell) grad(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		d[i] = g[i] * (1 - math.Pow(math.Tanh(c.z[i]), 2)) // want `cell\.grad recomputes tanh\(c\.z\[i\]\) but c\.h already holds tanh \(passed to activate at buffers\.go:51\); use 1 - c\.h\[i\]\*c\.h\[i\]`
	}
	return d
}

func (c *cell) gradCached(g []float64) []float64 {
	d := make([]float64, len(g))
	for i := range g {
		d[i] = g[i] * (1 - math.Pow(c.h[i], 2))
	}
	return d
}
