package helpershapes

// Helper shapes of real code: a named result with a bare return, generic
// conversions, a copy applied in place, a derivative kept in a local
// closure. Each has a twin that recomputes nothing.

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

type Float interface{ ~float32 | ~float64 }

// logistic fills its named result and returns it bare.
func logistic(v []float64) (r []float64) {
	for _, x := range v {
		r = append(r, 1/(1+math.Exp(-x)))
	}
	return
}

// clipped has the same shape but stores no activation.
func clipped(v []float64) (r []float64) {
	for _, x := range v {
		r = append(r, min(1, x))
	}
	return
}

// sigmoidT converts through a type parameter.
func sigmoidT[T Float](t T) T {
	return 1 / (1 + T(math.Exp(float64(-t))))
}

// softsignT converts the same way but is no sigmoid.
func softsignT[T Float](t T) T {
	return t / (1 + T(math.Abs(float64(t))))
}

func tanhPrimeAt(_, _ int, z float64) float64 {
	t := math.Tanh(z)
	return 1 - t*t
}

func tanhPrimeOfOutput(_, _ int, a float64) float64 { return 1 - a*a }

// tanhPrimeM copies, then applies in place, and returns the copy.
func tanhPrimeM(x *mat.Dense) *mat.Dense {
	r := mat.DenseCopyOf(x)
	r.Apply(tanhPrimeAt, r)
	return r
}

// tanhPrimeOutM does the same on the output.
func tanhPrimeOutM(a *mat.Dense) *mat.Dense {
	r := mat.DenseCopyOf(a)
	r.Apply(tanhPrimeOfOutput, r)
	return r
}

type layer struct {
	pre  []float64
	post []float64
	z    *mat.Dense
	a    *mat.Dense
	raw  []float64
	clip []float64
}

func (l *layer) forward(x, y []float64, z *mat.Dense) {
	l.pre = x
	l.post = logistic(x)
	l.raw = y
	l.clip = clipped(y)
	l.z = z
	l.a = mat.NewDense(2, 2, nil)
	l.a.Apply(func(_, _ int, v float64) float64 { return math.Tanh(v) }, z)
}

func (l *layer) backward(d []float64) *mat.Dense {
	s := logistic(l.pre) // want `layer.backward recomputes sigmoid\(l.pre\) via logistic but l.post already holds sigmoid`
	c := clipped(l.raw)
	for i := range d {
		d[i] *= s[i] * (1 - s[i]) * c[i]
	}
	return tanhPrimeM(l.z) // want `layer.backward recomputes tanh'\(l.z\) via tanhPrimeM but l.a already holds tanh`
}

// backwardLocal keeps its derivative in a local closure: a helper too.
func (l *layer) backwardLocal(d []float64) {
	df := func(x float64) float64 { return sigmoidT(x) * (1 - sigmoidT(x)) }
	soft := func(x float64) float64 { return softsignT(x) * (1 - softsignT(x)) }
	for i := range d {
		d[i] *= df(l.pre[i]) // want `layer.backwardLocal recomputes sigmoid'\(l.pre\[i\]\) via df but l.post already holds sigmoid \(assigned by layer.forward at helpershapes.go:73\); use l.post\[i\] \* \(1 - l.post\[i\]\)`
		d[i] *= soft(l.pre[i])
	}
}

func (l *layer) backwardCached(d []float64) *mat.Dense {
	for i := range d {
		d[i] *= l.post[i] * (1 - l.post[i])
	}
	return tanhPrimeOutM(l.a)
}
