package gradcheck_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

func ExampleIsClose() {
	// numpy.isclose(1e10, 1.00001e10) and numpy.isclose(1e-7, 1e-8)
	fmt.Println(gradcheck.IsClose(1e10, 1.00001e10, gradcheck.NumPy))
	fmt.Println(gradcheck.IsClose(1e-7, 1e-8, gradcheck.NumPy))
	// Output:
	// true
	// false
}

func ExampleAllClose() {
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 1, 2, 3.001})
	b := mat.NewDense(1, 3, []float64{1, 2, 3}) // broadcast over a's rows, as numpy does
	fmt.Println(gradcheck.AllClose(a, b, gradcheck.NumPy))
	c, _ := gradcheck.Compare(a, b, gradcheck.NumPy)
	c.Name = "A"
	fmt.Println(c)
	// Output:
	// false
	// A: not close: rtol=1e-05, atol=1e-08
	// Mismatched elements: 1 / 6 (16.7%)
	// Max absolute difference among violations: 0.001
	// Max relative difference among violations: 0.000333333
	//   A[1,2] = 3.001 vs 3 (|Δ| 0.001 > allowed 3e-05, 33.3×)
}

// tinyNet is a 2→3→1 network, tanh then sigmoid, with cross-entropy over a
// batch of 4 examples, and its hand-written backward pass.
type tinyNet struct {
	X, Y           *mat.Dense
	W1, b1, W2, b2 *mat.Dense
}

func newTinyNet() *tinyNet {
	return &tinyNet{
		X:  mat.NewDense(2, 4, []float64{0.5, -1, 1.5, 0.2, -0.3, 0.8, 0.1, -1.2}),
		Y:  mat.NewDense(1, 4, []float64{1, 0, 1, 0}),
		W1: mat.NewDense(3, 2, []float64{0.1, -0.2, 0.4, 0.3, -0.5, 0.2}),
		b1: mat.NewDense(3, 1, []float64{0.01, -0.02, 0.03}),
		W2: mat.NewDense(1, 3, []float64{0.7, -0.4, 0.2}),
		b2: mat.NewDense(1, 1, []float64{0.05}),
	}
}

func (n *tinyNet) forward() (A1, A2 *mat.Dense) {
	A1, A2 = new(mat.Dense), new(mat.Dense)
	A1.Mul(n.W1, n.X)
	A1.Apply(func(i, _ int, v float64) float64 { return math.Tanh(v + n.b1.At(i, 0)) }, A1)
	A2.Mul(n.W2, A1)
	A2.Apply(func(_, _ int, v float64) float64 { return 1 / (1 + math.Exp(-(v + n.b2.At(0, 0)))) }, A2)
	return A1, A2
}

func (n *tinyNet) loss() float64 {
	_, A2 := n.forward()
	var sum float64
	for j := 0; j < 4; j++ {
		a, y := A2.At(0, j), n.Y.At(0, j)
		sum += y*math.Log(a) + (1-y)*math.Log(1-a)
	}
	return -sum / 4
}

// backward returns dW1, db1, dW2, db2; scaleDW2 plants a bug when not 1.
func (n *tinyNet) backward(scaleDW2 float64) []gradcheck.Param {
	return n.backwardWith(scaleDW2, func(a float64) float64 { return 1 - a*a })
}

// backwardWith takes tanh's derivative as a function of the hidden
// layer's output A1.
func (n *tinyNet) backwardWith(scaleDW2 float64, dtanh func(a float64) float64) []gradcheck.Param {
	A1, A2 := n.forward()
	var dZ2, dW2, dZ1, dW1 mat.Dense
	dZ2.Sub(A2, n.Y)
	dW2.Mul(&dZ2, A1.T())
	dW2.Scale(scaleDW2/4, &dW2)
	db2 := mat.NewDense(1, 1, []float64{mat.Sum(&dZ2) / 4})
	dZ1.Mul(n.W2.T(), &dZ2)
	dZ1.Apply(func(i, j int, v float64) float64 { return v * dtanh(A1.At(i, j)) }, &dZ1)
	dW1.Mul(&dZ1, n.X.T())
	dW1.Scale(0.25, &dW1)
	db1 := mat.NewDense(3, 1, nil)
	for i := 0; i < 3; i++ {
		db1.Set(i, 0, mat.Sum(dZ1.RowView(i))/4)
	}
	return []gradcheck.Param{
		{Name: "W1", Value: n.W1, Grad: &dW1}, {Name: "b1", Value: n.b1, Grad: db1},
		{Name: "W2", Value: n.W2, Grad: &dW2}, {Name: "b2", Value: n.b2, Grad: db2},
	}
}

func ExampleCheck() {
	net := newTinyNet()
	rep, err := gradcheck.Check(net.loss, net.backward(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.OK(), rep.Evals, "loss evaluations")

	// dW2 without its 1/m: the report names it and guesses why.
	rep, _ = gradcheck.Check(net.loss, net.backward(4))
	fmt.Println(rep.OK(), rep.Param("W2").Hint)
	// Output:
	// true 28 loss evaluations
	// false dW2 is 4× the numerical gradient: missing 1/m (batch size 4)?
}

// The bug nnvet's wrongderiv reports statically, caught at run time: the
// textbook derivative 1 - tanh(z)², written for Z, applied to the cached
// output A1 = tanh(Z1). Every hidden gradient is tanh'(tanh(z)).
func Example_wrongDerivative() {
	net := newTinyNet()
	textbook := func(z float64) float64 { t := math.Tanh(z); return 1 - t*t }
	rep, _ := gradcheck.Check(net.loss, net.backwardWith(1, textbook))
	for _, name := range []string{"W1", "b1", "W2", "b2"} {
		if p := rep.Param(name); p.OK {
			fmt.Println(name, "ok")
		} else {
			fmt.Printf("%s wrong: relative difference %.2g\n", name, p.Difference)
		}
	}
	// Output:
	// W1 wrong: relative difference 0.011
	// b1 wrong: relative difference 0.087
	// W2 ok
	// b2 ok
}

// recorder is a testing.TB that keeps what Assert reports, for the example.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Error(args ...any)         { r.msgs = append(r.msgs, fmt.Sprint(args...)) }
func (r *recorder) Fatal(args ...any)         { r.Error(args...) }
func (r *recorder) Errorf(f string, a ...any) { r.Error(fmt.Sprintf(f, a...)) }

func ExampleAssert() {
	// In a test: gradcheck.Assert(t, net.loss, net.backward(1)).
	net := newTinyNet()
	t := &recorder{}
	gradcheck.Assert(t, net.loss, net.backward(1))
	fmt.Println(len(t.msgs), "failures")

	gradcheck.Assert(t, net.loss, net.backward(-1)) // dW2 with the wrong sign
	fmt.Println(len(t.msgs), "failure:", strings.SplitN(t.msgs[0], "\n", 2)[0])
	// Output:
	// 0 failures
	// 1 failure: gradient of W2 is wrong (central differences, step 6e-06·max(1,|x|), rtol=1e-05 atol=1e-08, element-wise)
}
