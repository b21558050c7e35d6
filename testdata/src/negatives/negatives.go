package negatives

// Backward code that evaluates tanh or exp of things that are not a cached
// pre-activation, or where the activation is not at hand: never reported.

import "math"

type layer struct {
	sum  []float64
	out  []float64
	soft []float64 // softplus(sum2): not a sigmoid or tanh of anything
	sum2 []float64
}

func (l *layer) forward(x []float64) {
	for i := range x {
		l.sum[i] = x[i]
		l.out[i] = math.Tanh(l.sum[i])
		l.sum2[i] = 2 * x[i]
		l.soft[i] = math.Log(1 + math.Exp(l.sum2[i]))
	}
}

// Learning-rate decay, a loss, log-sum-exp, GELU's φ(x): exp and tanh of
// expressions, not of Z.
func (l *layer) backward(d []float64, epoch int, y []float64) float64 {
	lr := 0.1 * math.Exp(-0.01*float64(epoch))
	var loss float64
	for i := range d {
		loss += math.Log(math.Exp(l.sum[i]+1) + math.Exp(y[i]))
		x := l.sum[i]
		gelu := 0.5 * x * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(x+0.044715*x*x*x)))
		d[i] *= lr * gelu * math.Exp(l.sum[i]/2)
	}
	return loss
}

// Softplus: its derivative is σ(x), but nothing cached holds σ(sum2).
func (l *layer) backwardSoftplus(d []float64) {
	for i := range d {
		d[i] *= 1 / (1 + math.Exp(-l.sum2[i]))
	}
}

// An LSTM's tanh(c): the forward pass kept o·tanh(c), never tanh(c).
func lstmGrad(c, o, dh float64) float64 {
	h := o * math.Tanh(c)
	_ = h
	return dh * o * (1 - math.Tanh(c)*math.Tanh(c))
}

// The activation was changed in place (dropout) before the backward pass
// reads it: recomputing from sum is then the right thing.
func (l *layer) backwardAfterDropout(mask, d []float64) {
	for i := range l.out {
		l.out[i] *= mask[i]
	}
	for i := range d {
		t := math.Tanh(l.sum[i])
		d[i] *= 1 - t*t
	}
}

// ReLU has no transcendental to recompute.
func (l *layer) backwardReLU(d []float64) {
	for i := range d {
		if l.sum[i] <= 0 {
			d[i] = 0
		}
	}
}

// gradStep runs the forward computation inside a function named like backward
// code: the assignment that defines out is not a recomputation.
func (l *layer) gradStep(x, d []float64) {
	for i := range x {
		l.sum[i] = x[i]
		l.out[i] = math.Tanh(l.sum[i])
	}
	for i := range d {
		d[i] *= 1 - l.out[i]*l.out[i]
	}
}

// Physics: exp of a temperature is no activation.
func boltzmannGradient(energy, temperature float64) float64 {
	return -math.Exp(-energy/temperature) / temperature
}
