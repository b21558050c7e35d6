// Package wdrelu tests a ReLU output with ReLU's derivative: x > 0 is right
// on it, x >= 0 gives 1 everywhere, since a ReLU output is never negative.
package wdrelu

func relu(x float64) float64 {
	if x > 0 {
		return x
	}
	return 0
}

// step gives 1 at zero.
func step(x float64) float64 {
	if x >= 0 {
		return 1
	}
	return 0
}

// strict gives 0 at zero.
func strict(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}

// leaky's derivative: its output is negative exactly where its input is.
func leakyPrime(x float64) float64 {
	if x < 0 {
		return 0.01
	}
	return 1
}

type layer struct{ z, out []float64 }

func (l *layer) forward(x []float64) {
	for i, v := range x {
		l.z[i] = v
		l.out[i] = relu(v)
	}
}

func (l *layer) backward(g []float64) {
	for i := range g {
		g[i] *= step(l.out[i]) // want `layer\.backward applies relu'\(·\) via step, which gives 1 at zero, to l\.out\[i\], which holds relu \(assigned by layer\.forward at relu\.go:41\): a ReLU output is never negative, so the result is 1 everywhere; test l\.out\[i\] > 0`
	}
}

func (l *layer) backwardStrict(g []float64) {
	for i := range g {
		g[i] *= strict(l.out[i])
	}
}

// On the pre-activation, x >= 0 is a convention at zero, not a bug.
func (l *layer) backwardOnZ(g []float64) {
	for i := range g {
		g[i] *= step(l.z[i])
	}
}

func (l *layer) backwardLeaky(g []float64) {
	for i := range g {
		g[i] *= leakyPrime(l.out[i])
	}
}
