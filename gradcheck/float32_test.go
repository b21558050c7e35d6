package gradcheck_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

// net32 is a float32 network, as math32 or gorgonia users write them:
// nx→nh→1, tanh then sigmoid, cross-entropy over m examples, flat
// row-major []float32 weights.
type net32 struct {
	nx, nh, m      int
	X, Y           []float32 // X is m×nx, Y is m
	W1, b1, W2, b2 []float32
}

func newNet32(seed uint64) *net32 {
	const nx, nh, m = 20, 16, 32
	rng := rand.New(rand.NewPCG(seed, 32))
	fill := func(n int, s float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(s * rng.NormFloat64())
		}
		return v
	}
	n := &net32{nx: nx, nh: nh, m: m, X: fill(m*nx, 1), W1: fill(nh*nx, 0.5), b1: fill(nh, 0.1), W2: fill(nh, 0.5), b2: fill(1, 0.1)}
	n.Y = make([]float32, m)
	for k := range n.Y {
		n.Y[k] = float32(k % 2)
	}
	return n
}

func (n *net32) forward(k int, a1 []float32) (a2 float32) {
	z2 := n.b2[0]
	for i := 0; i < n.nh; i++ {
		z := n.b1[i]
		for j := 0; j < n.nx; j++ {
			z += n.W1[i*n.nx+j] * n.X[k*n.nx+j]
		}
		a1[i] = float32(math.Tanh(float64(z)))
		z2 += n.W2[i] * a1[i]
	}
	return float32(1 / (1 + math.Exp(-float64(z2))))
}

func (n *net32) loss() float64 {
	a1 := make([]float32, n.nh)
	var s float32
	for k := 0; k < n.m; k++ {
		a, y := n.forward(k, a1), n.Y[k]
		s += y*float32(math.Log(float64(a))) + (1-y)*float32(math.Log(float64(1-a)))
	}
	return float64(-s / float32(n.m))
}

// grads is the float32 backward pass; scaleW2 plants a bug.
func (n *net32) grads(scaleW2 float32) (dW1, db1, dW2, db2 []float32) {
	dW1, db1, dW2, db2 = make([]float32, n.nh*n.nx), make([]float32, n.nh), make([]float32, n.nh), make([]float32, 1)
	a1 := make([]float32, n.nh)
	m := float32(n.m)
	for k := 0; k < n.m; k++ {
		dz2 := n.forward(k, a1) - n.Y[k]
		db2[0] += dz2 / m
		for i := 0; i < n.nh; i++ {
			dW2[i] += scaleW2 * dz2 * a1[i] / m
			dz1 := n.W2[i] * dz2 * (1 - a1[i]*a1[i])
			db1[i] += dz1 / m
			for j := 0; j < n.nx; j++ {
				dW1[i*n.nx+j] += dz1 * n.X[k*n.nx+j] / m
			}
		}
	}
	return
}

func (n *net32) params(scaleW2 float32) []gradcheck.Param {
	dW1, db1, dW2, db2 := n.grads(scaleW2)
	return []gradcheck.Param{gradcheck.Vector32("W1", n.W1, dW1), gradcheck.Vector32("b1", n.b1, db1),
		gradcheck.Vector32("W2", n.W2, dW2), gradcheck.Vector32("b2", n.b2, db2)}
}

func (n *net32) bits() []uint32 {
	var out []uint32
	for _, v := range [][]float32{n.W1, n.b1, n.W2, n.b2} {
		for _, x := range v {
			out = append(out, math.Float32bits(x))
		}
	}
	return out
}

func TestFloat32Network(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		n := newNet32(seed)
		before := n.bits()
		build := func() (func() float64, []gradcheck.Param) { m := newNet32(seed); return m.loss, m.params(1) }
		for _, opts := range [][]gradcheck.Option{nil, {gradcheck.Bisect(3, seed)}, {gradcheck.Fast(3, seed)},
			{gradcheck.Sample(16, seed)}, {gradcheck.Parallel(2, build)}} {
			rep, err := gradcheck.Check(n.loss, n.params(1), opts...)
			if err != nil || !rep.OK() || !rep.Float32 || rep.Tol != gradcheck.Float32Tol {
				t.Fatalf("seed %d %v: a correct float32 network fails: err %v\n%v", seed, opts, err, rep)
			}
			if seed == 1 && len(opts) == 0 {
				// How close the correct network comes to the tolerance: the
				// largest |Δ|/allowed over every element.
				loose := gradcheck.Tolerance{RTol: 1e-9, ATol: 1e-12}
				strict, _ := gradcheck.Check(n.loss, n.params(1), gradcheck.WithTolerance(loose))
				worst := 0.0
				for _, p := range strict.Params {
					for _, m := range p.Comparison.Mismatches {
						worst = math.Max(worst, m.AbsDiff/rep.Tol.Allowed(m.B))
					}
				}
				t.Logf("float32, correct network: largest |Δ|/allowed %.3g under rtol %g, atol %g", worst, rep.Tol.RTol, rep.Tol.ATol)
			}
			rep, err = gradcheck.Check(n.loss, n.params(2), opts...)
			if seed == 1 && len(opts) == 0 {
				t.Logf("float32 network, dW2 counted twice:\n%v", rep)
			}
			if err != nil || rep.OK() || rep.Param("W2").OK || !rep.Param("W1").OK {
				t.Fatalf("seed %d %v: 2× dW2: err %v\n%v", seed, opts, err, rep)
			}
			if h := rep.Param("W2").Hint; !strings.Contains(h, "dW2 is 2× the numerical gradient: counted twice?") {
				t.Errorf("seed %d %v: hint %q\n%v", seed, opts, h, rep)
			}
			for i, b := range n.bits() {
				if b != before[i] {
					t.Fatalf("float32 value %d changed", i)
				}
			}
		}
	}
}

// The quotient divides by the step the float32 value really moved: on a
// loss linear in float32 parameters, computed in float64, the numeric
// derivative is exact to float64 rounding, far tighter than an intended
// step that rounding changed would allow (about ulp32(x)/h ≈ 1e-4).
func TestFloat32StepIsTheOneTaken(t *testing.T) {
	x := []float32{0.1, 3.7, -250.3, 1e-3}
	c := []float64{3, -1.5, 0.25, 7}
	loss := func() float64 {
		var s float64
		for i, v := range x {
			s += c[i] * float64(v)
		}
		return s
	}
	g := []float32{3, -1.5, 0.25, 7}
	rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector32("x", x, g)}, gradcheck.WithTolerance(gradcheck.Tolerance{RTol: 1e-12}))
	if err != nil || !rep.OK() {
		t.Errorf("err %v\n%v", err, rep)
	}
	// Float32 on a *mat.Dense: the values the loss sees are float32s too.
	w := mat.NewDense(1, 2, []float64{0.1, -2.2})
	lossD := func() float64 {
		a, b := float32(w.At(0, 0)), float32(w.At(0, 1))
		if float64(a) != w.At(0, 0) && w.At(0, 0) != 0.1 || float64(b) != w.At(0, 1) && w.At(0, 1) != -2.2 {
			panic("Check moved a parameter to a value that is not a float32")
		}
		return 2*float64(a) - 5*float64(b)
	}
	rep, err = gradcheck.Check(lossD, []gradcheck.Param{{Name: "w", Value: w, Grad: mat.NewDense(1, 2, []float64{2, -5})}},
		gradcheck.Float32(), gradcheck.WithTolerance(gradcheck.Tolerance{RTol: 1e-12}))
	if err != nil || !rep.OK() || !strings.Contains(rep.String(), ", float32 (steps rounded up to powers of two)") {
		t.Errorf("Float32 on a matrix: err %v\n%v", err, rep)
	}
	if w.At(0, 0) != 0.1 || w.At(0, 1) != -2.2 {
		t.Errorf("w not restored: %v", mat.Formatted(w))
	}
}

func ExampleVector32() {
	// A float32 logistic unit: loss = log(1 + exp(−y·w·x)) in float32.
	x, y := []float32{0.5, -1.25, 2}, float32(1)
	w := []float32{0.3, 0.1, -0.2}
	loss := func() float64 {
		var z float32
		for i := range w {
			z += w[i] * x[i]
		}
		return float64(float32(math.Log1p(math.Exp(float64(-y * z)))))
	}
	var z float32
	for i := range w {
		z += w[i] * x[i]
	}
	s := float32(1 / (1 + math.Exp(float64(y*z)))) // σ(−yz)
	dw := make([]float32, len(w))
	for i := range w {
		dw[i] = 2 * -y * s * x[i] // counted twice
	}
	rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector32("w", w, dw)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.OK(), rep.Float32, rep.Param("w").Hint)
	// Output:
	// false true dw is 2× the numerical gradient: counted twice?
}
