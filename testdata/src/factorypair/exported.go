package factorypair

// The twin: Unit.Fire is exported, so an importer may hand it any
// function; what u.out holds is not known from this package's calls.
type Unit struct {
	w        []float64
	sum, out float64
}

func (u *Unit) Fire(x []float64, f func(float64) float64) {
	u.sum = 0
	for i := range x {
		u.sum += u.w[i] * x[i]
	}
	u.out = f(u.sum)
}

type unitLayer struct {
	units []*Unit
	f, df func(float64) float64
}

func newUnitLayer() *unitLayer {
	f, df := Sigmoid()
	return &unitLayer{f: f, df: df}
}

func (l *unitLayer) forward(x []float64) {
	for _, u := range l.units {
		u.Fire(x, l.f)
	}
}

func (l *unitLayer) delta(g []float64) {
	for i, u := range l.units {
		g[i] *= l.df(u.sum)
	}
}
