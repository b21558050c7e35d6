package acts

// Helpers and a layer in one package; crosspkg uses them through facts.

import "math"

type Layer struct {
	Pre []float64
	Out []float64
}

func Sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func SigmoidPrime(x float64) float64 {
	s := Sigmoid(x)
	return s * (1 - s)
}

// Map applies f to every element of xs.
func Map(f func(float64) float64, xs []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func (l *Layer) Forward(w, x []float64) {
	for i := range w {
		l.Pre[i] = w[i] * x[i]
		l.Out[i] = Sigmoid(l.Pre[i])
	}
}
