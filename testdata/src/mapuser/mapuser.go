package mapuser

// Activations passed to another package's appliers (mapper.Map wraps
// gonum's Apply, mapper.Each ranges over a slice).

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"nnvet.test/src/mapper"
)

func sigmoidAt(_, _ int, z float64) float64 { return 1 / (1 + math.Exp(-z)) }

func sigmoidPrimeAt(i, j int, z float64) float64 {
	s := sigmoidAt(i, j, z)
	return s * (1 - s)
}

// primeOfOutput is the derivative written on the activation.
func primeOfOutput(_, _ int, a float64) float64 { return a * (1 - a) }

type layer struct {
	z mat.Matrix
	a mat.Matrix
}

func (l *layer) forward(z mat.Matrix) {
	l.z = z
	l.a = mapper.Map(sigmoidAt, z)
}

func (l *layer) backward() mat.Matrix {
	return mapper.Map(sigmoidPrimeAt, l.z) // want `layer.backward recomputes sigmoid'\(l.z\) via sigmoidPrimeAt but l.a already holds sigmoid \(assigned by layer.forward at mapuser.go:31\)`
}

func (l *layer) backwardCached() mat.Matrix {
	return mapper.Map(primeOfOutput, l.a)
}

type unit struct {
	pre  []float64
	post []float64
}

func (u *unit) forward(x []float64) {
	u.pre = x
	u.post = mapper.Each(x, math.Tanh)
}

func (u *unit) backward(d []float64) []float64 {
	t := mapper.Each(u.pre, math.Tanh) // want `unit.backward recomputes tanh\(u.pre\) via math.Tanh but u.post already holds tanh`
	for i := range d {
		d[i] *= 1 - t[i]*t[i]
	}
	return d
}

func (u *unit) backwardCached(d []float64) []float64 {
	for i := range d {
		d[i] *= 1 - u.post[i]*u.post[i]
	}
	return d
}
