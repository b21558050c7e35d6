package softmax

// Softmax is an activation too: exp(v[i]-max)/sum with sum += exp(v[j]-max)
// over the same slice. Its twin divides by something that is not a sum of
// exponentials and is no softmax.

import "math"

func softmax(v []float64) []float64 {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	sum := 0.0
	for i := range v {
		sum += math.Exp(v[i] - m)
	}
	out := make([]float64, len(v))
	for i := range v {
		out[i] = math.Exp(v[i]-m) / sum
	}
	return out
}

// softmaxDiag recomputes the whole softmax for every element.
func softmaxDiag(v []float64) []float64 {
	var d []float64
	for i := range v {
		d = append(d, softmax(v)[i]*(1-softmax(v)[i]))
	}
	return d
}

// expOverLen divides by the length: not a softmax.
func expOverLen(v []float64) []float64 {
	n := 0.0
	for range v {
		n += 1
	}
	out := make([]float64, len(v))
	for i := range v {
		out[i] = math.Exp(v[i]) / n
	}
	return out
}

func expOverLenDiag(v []float64) []float64 {
	var d []float64
	for i := range v {
		d = append(d, expOverLen(v)[i]*(1-expOverLen(v)[i]))
	}
	return d
}

type Layer struct {
	Pre  []float64
	Post []float64
	Raw  []float64
	Norm []float64
}

func (l *Layer) Forward(s, x []float64) {
	l.Pre = s
	l.Post = softmax(s)
	l.Raw = x
	l.Norm = expOverLen(x)
}

func (l *Layer) Backward(d []float64) []float64 {
	g := softmaxDiag(l.Pre) // want `Layer.Backward recomputes softmax'\(l.Pre\) via softmaxDiag but l.Post already holds softmax \(assigned by Layer.Forward at softmax.go:64\); use a \* \(1 - a\) for each a in l.Post`
	for i := range d {
		d[i] *= g[i]
	}
	return d
}

func (l *Layer) BackwardCached(d []float64) []float64 {
	for i := range d {
		d[i] *= l.Post[i] * (1 - l.Post[i])
	}
	return d
}

func (l *Layer) BackwardNorm(d []float64) []float64 {
	g := expOverLenDiag(l.Raw)
	for i := range d {
		d[i] *= g[i]
	}
	return d
}
