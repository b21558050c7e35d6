package holds

import "math"

// gates packs four pre-activations in one slice: its containers pair with
// each gate's output, no element does.
type gates struct {
	n          int
	z          []float64
	i, f, o, c []float64
}

func (g *gates) forward() {
	for k := 0; k < g.n; k++ {
		g.i[k] = 1 / (1 + math.Exp(-g.z[k]))
		g.f[k] = 1 / (1 + math.Exp(-g.z[g.n+k]))
		g.o[k] = 1 / (1 + math.Exp(-g.z[2*g.n+k]))
		g.c[k] = math.Tanh(g.z[3*g.n+k])
	}
}

func (g *gates) backward() {
	probe(g.z[3*g.n]) // want `g.z\[3 \* g.n\]: packed pre of sigmoid or tanh`
	probe(g.c[0])     // want `g.c\[0\]: act tanh \(assigned by gates.forward at noevidence.go:18\)`
	grad = 1 - g.c[0]*g.c[0]
}

// fresh stores an empty buffer before it is filled: the fill is where the
// activation is stored, not the store of the empty buffer.
type fresh struct{ z, a []float64 }

func (l *fresh) forward(x []float64) {
	l.z = x
	l.a = make([]float64, len(x))
	for i := range x {
		l.a[i] = math.Tanh(x[i])
	}
}

func (l *fresh) backward() {
	probe(l.a[0]) // want `l.a\[0\]: act tanh \(assigned by fresh.forward at noevidence.go:36\)`
	grad = 1 - l.a[0]*l.a[0]
}
