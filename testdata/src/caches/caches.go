package caches

// Caches in arrays (c[0] = z; c[1] = act(z)), named results returned bare,
// and activation functions handed to a constructor that stores them in
// fields. Each has a twin that gives the analyzer no activation to pair.

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func sigmoidPrime(x float64) float64 {
	s := sigmoid(x)
	return s * (1 - s)
}

type Cache [2]float64

// forward keeps z and sigmoid(z) side by side in an array.
func forward(w, x float64) Cache {
	var c Cache
	z := w * x
	c[0] = z
	c[1] = sigmoid(z)
	return c
}

func backward(c Cache, d float64) float64 {
	return d * sigmoidPrime(c[0]) // want `backward recomputes sigmoid'\(c\[0\]\) via sigmoidPrime but c\[1\] already holds sigmoid \(assigned by forward at caches.go:23\); use c\[1\] \* \(1 - c\[1\]\)`
}

func backwardCached(c Cache, d float64) float64 {
	return d * c[1] * (1 - c[1])
}

// Span holds an input and its pre-activation: nothing pairs its indices.
type Span [2]float64

func span(w, x float64) Span {
	var s Span
	s[0] = x
	s[1] = w * x
	return s
}

func spanGrad(s Span, d float64) float64 {
	return d * sigmoidPrime(s[1])
}

// predict returns its named results bare: out = sigmoid(pre).
func predict(w, x float64) (out, pre float64) {
	pre = w * x
	out = sigmoid(pre)
	return
}

func train(w, x, y float64) float64 {
	out, pre := predict(w, x)
	return (out - y) * sigmoidPrime(pre) // want `train recomputes sigmoid'\(pre\) via sigmoidPrime but out already holds sigmoid \(returned together by predict at caches.go:57\)`
}

func trainCached(w, x, y float64) float64 {
	out, _ := predict(w, x)
	return (out - y) * out * (1 - out)
}

// Layer takes its activation from the constructor's arguments.
type Layer struct {
	act, actPrime func(float64) float64
	sum, out      float64
}

func NewLayer(act, actPrime func(float64) float64) *Layer {
	return &Layer{act: act, actPrime: actPrime}
}

func (l *Layer) forward(x float64) {
	l.sum = x
	l.out = l.act(l.sum)
}

func (l *Layer) backward(d float64) float64 {
	return d * l.actPrime(l.sum) // want `Layer.backward recomputes sigmoid'\(l.sum\) via actPrime but l.out already holds sigmoid \(assigned by Layer.forward at caches.go:78\); use l.out \* \(1 - l.out\)`
}

var defaultLayer = NewLayer(sigmoid, sigmoidPrime)

// Rect takes functions that recompute nothing.
type Rect struct {
	act, actPrime func(float64) float64
	sum, out      float64
}

func NewRect(act, actPrime func(float64) float64) *Rect {
	r := Rect{}
	r.act, r.actPrime = act, actPrime
	return &r
}

func relu(x float64) float64 { return max(0, x) }

func step(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}

func (r *Rect) forward(x float64) {
	r.sum = x
	r.out = r.act(r.sum)
}

func (r *Rect) backward(d float64) float64 {
	return d * r.actPrime(r.sum)
}

var defaultRect = NewRect(relu, step)
