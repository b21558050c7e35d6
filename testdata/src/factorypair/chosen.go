package factorypair

// NewLayer is handed the factory itself, by this package's constructors
// and by importers: whichever it is, f and df come from one call of it,
// so forward through f and backward through df are one choice.
type cell struct {
	sum, out float64
}

type chosenLayer struct {
	cells []cell
	f, df func(float64) float64
}

func NewLayer(size int, kind func() (func(float64) float64, func(float64) float64)) *chosenLayer {
	f, df := kind()
	return &chosenLayer{cells: make([]cell, size), f: f, df: df}
}

func NewSigmoidLayer(size int) *chosenLayer { return NewLayer(size, Sigmoid) }

func (l *chosenLayer) forward(x []float64) {
	for i := range l.cells {
		l.cells[i].sum = x[i]
		l.cells[i].out = l.f(l.cells[i].sum)
	}
}

func (l *chosenLayer) delta(g []float64) {
	for i := range g {
		g[i] *= l.df(l.cells[i].sum) // want `chosenLayer\.delta recomputes the derivative of l\.cells\[i\]\.sum via df \(sigmoidSlope recomputes sigmoid\) but l\.cells\[i\]\.out already holds sigmoid or another activation \(assigned by chosenLayer\.forward at chosen\.go:25\); use the derivative written on l\.cells\[i\]\.out`
	}
}

// The twin: the derivative field comes from another call of the factory
// than the activation's, so nothing says they are one choice.
type splitLayer struct {
	cells []cell
	f, df func(float64) float64
}

func NewSplitLayer(size int, kind, slope func() (func(float64) float64, func(float64) float64)) *splitLayer {
	f, _ := kind()
	_, df := slope()
	return &splitLayer{cells: make([]cell, size), f: f, df: df}
}

func NewSigmoidSplit(size int) *splitLayer { return NewSplitLayer(size, Sigmoid, Sigmoid) }

func (l *splitLayer) forward(x []float64) {
	for i := range l.cells {
		l.cells[i].sum = x[i]
		l.cells[i].out = l.f(l.cells[i].sum)
	}
}

func (l *splitLayer) delta(g []float64) {
	for i := range g {
		g[i] *= l.df(l.cells[i].sum)
	}
}
