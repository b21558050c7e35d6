// Package holds probes what the actholds stage says values hold: pairs
// learned through returns and aliases (holds.go), and what is no element
// evidence: elements at a non-constant offset, a fresh empty container
// stored before it is filled (noevidence.go). Every value that holds
// something has a twin that holds nothing, or something else.
package holds

import "math"

func probe(float64) {}

// grad is what the backward functions compute; it opens the stage's gate
// (a derivative written out in backward code).
var grad float64

// feed returns the pre-activations and activations side by side.
func feed(x []float64) (zs, as []float64) {
	for _, v := range x {
		z := 2 * v
		zs = append(zs, z)
		as = append(as, math.Tanh(z))
	}
	return zs, as
}

func backwardReturned(x []float64) {
	zs, as := feed(x)
	probe(zs[0]) // want `zs\[0\]: pre of tanh \(returned together by feed at holds.go:27\)`
	probe(as[0]) // want `as\[0\]: act tanh \(returned together by feed at holds.go:27\)`
	probe(x[0])  // want `x\[0\]: nothing`
	grad = 1 - as[0]*as[0]
}

type layer struct{ pre, out, in []float64 }

// forward writes the layer's buffers through local aliases.
func (l *layer) forward() {
	p, o := l.pre, l.out
	for i, v := range l.in {
		p[i] = v
		o[i] = math.Tanh(v)
	}
}

func (l *layer) backward() {
	probe(l.pre[0]) // want `l.pre\[0\]: pre of tanh \(assigned by layer.forward at holds.go:41\)`
	probe(l.out[0]) // want `l.out\[0\]: act tanh \(assigned by layer.forward at holds.go:41\)`
	probe(l.in[0])  // want `l.in\[0\]: pre of tanh \(assigned by layer.forward at holds.go:41\)`
	grad = 1 - l.out[0]*l.out[0]
}
