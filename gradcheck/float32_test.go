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

func (n *net32) bits() []uint32 { return bits32(n.W1, n.b1, n.W2, n.b2) }

// bits32 snapshots the bits of float32 parameters.
func bits32(params ...[]float32) []uint32 {
	var out []uint32
	for _, v := range params {
		for _, x := range v {
			out = append(out, math.Float32bits(x))
		}
	}
	return out
}

func sameBits32(t *testing.T, before, after []uint32) {
	t.Helper()
	for i, b := range after {
		if b != before[i] {
			t.Fatalf("float32 value %d changed", i)
		}
	}
}

func TestFloat32Network(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		n := newNet32(seed)
		before := n.bits()
		build := func() (func() float64, []gradcheck.Param) { m := newNet32(seed); return m.loss, m.params(1) }
		for _, opts := range [][]gradcheck.Option{nil, {gradcheck.Fast(3, seed)}, {gradcheck.Fast(3, seed), gradcheck.PerParameter()},
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
			sameBits32(t, before, n.bits())
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

// mlp32 is the 784-128-10 tanh/softmax MLP of mlp_test.go in float32, as a
// float32 network keeps it: row-major []float32 weights (Matrix32), every
// sum and activation rounded to float32, the loss returned as a float64.
type mlp32 struct {
	X, Y           []float32 // X is in×m, Y is out×m, one example per column
	W1, b1, W2, b2 []float32
	in, hid, out   int
	m              int
}

// newMLP32 rounds the float64 MLP's data and weights to float32.
func newMLP32(seed uint64) *mlp32 {
	d := newMLP(seed)
	f32 := func(a *mat.Dense) []float32 {
		raw := a.RawMatrix().Data
		out := make([]float32, len(raw))
		for i, v := range raw {
			out[i] = float32(v)
		}
		return out
	}
	return &mlp32{X: f32(d.X), Y: f32(d.Y), W1: f32(d.W1), b1: f32(d.b1), W2: f32(d.W2), b2: f32(d.b2),
		in: mlpIn, hid: mlpHidden, out: mlpOut, m: mlpBatch}
}

func (n *mlp32) forward() (A1, A2 []float32) {
	A1, A2 = make([]float32, n.hid*n.m), make([]float32, n.out*n.m)
	for i := 0; i < n.hid; i++ {
		for b := 0; b < n.m; b++ {
			z := n.b1[i]
			for j := 0; j < n.in; j++ {
				z += n.W1[i*n.in+j] * n.X[j*n.m+b]
			}
			A1[i*n.m+b] = float32(math.Tanh(float64(z)))
		}
	}
	for b := 0; b < n.m; b++ {
		peak := float32(math.Inf(-1))
		for i := 0; i < n.out; i++ {
			z := n.b2[i]
			for j := 0; j < n.hid; j++ {
				z += n.W2[i*n.hid+j] * A1[j*n.m+b]
			}
			A2[i*n.m+b] = z
			peak = max(peak, z)
		}
		var s float32
		for i := 0; i < n.out; i++ {
			e := float32(math.Exp(float64(A2[i*n.m+b] - peak)))
			A2[i*n.m+b] = e
			s += e
		}
		for i := 0; i < n.out; i++ {
			A2[i*n.m+b] /= s
		}
	}
	return A1, A2
}

func (n *mlp32) loss() float64 {
	_, A2 := n.forward()
	var s float32
	for k, y := range n.Y {
		if y == 1 {
			s -= float32(math.Log(float64(A2[k])))
		}
	}
	return float64(s / float32(n.m))
}

// params is the float32 backward pass with a bug planted (see grads), as
// the parameters Check takes.
func (n *mlp32) params(bug mlpBug) []gradcheck.Param {
	g := n.grads(bug)
	return []gradcheck.Param{gradcheck.Matrix32("W1", n.hid, n.in, n.W1, g[0]), gradcheck.Vector32("b1", n.b1, g[1]),
		gradcheck.Matrix32("W2", n.out, n.hid, n.W2, g[2]), gradcheck.Vector32("b2", n.b2, g[3])}
}

// grads is the float32 backward pass, dW1, db1, dW2 and db2, with a bug
// planted: one wrong element of dW1, or dW2 without its 1/m.
func (n *mlp32) grads(bug mlpBug) [4][]float32 {
	A1, A2 := n.forward()
	m := float32(n.m)
	dZ2 := make([]float32, n.out*n.m)
	for k := range dZ2 {
		dZ2[k] = A2[k] - n.Y[k]
	}
	dW2, db2 := make([]float32, n.out*n.hid), make([]float32, n.out)
	for i := 0; i < n.out; i++ {
		for b := 0; b < n.m; b++ {
			db2[i] += dZ2[i*n.m+b] / m
			for j := 0; j < n.hid; j++ {
				g := dZ2[i*n.m+b] * A1[j*n.m+b]
				if bug != mlpMissing1m {
					g /= m
				}
				dW2[i*n.hid+j] += g
			}
		}
	}
	dW1, db1 := make([]float32, n.hid*n.in), make([]float32, n.hid)
	for j := 0; j < n.hid; j++ {
		for b := 0; b < n.m; b++ {
			var dz float32
			for i := 0; i < n.out; i++ {
				dz += n.W2[i*n.hid+j] * dZ2[i*n.m+b]
			}
			a := A1[j*n.m+b]
			dz *= 1 - a*a
			db1[j] += dz / m
			for k := 0; k < n.in; k++ {
				dW1[j*n.in+k] += dz * n.X[k*n.m+b] / m
			}
		}
	}
	if bug == mlpOneElement {
		dW1[5*n.in+300] += 0.05
	}
	return [4][]float32{dW1, db1, dW2, db2}
}

func (n *mlp32) bits() []uint32 { return bits32(n.W1, n.b1, n.W2, n.b2) }

// The Float32 preset at model scale, on the float32 784-128-10 MLP: a
// correct model passes (with the directional tolerance halved too: the
// margin), one wrong element among 101,770 is caught by most seeds and
// named, and a missing 1/m is named with its hint.
func TestFloat32MLP(t *testing.T) {
	net := newMLP32(1)
	before := net.bits()
	half := gradcheck.Tolerance{RTol: gradcheck.Float32DirectionTol.RTol / 2, ATol: gradcheck.Float32DirectionTol.ATol / 2}
	for seed := uint64(0); seed < 10; seed++ {
		rep, err := gradcheck.Check(net.loss, net.params(mlpCorrect), gradcheck.Fast(3, seed))
		if err != nil || !rep.OK() || rep.Evals != 8 || !rep.Float32 || rep.DirectionTol != gradcheck.Float32DirectionTol {
			t.Fatalf("seed %d: a correct float32 MLP fails: err %v\n%v", seed, err, rep)
		}
		rep, err = gradcheck.Check(net.loss, net.params(mlpCorrect), gradcheck.Fast(3, seed),
			gradcheck.WithStep(gradcheck.Float32DirectionStep), gradcheck.WithTolerance(half))
		if err != nil || !rep.OK() {
			t.Errorf("seed %d: the correct float32 MLP fails with half the directional tolerance: err %v\n%v", seed, err, rep)
		}
	}
	// Element-wise, on a sample: how close the correct gradients come to Float32Tol.
	loose := gradcheck.Tolerance{RTol: 1e-9, ATol: 1e-12}
	rep, err := gradcheck.Check(net.loss, net.params(mlpCorrect), gradcheck.Sample(32, 1), gradcheck.WithTolerance(loose))
	if err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for _, p := range rep.Params {
		for _, m := range p.Comparison.Mismatches {
			worst = math.Max(worst, m.AbsDiff/gradcheck.Float32Tol.Allowed(m.B))
		}
	}
	t.Logf("float32 MLP, correct, 32 elements per parameter: largest |Δ|/allowed %.3g under Float32Tol", worst)
	if worst >= 1 {
		t.Errorf("a correct element fails Float32Tol: %.3g", worst)
	}

	// A failing direction that no half confirms (the error near the
	// limit of detection) fails without a name; a name is never wrong.
	caught, named, most := 0, 0, 0
	for seed := uint64(0); seed < 20; seed++ {
		rep, err := gradcheck.Check(net.loss, net.params(mlpOneElement), gradcheck.Fast(3, seed))
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() {
			continue
		}
		caught++
		w1 := rep.Param("W1")
		got := mismatchNames(w1)
		if len(got) == 0 && len(rep.Localisation.Unlocalised) > 0 {
			continue
		}
		named++
		most = max(most, rep.Evals)
		if len(got) != 1 || got[0] != "dW1[5,300]" || w1.Comparison.Mismatches[0].Ratio < 100 {
			t.Errorf("seed %d: named %v\n%v", seed, got, rep)
		}
		if seed == 1 {
			t.Logf("float32 MLP, one wrong element:\n%v", rep)
		}
	}
	t.Logf("float32 MLP, dW1[5,300] off by 0.05: failed by %d of 20 seeds, named by %d, in at most %d loss evaluations", caught, named, most)
	if named < 16 || most > 80 {
		t.Errorf("named by %d of 20 seeds, at most %d evaluations", named, most)
	}

	rep, err = gradcheck.Check(net.loss, net.params(mlpMissing1m), gradcheck.Fast(3, 1))
	if err != nil || rep.OK() || !strings.Contains(rep.Param("W2").Hint, "dW2 is 8× the numerical gradient: missing 1/m (batch size 8)?") || !rep.Param("W1").OK {
		t.Errorf("missing 1/m: err %v\n%v", err, rep)
	}
	t.Logf("float32 MLP, missing 1/m: %d loss evaluations, worst |Δ|/allowed %.3g", rep.Evals, rep.Param("W2").Comparison.Mismatches[0].Ratio)
	sameBits32(t, before, net.bits())
}
