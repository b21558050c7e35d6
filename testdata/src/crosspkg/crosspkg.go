package crosspkg

// Helpers, an applier and a layer from another package, known through facts.

import "nnvet.test/src/acts"

func Backward(l *acts.Layer, dOut []float64) []float64 {
	d := make([]float64, len(dOut))
	for i := range dOut {
		d[i] = dOut[i] * acts.SigmoidPrime(l.Pre[i]) // want `Backward recomputes sigmoid'\(l.Pre\[i\]\) via SigmoidPrime but l.Out already holds sigmoid \(assigned by Layer.Forward at acts.go:31\); use l.Out\[i\] \* \(1 - l.Out\[i\]\)`
	}
	return d
}

func BackwardCached(l *acts.Layer, dOut []float64) []float64 {
	d := make([]float64, len(dOut))
	for i := range dOut {
		d[i] = dOut[i] * l.Out[i] * (1 - l.Out[i])
	}
	return d
}

func Derivatives(l *acts.Layer) []float64 {
	return acts.Map(acts.SigmoidPrime, l.Pre) // want `Derivatives recomputes sigmoid'\(l.Pre\) via acts.SigmoidPrime but l.Out already holds sigmoid`
}

func DerivativesCached(l *acts.Layer) []float64 {
	return acts.Map(func(a float64) float64 { return a * (1 - a) }, l.Out)
}
