package indexed

// Forward fills Z and A element by element from one scalar: Z[j] = s;
// A[j] = act(s), so A[j] holds act(Z[j]). Twins: A stored at another index,
// and s changed between the two stores.

import "math"

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func sigmoidPrime(x float64) float64 { return sigmoid(x) * (1 - sigmoid(x)) }

type layer struct {
	w    [][]float64
	b    []float64
	Z, A []float64
}

func (l *layer) forward(in []float64) {
	for j := range l.w {
		s := l.b[j]
		for i, x := range in {
			s += l.w[j][i] * x
		}
		l.Z[j] = s
		l.A[j] = sigmoid(s)
	}
}

func (l *layer) backward(grad []float64) {
	for j := range grad {
		grad[j] *= sigmoidPrime(l.Z[j]) // want `layer.backward recomputes sigmoid'\(l.Z\[j\]\) via sigmoidPrime but l.A already holds sigmoid \(assigned by layer.forward at indexed.go:26\); use l.A\[j\] \* \(1 - l.A\[j\]\)`
	}
}

// A range value stored beside its activation.
type cell struct{ Z, H []float64 }

func (c *cell) forward(in []float64) {
	for i, v := range in {
		c.Z[i] = v
		c.H[i] = math.Tanh(v)
	}
}

func (c *cell) backward(grad []float64) {
	for i := range grad {
		t := math.Tanh(c.Z[i]) // want `cell.backward recomputes tanh\(c.Z\[i\]\) but c.H already holds tanh \(assigned by cell.forward at indexed.go:42\); use 1 - c.H\[i\]\*c.H\[i\]`
		grad[i] *= 1 - t*t
	}
}

// shifted stores A one place further: A[j+1] is not act(Z[j]).
type shifted struct{ Z, A []float64 }

func (l *shifted) forward(in []float64) {
	for j, s := range in {
		l.Z[j] = s
		l.A[j+1] = sigmoid(s)
	}
}

func (l *shifted) backward(grad []float64) {
	for j := range grad {
		grad[j] *= sigmoidPrime(l.Z[j])
	}
}

// biased adds the bias to s after storing Z: A holds act of another value.
type biased struct {
	Z, A []float64
	b    float64
}

func (l *biased) forward(in []float64) {
	for j, x := range in {
		s := 2 * x
		l.Z[j] = s
		s += l.b
		l.A[j] = sigmoid(s)
	}
}

func (l *biased) backward(grad []float64) {
	for j := range grad {
		grad[j] *= sigmoidPrime(l.Z[j])
	}
}

// Per-layer rows: zs[l][j] and as[l][j] at the same indices.
type net struct {
	w      [][][]float64
	zs, as [][]float64
}

func (n *net) forward(x []float64) {
	in := x
	for l := range n.w {
		for j := range n.w[l] {
			s := 0.0
			for i, v := range in {
				s += n.w[l][j][i] * v
			}
			n.zs[l][j] = s
			n.as[l][j] = sigmoid(s)
		}
		in = n.as[l]
	}
}

func (n *net) backprop(d []float64) {
	l := len(n.w) - 1
	for j := range d {
		d[j] *= sigmoidPrime(n.zs[l][j]) // want `net.backprop recomputes sigmoid'\(n.zs\[l\]\[j\]\) via sigmoidPrime but n.as already holds sigmoid \(assigned by net.forward at indexed.go:105\); use n.as\[l\]\[j\] \* \(1 - n.as\[l\]\[j\]\)`
	}
}

// offsetNet keeps the input in as[0]: as[l+1][j] is act(zs[l][j]), a
// layout this rule leaves alone.
type offsetNet struct {
	w      [][][]float64
	zs, as [][]float64
}

func (n *offsetNet) forward() {
	for l := range n.w {
		for j := range n.w[l] {
			s := 0.0
			for i, v := range n.as[l] {
				s += n.w[l][j][i] * v
			}
			n.zs[l][j] = s
			n.as[l+1][j] = sigmoid(s)
		}
	}
}

func (n *offsetNet) backprop(d []float64) {
	l := len(n.w) - 1
	for j := range d {
		d[j] *= sigmoidPrime(n.zs[l][j])
	}
}
