package gradcheck_test

import (
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

// bits snapshots every parameter's float64 bits.
func bits(ps []gradcheck.Param) [][]uint64 {
	var out [][]uint64
	for _, p := range ps {
		r, c := p.Value.Dims()
		var b []uint64
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				b = append(b, math.Float64bits(p.Value.At(i, j)))
			}
		}
		out = append(out, b)
	}
	return out
}

func sameBits(t *testing.T, before, after [][]uint64) {
	t.Helper()
	for k := range before {
		for i := range before[k] {
			if before[k][i] != after[k][i] {
				t.Fatalf("parameter %d element %d changed: %#x → %#x", k, i, before[k][i], after[k][i])
			}
		}
	}
}

func TestCheckPassesCorrectGradients(t *testing.T) {
	net := newTinyNet()
	params := net.backward(1)
	before := bits(params)
	rep, err := gradcheck.Check(net.loss, params)
	if err != nil || !rep.OK() {
		t.Fatalf("err %v\n%v", err, rep)
	}
	sameBits(t, before, bits(params))
	if rep.Evals != rep.PlannedEvals || rep.Evals != 2+2*13 {
		t.Errorf("evals %d, planned %d, want 28 (2 preflight + 2 per element)", rep.Evals, rep.PlannedEvals)
	}
	for _, f := range []struct {
		name string
		f    fd.Formula
	}{{"forward", fd.Forward}, {"backward", fd.Backward}, {"central 5-point", gradcheck.Central4}} {
		tol := gradcheck.Tolerance{RTol: 1e-3, ATol: 1e-6} // one-sided differences are first order
		rep, err := gradcheck.Check(net.loss, params, gradcheck.WithFormula(f.f), gradcheck.WithTolerance(tol))
		if err != nil || !rep.OK() || rep.Formula != f.name {
			t.Errorf("%s: err %v\n%v", f.name, err, rep)
		}
	}
}

// The loss panics while one element is moved: Check returns an error that
// names the element, and every parameter is restored bit for bit.
func TestCheckRestoresWhenLossPanics(t *testing.T) {
	net := newTinyNet()
	params := net.backward(1)
	net.W1.Set(0, 1, math.Copysign(0, -1)) // -0 must come back as -0
	net.b1.Set(2, 0, 5e-324)
	params = net.backward(1)
	before := bits(params)
	calls := 0
	loss := func() float64 {
		calls++
		if calls == 9 {
			panic("out of memory in the loss")
		}
		return net.loss()
	}
	_, err := gradcheck.Check(loss, params)
	if err == nil || !strings.Contains(err.Error(), "loss panicked while W1[1,1] was moved from 0.3 to 0.29999") || !strings.Contains(err.Error(), "out of memory") {
		t.Errorf("err = %v", err)
	}
	sameBits(t, before, bits(params))
}

func TestCheckRestoresWhenLossIsNaN(t *testing.T) {
	net := newTinyNet()
	params := net.backward(1)
	before := bits(params)
	loss := func() float64 {
		if net.W2.At(0, 2) != 0.2 {
			return math.NaN()
		}
		return net.loss()
	}
	_, err := gradcheck.Check(loss, params)
	if err == nil || !strings.Contains(err.Error(), "loss returned NaN while W2[0,2] was moved") {
		t.Errorf("err = %v", err)
	}
	sameBits(t, before, bits(params))
}

func TestCheckPreflight(t *testing.T) {
	net := newTinyNet()
	good := net.backward(1)
	counter := 0.0
	cases := []struct {
		name   string
		loss   func() float64
		params []gradcheck.Param
		opts   []gradcheck.Option
		want   string
	}{
		{"nil loss", nil, good, nil, "loss is nil"},
		{"no params", net.loss, nil, nil, "no parameters"},
		{"empty name", net.loss, []gradcheck.Param{{Value: net.W1, Grad: net.W1}}, nil, "parameter 0 has an empty name"},
		{"duplicate", net.loss, []gradcheck.Param{good[0], good[0]}, nil, `two parameters are named "W1"`},
		{"nil grad", net.loss, []gradcheck.Param{{Name: "W1", Value: net.W1}}, nil, "W1: Grad is nil"},
		{"nil value", net.loss, []gradcheck.Param{{Name: "W1", Grad: net.W1}}, nil, "W1: Value is nil"},
		{"shape", net.loss, []gradcheck.Param{{Name: "W1", Value: net.W1, Grad: mat.NewDense(3, 3, nil)}}, nil, "W1 is 3×2 but dW1 is 3×3"},
		{"transposed", net.loss, []gradcheck.Param{{Name: "W1", Value: net.W1, Grad: mat.NewDense(2, 3, nil)}}, nil, "(transposed?)"},
		{"nan grad", net.loss, []gradcheck.Param{{Name: "b1", Value: net.b1, Grad: mat.NewDense(3, 1, []float64{0, math.NaN(), 0})}}, nil, "analytic gradient db1[1,0] is NaN"},
		{"inf grad", net.loss, []gradcheck.Param{{Name: "b1", Value: net.b1, Grad: mat.NewDense(3, 1, []float64{0, 0, math.Inf(-1)})}}, nil, "db1[2,0] is -Inf"},
		{"nondeterministic", func() float64 { counter++; return net.loss() + counter*1e-12 }, good, nil, "loss is not deterministic"},
		{"mutating", func() float64 { net.b2.Set(0, 0, net.b2.At(0, 0)+1); return net.loss() }, good, nil, "the loss changed parameter b2[0,0]"},
		{"bad step", net.loss, good, []gradcheck.Option{gradcheck.WithStep(-1)}, "WithStep(-1)"},
		{"bad tolerance", net.loss, good, []gradcheck.Option{gradcheck.WithTolerance(gradcheck.Tolerance{RTol: math.NaN()})}, "RTol is NaN"},
		{"bad formula", net.loss, good, []gradcheck.Option{gradcheck.WithFormula(fd.Central2nd)}, "need a first-derivative formula"},
		{"too costly", net.loss, good, []gradcheck.Option{gradcheck.MaxEvals(10)}, "needs 28 loss evaluations, more than MaxEvals(10)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := bits(good)
			_, err := gradcheck.Check(c.loss, c.params, c.opts...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to contain %q", err, c.want)
			}
			sameBits(t, before, bits(good))
		})
	}
	// NondetTol accepts small noise.
	counter = 0
	noisy := func() float64 { counter++; return net.loss() + float64(int(counter)%2)*1e-13 }
	if _, err := gradcheck.Check(noisy, good, gradcheck.NondetTol(1e-12)); err != nil {
		t.Errorf("NondetTol(1e-12): %v", err)
	}
}

// TestDefaultStepBeatsCourseraStep measures the numeric gradient's error
// against the analytic one on the tiny network for both steps.
func TestDefaultStepBeatsCourseraStep(t *testing.T) {
	net := newTinyNet()
	params := net.backward(1)
	maxErr := func(opts ...gradcheck.Option) float64 {
		rep, err := gradcheck.Check(net.loss, params, opts...)
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for k, p := range rep.Params {
			var d mat.Dense
			d.Sub(p.Numeric, params[k].Grad)
			worst = math.Max(worst, mat.Norm(&d, math.Inf(1)))
		}
		return worst
	}
	ours := maxErr()
	coursera := maxErr(gradcheck.Coursera())
	t.Logf("max |numeric - analytic|: step %g·max(1,|x|): %.3g; Coursera's 1e-7: %.3g (%.0f× larger)", gradcheck.DefaultStep, ours, coursera, coursera/ours)
	if coursera < 30*ours {
		t.Errorf("the default step is not clearly better: %.3g vs Coursera's %.3g", ours, coursera)
	}
}

func TestPresets(t *testing.T) {
	net := newTinyNet()
	params := net.backward(1)
	params[0].Grad.Set(0, 0, params[0].Grad.At(0, 0)*(1+2e-4)) // a 0.02% error in one element
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Torch())
	if err != nil || !rep.OK() || rep.Tol != (gradcheck.Tolerance{RTol: 1e-3, ATol: 1e-5}) || rep.Step != 1e-6 || !rep.AbsoluteStep {
		t.Errorf("Torch: a 0.02%% error passes torch's rtol=1e-3; got err %v\n%v", err, rep)
	}
	rep, err = gradcheck.Check(net.loss, params)
	if err != nil || rep.OK() || rep.Param("W1").OK == true {
		t.Errorf("NumPy: a 0.02%% error fails rtol=1e-5; got err %v\n%v", err, rep)
	}
	rep, err = gradcheck.Check(net.loss, params, gradcheck.Coursera())
	if err != nil || rep.Param("W1").OK || !strings.Contains(rep.String(), "pass when difference < 2e-07") {
		t.Errorf("Coursera: difference of a 0.02%% error is above 2e-7; got err %v\n%v", err, rep)
	}
}

// scaledNet is a 20→64→1 network for the modes that pay off on larger parameters.
func bigNet(t testing.TB, bugInW2 float64) (func() float64, []gradcheck.Param) {
	const nx, nh, m = 20, 64, 32
	fill := func(r, c int, s float64) *mat.Dense {
		d := mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				d.Set(i, j, 0.3*math.Sin(s+float64(i*c+j)*0.7))
			}
		}
		return d
	}
	X, W1, b1, W2, b2 := fill(nx, m, 1), fill(nh, nx, 2), fill(nh, 1, 3), fill(1, nh, 4), fill(1, 1, 5)
	Y := mat.NewDense(1, m, nil)
	for j := 0; j < m; j++ {
		Y.Set(0, j, float64(j%2))
	}
	forward := func() (A1, A2 *mat.Dense) {
		A1, A2 = new(mat.Dense), new(mat.Dense)
		A1.Mul(W1, X)
		A1.Apply(func(i, _ int, v float64) float64 { return math.Tanh(v + b1.At(i, 0)) }, A1)
		A2.Mul(W2, A1)
		A2.Apply(func(_, _ int, v float64) float64 { return 1 / (1 + math.Exp(-(v + b2.At(0, 0)))) }, A2)
		return A1, A2
	}
	loss := func() float64 {
		_, A2 := forward()
		var s float64
		for j := 0; j < m; j++ {
			a, y := A2.At(0, j), Y.At(0, j)
			s += y*math.Log(a) + (1-y)*math.Log(1-a)
		}
		return -s / m
	}
	A1, A2 := forward()
	var dZ2, dW2, dZ1, dW1 mat.Dense
	dZ2.Sub(A2, Y)
	dW2.Mul(&dZ2, A1.T())
	dW2.Scale(bugInW2/m, &dW2)
	db2 := mat.NewDense(1, 1, []float64{mat.Sum(&dZ2) / m})
	dZ1.Mul(W2.T(), &dZ2)
	dZ1.Apply(func(i, j int, v float64) float64 { a := A1.At(i, j); return v * (1 - a*a) }, &dZ1)
	dW1.Mul(&dZ1, X.T())
	dW1.Scale(1.0/m, &dW1)
	db1 := mat.NewDense(nh, 1, nil)
	for i := 0; i < nh; i++ {
		db1.Set(i, 0, mat.Sum(dZ1.RowView(i))/m)
	}
	return loss, []gradcheck.Param{{Name: "W1", Value: W1, Grad: &dW1}, {Name: "b1", Value: b1, Grad: db1},
		{Name: "W2", Value: W2, Grad: &dW2}, {Name: "b2", Value: b2, Grad: db2}}
}

func TestFastMode(t *testing.T) {
	loss, params := bigNet(t, 1)
	rep, err := gradcheck.Check(loss, params, gradcheck.Fast(0, 7))
	if err != nil || !rep.OK() || rep.Evals != 2+3*2 || rep.Localisation != nil {
		t.Fatalf("correct gradients in fast mode: err %v, evals %d\n%v", err, rep.Evals, rep)
	}
	if !strings.Contains(rep.String(), "3 directions over the whole model, seed 7") {
		t.Errorf("the report does not print the seed:\n%v", rep)
	}
	loss, params = bigNet(t, 2) // dW2 counted twice
	before := bits(params)
	rep, err = gradcheck.Check(loss, params, gradcheck.Fast(3, 7))
	if err != nil || rep.OK() || rep.Param("W2").OK || rep.Param("W2").Directional || !rep.Param("W1").OK || rep.Localisation == nil {
		t.Fatalf("fast mode should localise the failure in W2 only: err %v\n%v", err, rep)
	}
	if !strings.Contains(rep.Param("W2").Hint, "dW2 is 2× the numerical gradient: counted twice?") {
		t.Errorf("hint = %q", rep.Param("W2").Hint)
	}
	// Localised by group testing: W2's errors are dense, so a sample of
	// DenseSample elements (here all 64) is checked for the report.
	if l := rep.Localisation; len(l.Dense) != 1 || !strings.HasPrefix(l.Dense[0], "dW2 (64 elements") || rep.Evals != rep.PlannedEvals || len(rep.Fallbacks) != 0 {
		t.Errorf("evals %d (planned %d)\n%v", rep.Evals, rep.PlannedEvals, rep)
	}
	sameBits(t, before, bits(params))
}

func TestSampleMode(t *testing.T) {
	loss, params := bigNet(t, 1)
	rep, err := gradcheck.Check(loss, params, gradcheck.Sample(5, 1))
	if err != nil || !rep.OK() {
		t.Fatalf("err %v\n%v", err, rep)
	}
	if want := 2 + 2*(5+5+5+1); rep.Evals != want {
		t.Errorf("sampled evals %d, want %d (b2 has one element: all of it)", rep.Evals, want)
	}
	for _, p := range rep.Params {
		if p.Checked != min(5, p.Rows*p.Cols) {
			t.Errorf("%s: checked %d elements", p.Name, p.Checked)
		}
	}
	loss, params = bigNet(t, 2)
	if rep, _ := gradcheck.Check(loss, params, gradcheck.Sample(5, 1)); rep.OK() || rep.Param("W2").OK {
		t.Errorf("sampling misses a bug in every element of dW2:\n%v", rep)
	}
}

// Parallel gives each worker its own copy of the model and must produce the
// same bits as the serial check.
func TestParallelIsBitIdentical(t *testing.T) {
	loss, params := bigNet(t, 2)
	serial, err := gradcheck.Check(loss, params)
	if err != nil {
		t.Fatal(err)
	}
	build := func() (func() float64, []gradcheck.Param) { return bigNet(t, 2) }
	par, err := gradcheck.Check(loss, params, gradcheck.Parallel(2, build))
	if err != nil {
		t.Fatal(err)
	}
	for k := range serial.Params {
		s, p := serial.Params[k].Numeric.RawMatrix().Data, par.Params[k].Numeric.RawMatrix().Data
		for i := range s {
			if math.Float64bits(s[i]) != math.Float64bits(p[i]) {
				t.Fatalf("%s element %d: serial %v, parallel %v", serial.Params[k].Name, i, s[i], p[i])
			}
		}
	}
	if serial.String() != strings.Replace(par.String(), ", 2 workers", "", 1) {
		t.Errorf("reports differ:\n%v\n%v", serial, par)
	}
	// A factory that shares the parameters instead of copying them is refused.
	if _, err := gradcheck.Check(loss, params, gradcheck.Parallel(2, func() (func() float64, []gradcheck.Param) { return loss, params })); err == nil {
		t.Error("a factory returning the same matrices was accepted")
	}
}

func TestHints(t *testing.T) {
	for _, c := range []struct {
		scale float64
		opts  []gradcheck.Option
		want  string
	}{
		{-1, nil, "dW2 is the negated numerical gradient: sign error"},
		{2, nil, "dW2 is 2× the numerical gradient: counted twice?"},
		{0.5, nil, "dW2 is ½ of the numerical gradient"},
		{32, []gradcheck.Option{gradcheck.WithBatchSize(32)}, "dW2 is m× the numerical gradient (m=32): missing 1/m?"},
		{1.0 / 32, []gradcheck.Option{gradcheck.WithBatchSize(32)}, "dW2 is 1/m of the numerical gradient (m=32): divided by m twice?"},
		{32, nil, "dW2 is 32× the numerical gradient: missing 1/m (batch size 32)?"},
		{0, nil, "dW2 is zero where the numerical gradient is not (64 elements)"},
		{1.7, nil, "dW2 is 1.7× the numerical gradient in every failing element"},
	} {
		loss, params := bigNet(t, c.scale)
		rep, err := gradcheck.Check(loss, params, c.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if h := rep.Param("W2").Hint; !strings.Contains(h, c.want) {
			t.Errorf("scale %g: hint %q, want %q", c.scale, h, c.want)
		}
	}
	// A square gradient that is the transpose of the numerical one.
	W := mat.NewDense(2, 2, []float64{0.3, -0.2, 0.5, 0.1})
	x := []float64{1.5, -0.7}
	loss := func() float64 { // Σ_i (W x)_i² / 2 with a non-symmetric gradient
		var s float64
		for i := 0; i < 2; i++ {
			v := W.At(i, 0)*x[0] + W.At(i, 1)*x[1]
			s += v * v * float64(i+1) / 2
		}
		return s
	}
	g := mat.NewDense(2, 2, nil)
	for i := 0; i < 2; i++ {
		v := W.At(i, 0)*x[0] + W.At(i, 1)*x[1]
		for j := 0; j < 2; j++ {
			g.Set(j, i, v*x[j]*float64(i+1)) // transposed on purpose
		}
	}
	rep, err := gradcheck.Check(loss, []gradcheck.Param{{Name: "W", Value: W, Grad: g}})
	if err != nil || !strings.Contains(rep.Param("W").Hint, "dW equals the transposed numerical gradient") {
		t.Errorf("err %v, hint %q", err, rep.Param("W").Hint)
	}
}

// TestAssertReportsEveryParameter runs a failing Assert in a child test
// process and checks that every wrong parameter failed in its own subtest.
func TestAssertReportsEveryParameter(t *testing.T) {
	if os.Getenv("GRADCHECK_ASSERT_CHILD") == "1" {
		t.Skip("only the child process runs the failing assertion")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAssertChild$", "-test.v")
	cmd.Env = append(os.Environ(), "GRADCHECK_ASSERT_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child's Assert did not fail:\n%s", out)
	}
	s := string(out)
	for _, want := range []string{"--- PASS: TestAssertChild/W1", "--- PASS: TestAssertChild/b1", "--- FAIL: TestAssertChild/W2", "--- FAIL: TestAssertChild/b2",
		"gradient of W2 is wrong", "dW2: 3 of 3 elements differ", "db2: 1 of 1 elements differ"} {
		if !strings.Contains(s, want) {
			t.Errorf("child output lacks %q:\n%s", want, s)
		}
	}
}

func TestAssertChild(t *testing.T) {
	if os.Getenv("GRADCHECK_ASSERT_CHILD") != "1" {
		t.Skip("run by TestAssertReportsEveryParameter")
	}
	net := newTinyNet()
	params := net.backward(-1)   // dW2 with the wrong sign
	params[3].Grad.Set(0, 0, 10) // and db2 plain wrong
	gradcheck.Assert(t, net.loss, params)
}
