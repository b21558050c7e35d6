// Package feedreturns returns the forward pass's parallel containers from
// a method, named results, the activations starting with the input; the
// backward pass indexes them with an offset of one.
package feedreturns

import "math"

type net struct{ w [][]float64 }

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func (n *net) feed(x float64) (zs, acts []float64) {
	acts = append(acts, x)
	a := x
	for _, w := range n.w {
		z := w[0] * a
		a = sigmoid(z)
		zs = append(zs, z)
		acts = append(acts, a)
	}
	return zs, acts
}

func (n *net) backward(x, y float64) []float64 {
	zs, acts := n.feed(x)
	grads := make([]float64, len(zs))
	d := acts[len(acts)-1] - y
	for l := len(zs) - 1; l >= 0; l-- {
		s := sigmoid(zs[l]) // want `net\.backward recomputes sigmoid\(zs\[l\]\) via sigmoid but acts\[l\+1\] already holds sigmoid \(returned together by feed at feed\.go:25\); use acts\[l\+1\] \* \(1 - acts\[l\+1\]\)`
		d *= s * (1 - s)
		grads[l] = d * acts[l]
	}
	return grads
}

func (n *net) backwardCached(x, y float64) []float64 {
	zs, acts := n.feed(x)
	grads := make([]float64, len(zs))
	d := acts[len(acts)-1] - y
	for l := len(zs) - 1; l >= 0; l-- {
		s := acts[l+1]
		d *= s * (1 - s)
		grads[l] = d * acts[l]
	}
	return grads
}

// layerOut is the same pair returned by value in a struct.
type layerOut struct{ z, a []float64 }

func forward(w, x []float64) layerOut {
	var o layerOut
	for i := range w {
		z := w[i] * x[i]
		o.z = append(o.z, z)
		o.a = append(o.a, math.Tanh(z))
	}
	return o
}

func gradStruct(w, x, g []float64) []float64 {
	o := forward(w, x)
	d := make([]float64, len(w))
	for i := range w {
		t := math.Tanh(o.z[i]) // want `gradStruct recomputes tanh\(o\.z\[i\]\) but o\.a already holds tanh \(appended by forward at feed\.go:56\); use 1 - o\.a\[i\]\*o\.a\[i\]`
		d[i] = g[i] * (1 - t*t)
	}
	return d
}

func gradStructCached(w, x, g []float64) []float64 {
	o := forward(w, x)
	d := make([]float64, len(w))
	for i := range w {
		t := o.a[i]
		d[i] = g[i] * (1 - t*t)
	}
	return d
}
