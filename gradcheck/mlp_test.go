package gradcheck_test

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

// mlp is the model-scale network: 784→128→10, tanh (or ReLU) then
// softmax, cross-entropy over a batch of m examples (one per column),
// 101,770 parameters. Its backward pass is hand-written, with bugs to plant.
type mlp struct {
	X, Y           *mat.Dense
	W1, b1, W2, b2 *mat.Dense
	m              int
	out            int // output units
	relu           bool
}

const (
	mlpIn, mlpHidden, mlpOut, mlpBatch = 784, 128, 10, 8
)

func newMLP(seed uint64) *mlp { return newNet(seed, mlpIn, mlpHidden, mlpOut, mlpBatch) }

// newNet draws an in→hidden→out network and a batch of m examples.
func newNet(seed uint64, in, hidden, out, m int) *mlp {
	rng := rand.New(rand.NewPCG(seed, 784))
	normal := func(r, c int, s float64) *mat.Dense {
		d := mat.NewDense(r, c, nil)
		raw := d.RawMatrix().Data
		for i := range raw {
			raw[i] = s * rng.NormFloat64()
		}
		return d
	}
	n := &mlp{X: normal(in, m, 1), W1: normal(hidden, in, 1/math.Sqrt(float64(in))), b1: normal(hidden, 1, 0.1),
		W2: normal(out, hidden, 1/math.Sqrt(float64(hidden))), b2: normal(out, 1, 0.1), m: m, out: out}
	n.Y = mat.NewDense(out, m, nil)
	for j := 0; j < m; j++ {
		n.Y.Set(rng.IntN(out), j, 1)
	}
	return n
}

func (n *mlp) forward() (A1, A2 *mat.Dense) {
	A1, A2 = new(mat.Dense), new(mat.Dense)
	A1.Mul(n.W1, n.X)
	A1.Apply(func(i, _ int, v float64) float64 { return n.act(v + n.b1.At(i, 0)) }, A1)
	A2.Mul(n.W2, A1)
	A2.Apply(func(i, _ int, v float64) float64 { return v + n.b2.At(i, 0) }, A2)
	for j := 0; j < n.m; j++ { // softmax of each column
		peak := math.Inf(-1)
		for i := 0; i < n.out; i++ {
			peak = math.Max(peak, A2.At(i, j))
		}
		var s float64
		for i := 0; i < n.out; i++ {
			e := math.Exp(A2.At(i, j) - peak)
			A2.Set(i, j, e)
			s += e
		}
		for i := 0; i < n.out; i++ {
			A2.Set(i, j, A2.At(i, j)/s)
		}
	}
	return A1, A2
}

func (n *mlp) act(z float64) float64 {
	if !n.relu {
		return math.Tanh(z)
	}
	return max(z, 0)
}

// actPrime is the activation's derivative written on its output a: ReLU's
// is 1 where a > 0 and 0 elsewhere (0 at the kink itself).
func (n *mlp) actPrime(a float64) float64 {
	if !n.relu {
		return 1 - a*a
	}
	if a > 0 {
		return 1
	}
	return 0
}

// newReluMLP is the MLP with ReLU hidden units and kinks planted: for each
// {unit, example, z}, b1[unit] is moved so that the pre-activation of that
// unit at that example is z, a distance from ReLU's kink far below the
// finite-difference step.
func newReluMLP(seed uint64, kinks [][3]float64) *mlp { return withKinks(newMLP(seed), kinks) }

// withKinks makes n a ReLU network with kinks planted (see newReluMLP).
func withKinks(n *mlp, kinks [][3]float64) *mlp {
	n.relu = true
	var Z mat.Dense
	Z.Mul(n.W1, n.X)
	for _, k := range kinks {
		j, b := int(k[0]), int(k[1])
		n.b1.Set(j, 0, k[2]-Z.At(j, b))
	}
	return n
}

// mlpKinks are the kinks planted in the ReLU MLP of the tests and
// benchmarks (scripts/bench_python.py plants the same): four units with a
// pre-activation within 1e-8 of zero, on either side.
var mlpKinks = [][3]float64{{5, 0, 1e-8}, {17, 3, -1e-8}, {64, 5, 5e-9}, {100, 7, -5e-9}}

func (n *mlp) loss() float64 {
	_, A2 := n.forward()
	var s float64
	for j := 0; j < n.m; j++ {
		for i := 0; i < n.out; i++ {
			if n.Y.At(i, j) == 1 {
				s -= math.Log(A2.At(i, j))
			}
		}
	}
	return s / float64(n.m)
}

// mlpBug is a bug planted in the backward pass.
type mlpBug int

const (
	mlpCorrect      mlpBug = iota
	mlpOneElement          // dW1[5,300] off by 0.05
	mlpMissing1m           // dW2 without its 1/m
	mlpWrongRow            // every element of dW1's row 5 off by 0.01
	mlpBias1Percent        // db2[3] 1% too large
	mlpFourElements        // dW1[5,300], dW1[100,17], dW1[127,783] and dW2[3,64] wrong
)

func (b mlpBug) String() string {
	return [...]string{"correct", "one wrong element", "missing 1/m", "wrong row", "1% bias error", "four wrong elements"}[b]
}

func (n *mlp) backward(bug mlpBug) []gradcheck.Param {
	A1, A2 := n.forward()
	m := float64(n.m)
	var dZ2, dW2, dZ1, dW1 mat.Dense
	dZ2.Sub(A2, n.Y)
	dW2.Mul(&dZ2, A1.T())
	if bug != mlpMissing1m {
		dW2.Scale(1/m, &dW2)
	}
	hidden, in := n.W1.Dims()
	db2 := mat.NewDense(n.out, 1, nil)
	for i := 0; i < n.out; i++ {
		db2.Set(i, 0, mat.Sum(dZ2.RowView(i))/m)
	}
	dZ1.Mul(n.W2.T(), &dZ2)
	dZ1.Apply(func(i, j int, v float64) float64 { return v * n.actPrime(A1.At(i, j)) }, &dZ1)
	dW1.Mul(&dZ1, n.X.T())
	dW1.Scale(1/m, &dW1)
	db1 := mat.NewDense(hidden, 1, nil)
	for i := 0; i < hidden; i++ {
		db1.Set(i, 0, mat.Sum(dZ1.RowView(i))/m)
	}
	switch bug {
	case mlpOneElement:
		dW1.Set(5, 300, dW1.At(5, 300)+0.05)
	case mlpWrongRow:
		for j := 0; j < in; j++ {
			dW1.Set(5, j, dW1.At(5, j)+0.01)
		}
	case mlpBias1Percent:
		db2.Set(3, 0, db2.At(3, 0)*1.01)
	case mlpFourElements:
		dW1.Set(5, 300, dW1.At(5, 300)+0.05)
		dW1.Set(100, 17, dW1.At(100, 17)-0.02)
		dW1.Set(127, 783, dW1.At(127, 783)*-3+0.01)
		dW2.Set(3, 64, dW2.At(3, 64)+1e-3)
	}
	return []gradcheck.Param{{Name: "W1", Value: n.W1, Grad: &dW1}, {Name: "b1", Value: n.b1, Grad: db1},
		{Name: "W2", Value: n.W2, Grad: &dW2}, {Name: "b2", Value: n.b2, Grad: db2}}
}
