// Package puremethodargs sums a neuron's weighted inputs in a method that
// takes the neuron's index and changes nothing: the forward pass stores
// the activation of l.net(j), the backward pass calls l.net(j) again.
// Twin: a method that also writes the layer names no Z.
package puremethodargs

import "math"

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

func sigmoidPrime(v float64) float64 { return sigmoid(v) * (1 - sigmoid(v)) }

type layer struct {
	w          [][]float64
	b, in, out []float64
}

func (l *layer) net(j int) float64 {
	s := l.b[j]
	for i, x := range l.in {
		s += l.w[j][i] * x
	}
	return s
}

func (l *layer) forward() {
	for j := range l.out {
		l.out[j] = sigmoid(l.net(j))
	}
}

func (l *layer) backward(g []float64) {
	for j := range g {
		g[j] *= sigmoidPrime(l.net(j)) // want `layer\.backward recomputes sigmoid'\(l\.net\(j\)\) via sigmoidPrime but l\.out\[j\] already holds sigmoid \(assigned by layer\.forward at net\.go:28\); use l\.out\[j\] \* \(1 - l\.out\[j\]\)`
	}
}

// The neighbour's sum: its activation is out[j+1].
func (l *layer) backwardShifted(g []float64) {
	for j := 0; j+1 < len(l.out); j++ {
		g[j] *= sigmoidPrime(l.net(j + 1)) // want `layer\.backwardShifted recomputes sigmoid'\(l\.net\(j \+ 1\)\) via sigmoidPrime but l\.out\[j \+ 1\] already holds sigmoid .*; use l\.out\[j \+ 1\] \* \(1 - l\.out\[j \+ 1\]\)`
	}
}

// The twin: net writes the layer (it records each sum), so two calls are
// not known to give one value.
type recording struct {
	w                [][]float64
	b, in, out, sums []float64
}

func (l *recording) net(j int) float64 {
	s := l.b[j]
	for i, x := range l.in {
		s += l.w[j][i] * x
	}
	l.sums[j] = s
	return s
}

func (l *recording) forward() {
	for j := range l.out {
		l.out[j] = sigmoid(l.net(j))
	}
}

func (l *recording) backward(g []float64) {
	for j := range g {
		g[j] *= sigmoidPrime(l.net(j))
	}
}
