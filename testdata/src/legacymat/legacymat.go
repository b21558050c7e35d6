package legacymat

// The legacy github.com/gonum/matrix/mat64 is gonum too: its Apply and At
// are the same applier and element access as mat's.

import (
	"math"

	"github.com/gonum/matrix/mat64"
)

func tanhAt(_, _ int, v float64) float64 { return math.Tanh(v) }

func tanhPrimeAt(_, _ int, v float64) float64 {
	t := math.Tanh(v)
	return 1 - t*t
}

func tanhPrimeOfOutput(_, _ int, a float64) float64 { return 1 - a*a }

type layer struct {
	z, a *mat64.Dense
}

func (l *layer) forward(z *mat64.Dense) {
	l.z = z
	l.a = mat64.NewDense(2, 2, nil)
	l.a.Apply(tanhAt, z)
}

func (l *layer) backward(d *mat64.Dense) {
	d.Apply(tanhPrimeAt, l.z) // want `layer.backward recomputes tanh'\(l.z\) via tanhPrimeAt but l.a already holds tanh \(assigned by layer.forward at legacymat.go:28\)`
}

func (l *layer) backwardCached(d *mat64.Dense) {
	d.Apply(tanhPrimeOfOutput, l.a)
}

func (l *layer) gradAt(i, j int) float64 {
	t := math.Tanh(l.z.At(i, j)) // want `layer.gradAt recomputes tanh\(l.z\) but l.a already holds tanh`
	return 1 - t*t
}
