package gradcheck_test

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

// mlp is the model-scale network: 784→128→10, tanh then softmax,
// cross-entropy over a batch of m examples (one per column), 101,770
// parameters. Its backward pass is hand-written, with bugs to plant.
type mlp struct {
	X, Y           *mat.Dense
	W1, b1, W2, b2 *mat.Dense
	m              int
}

const (
	mlpIn, mlpHidden, mlpOut, mlpBatch = 784, 128, 10, 8
)

func newMLP(seed uint64) *mlp {
	rng := rand.New(rand.NewPCG(seed, 784))
	normal := func(r, c int, s float64) *mat.Dense {
		d := mat.NewDense(r, c, nil)
		raw := d.RawMatrix().Data
		for i := range raw {
			raw[i] = s * rng.NormFloat64()
		}
		return d
	}
	n := &mlp{X: normal(mlpIn, mlpBatch, 1), W1: normal(mlpHidden, mlpIn, 1/math.Sqrt(mlpIn)), b1: normal(mlpHidden, 1, 0.1),
		W2: normal(mlpOut, mlpHidden, 1/math.Sqrt(mlpHidden)), b2: normal(mlpOut, 1, 0.1), m: mlpBatch}
	n.Y = mat.NewDense(mlpOut, mlpBatch, nil)
	for j := 0; j < mlpBatch; j++ {
		n.Y.Set(rng.IntN(mlpOut), j, 1)
	}
	return n
}

func (n *mlp) forward() (A1, A2 *mat.Dense) {
	A1, A2 = new(mat.Dense), new(mat.Dense)
	A1.Mul(n.W1, n.X)
	A1.Apply(func(i, _ int, v float64) float64 { return math.Tanh(v + n.b1.At(i, 0)) }, A1)
	A2.Mul(n.W2, A1)
	A2.Apply(func(i, _ int, v float64) float64 { return v + n.b2.At(i, 0) }, A2)
	for j := 0; j < n.m; j++ { // softmax of each column
		peak := math.Inf(-1)
		for i := 0; i < mlpOut; i++ {
			peak = math.Max(peak, A2.At(i, j))
		}
		var s float64
		for i := 0; i < mlpOut; i++ {
			e := math.Exp(A2.At(i, j) - peak)
			A2.Set(i, j, e)
			s += e
		}
		for i := 0; i < mlpOut; i++ {
			A2.Set(i, j, A2.At(i, j)/s)
		}
	}
	return A1, A2
}

func (n *mlp) loss() float64 {
	_, A2 := n.forward()
	var s float64
	for j := 0; j < n.m; j++ {
		for i := 0; i < mlpOut; i++ {
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
)

func (b mlpBug) String() string {
	return [...]string{"correct", "one wrong element", "missing 1/m", "wrong row", "1% bias error"}[b]
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
	db2 := mat.NewDense(mlpOut, 1, nil)
	for i := 0; i < mlpOut; i++ {
		db2.Set(i, 0, mat.Sum(dZ2.RowView(i))/m)
	}
	dZ1.Mul(n.W2.T(), &dZ2)
	dZ1.Apply(func(i, j int, v float64) float64 { a := A1.At(i, j); return v * (1 - a*a) }, &dZ1)
	dW1.Mul(&dZ1, n.X.T())
	dW1.Scale(1/m, &dW1)
	db1 := mat.NewDense(mlpHidden, 1, nil)
	for i := 0; i < mlpHidden; i++ {
		db1.Set(i, 0, mat.Sum(dZ1.RowView(i))/m)
	}
	switch bug {
	case mlpOneElement:
		dW1.Set(5, 300, dW1.At(5, 300)+0.05)
	case mlpWrongRow:
		for j := 0; j < mlpIn; j++ {
			dW1.Set(5, j, dW1.At(5, j)+0.01)
		}
	case mlpBias1Percent:
		db2.Set(3, 0, db2.At(3, 0)*1.01)
	}
	return []gradcheck.Param{{Name: "W1", Value: n.W1, Grad: &dW1}, {Name: "b1", Value: n.b1, Grad: db1},
		{Name: "W2", Value: n.W2, Grad: &dW2}, {Name: "b2", Value: n.b2, Grad: db2}}
}
