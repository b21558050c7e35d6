package snapshots

// A forward pass that keeps copies of one vector taken before and after it
// is activated in place (zs = append(zs, v.Copy()); v.Each(act.f);
// as = append(as, v.Copy())), returned as named results. The twin copies
// the vector around something that is no activation.

import "math"

// trainEarly comes before predict in the file: the result pair that
// predict's body proves is still known here.
func (n *Net) trainEarly(in *Vec[float64]) []*Vec[float64] {
	_, zs, as := n.predict(in)
	zs[0].Each(n.act.df) // want `Net.trainEarly recomputes sigmoid'\(zs\) via n.act.df but as already holds sigmoid`
	return as
}

type Vec[T ~float64] struct{ t []T }

func (v *Vec[T]) Each(f func(T) T) {
	for i := range v.t {
		v.t[i] = f(v.t[i])
	}
}

func (v *Vec[T]) Copy() *Vec[T] {
	t := make([]T, len(v.t))
	copy(t, v.t)
	return &Vec[T]{t}
}

func (v *Vec[T]) Scale(k T) {
	for i := range v.t {
		v.t[i] *= k
	}
}

type Activator struct {
	f, df func(float64) float64
}

func Logistic() Activator {
	sigmoid := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	return Activator{
		f:  sigmoid,
		df: func(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) },
	}
}

type Net struct {
	act    Activator
	layers int
}

func (n *Net) predict(in *Vec[float64]) (out *Vec[float64], zs, as []*Vec[float64]) {
	v := in.Copy()
	for range n.layers {
		v.Scale(2)
		zs = append(zs, v.Copy())
		v.Each(n.act.f)
		as = append(as, v.Copy())
	}
	out = as[len(as)-1]
	return
}

func (n *Net) train(in *Vec[float64]) []*Vec[float64] {
	_, zs, as := n.predict(in)
	for i := len(zs) - 1; i >= 0; i-- {
		zs[i].Each(n.act.df) // want `Net.train recomputes sigmoid'\(zs\) via n.act.df but as already holds sigmoid \(returned together by predict at snapshots.go:68\); use a \* \(1 - a\) for each a in as\[i\]`
	}
	return as
}

func (n *Net) trainCached(in *Vec[float64]) []*Vec[float64] {
	_, _, as := n.predict(in)
	for i := range as {
		as[i].Each(func(a float64) float64 { return a * (1 - a) })
	}
	return as
}

// scaled copies the vector around a scaling: the copies do not pair.
func (n *Net) scaled(in *Vec[float64]) (xs, ys []*Vec[float64]) {
	v := in.Copy()
	xs = append(xs, v.Copy())
	v.Scale(0.5)
	ys = append(ys, v.Copy())
	return
}

func (n *Net) trainScaled(in *Vec[float64]) []*Vec[float64] {
	xs, ys := n.scaled(in)
	xs[0].Each(n.act.df)
	return ys
}
