package gradcheck_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

// mismatchNames lists the names of p's mismatched elements.
func mismatchNames(p *gradcheck.ParamReport) []string {
	if p == nil || p.Comparison == nil {
		return nil
	}
	var out []string
	for _, m := range p.Comparison.Mismatches {
		out = append(out, p.Comparison.Index(m.Row, m.Col))
	}
	return out
}

// The issue's targets on the 784-128-10 MLP, as evaluation counts.
func TestBisectOnMLP(t *testing.T) {
	net := newMLP(1)
	for _, c := range []struct {
		bug      mlpBug
		maxEvals int
		check    func(t *testing.T, rep *gradcheck.Report)
	}{
		{mlpCorrect, 16, func(t *testing.T, rep *gradcheck.Report) {
			if !rep.OK() || rep.Localisation != nil {
				t.Errorf("a correct model fails:\n%v", rep)
			}
		}},
		{mlpOneElement, 400, func(t *testing.T, rep *gradcheck.Report) {
			if got := mismatchNames(rep.Param("W1")); len(got) != 1 || got[0] != "dW1[5,300]" || !rep.Param("b1").OK || !rep.Param("W2").OK || !rep.Param("b2").OK {
				t.Errorf("mismatches %v\n%v", got, rep)
			}
		}},
		{mlpMissing1m, 300, func(t *testing.T, rep *gradcheck.Report) {
			w2 := rep.Param("W2")
			if w2.OK || !strings.Contains(w2.Hint, "dW2 is 8× the numerical gradient: missing 1/m (batch size 8)?") || !rep.Param("W1").OK {
				t.Errorf("hint %q\n%v", w2.Hint, rep)
			}
			if len(rep.Localisation.Dense) != 1 || !strings.HasPrefix(rep.Localisation.Dense[0], "dW2") {
				t.Errorf("dense errors not reported in dW2: %q", rep.Localisation.Dense)
			}
		}},
		{mlpWrongRow, 3000, func(t *testing.T, rep *gradcheck.Report) {
			got := mismatchNames(rep.Param("W1"))
			if len(got) == 0 {
				t.Errorf("no element named\n%v", rep)
			}
			for _, name := range got {
				if !strings.HasPrefix(name, "dW1[5,") {
					t.Errorf("%s is not in row 5", name)
				}
			}
			if len(rep.Localisation.Dense) != 1 || !strings.HasPrefix(rep.Localisation.Dense[0], "dW1[5,0]..[5,783] (784 elements") {
				t.Errorf("the row is not reported: %q", rep.Localisation.Dense)
			}
			if h := rep.Param("W1").Hint; !strings.Contains(h, "dW1 exceeds the numerical gradient by the same 0.01 in every failing element") {
				t.Errorf("hint %q", h)
			}
		}},
		{mlpBias1Percent, 400, func(t *testing.T, rep *gradcheck.Report) {
			if got := mismatchNames(rep.Param("b2")); len(got) != 1 || got[0] != "db2[3,0]" || !rep.Param("W1").OK {
				t.Errorf("mismatches %v\n%v", got, rep)
			}
		}},
	} {
		t.Run(c.bug.String(), func(t *testing.T) {
			params := net.backward(c.bug)
			before := bits(params)
			rep, err := gradcheck.Check(net.loss, params, gradcheck.Bisect(3, 1))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d loss evaluations\n%v", c.bug, rep.Evals, rep)
			if rep.Evals > c.maxEvals {
				t.Errorf("%d loss evaluations, the target is at most %d", rep.Evals, c.maxEvals)
			}
			c.check(t, rep)
			sameBits(t, before, bits(params))
		})
	}
}

// TestBisectDetectionPower plants an error of size ε in one random element
// of a parameter of n elements where the true gradient is zero, so that the
// tolerance of a direction is ATol exactly, and counts how often Bisect
// passes the model over many seeds. Bisect's documentation predicts
// P(miss) = erf(t/√2) per direction with t = ATol·√n/ε, and P(miss)^k for k
// directions; the counts must agree with it within four standard deviations.
func TestBisectDetectionPower(t *testing.T) {
	const n, seeds = 1000, 400
	x := make([]float64, n) // the minimum of Σ a_i x_i²/2: the gradient is 0
	loss := func() float64 {
		var s float64
		for i, v := range x {
			s += float64(1+i%7) * v * v / 2
		}
		return s
	}
	atol := gradcheck.NumPy.ATol
	for _, c := range []struct {
		t float64 // ATol·√n/ε
		k int
	}{{0.5, 1}, {0.5, 2}, {0.2, 1}, {1.5, 1}} {
		base := uint64(1000 * c.k * int(10*c.t)) // independent directions for each case
		eps := atol * math.Sqrt(n) / c.t
		p := math.Pow(math.Erf(c.t/math.Sqrt2), float64(c.k))
		misses := 0
		for seed := uint64(0); seed < seeds; seed++ {
			g := make([]float64, n)
			g[int(seed*7919)%n] = eps
			rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector("x", x, g)}, gradcheck.Bisect(c.k, base+seed))
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				misses++
			}
		}
		want, sd := seeds*p, math.Sqrt(seeds*p*(1-p))
		t.Logf("t=%.2g, k=%d: %d misses in %d seeds, predicted %.1f ± %.1f", c.t, c.k, misses, seeds, want, sd)
		if math.Abs(float64(misses)-want) > 4*sd+1 {
			t.Errorf("t=%.2g, k=%d: %d misses in %d seeds, the formula predicts %.1f ± %.1f", c.t, c.k, misses, seeds, want, sd)
		}
	}
}

// On the MLP, the documented ε = 0.05 in one element of W1 is caught by
// every seed, and localised to that element.
func TestBisectCatchesOneElementOnMLPForEverySeed(t *testing.T) {
	net := newMLP(2)
	params := net.backward(mlpOneElement)
	worst := 0
	for seed := uint64(0); seed < 20; seed++ {
		rep, err := gradcheck.Check(net.loss, params, gradcheck.Bisect(1, seed))
		if err != nil {
			t.Fatal(err)
		}
		if got := mismatchNames(rep.Param("W1")); rep.OK() || len(got) != 1 || got[0] != "dW1[5,300]" {
			t.Fatalf("seed %d: %v\n%v", seed, got, rep)
		}
		worst = max(worst, rep.Evals)
	}
	t.Logf("one direction, 20 seeds: at most %d loss evaluations", worst)
}

func TestBisectBudget(t *testing.T) {
	net := newMLP(1)
	params := net.backward(mlpOneElement)
	before := bits(params)
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Bisect(3, 1), gradcheck.Budget(30))
	if err != nil {
		t.Fatal(err)
	}
	l := rep.Localisation
	if rep.OK() || rep.Evals > 30 || !l.Exhausted || len(l.Unlocalised) == 0 || rep.Param("W1").OK || rep.Param("W1").Note == "" {
		t.Errorf("a budget of 30 cannot localise one element of 100k: the report must fail and say so\n%v", rep)
	}
	if !strings.Contains(rep.String(), "budget 30 (exhausted)") || !strings.Contains(rep.String(), "not localised: dW1") {
		t.Errorf("report:\n%v", rep)
	}
	sameBits(t, before, bits(params))
	if _, err := gradcheck.Check(net.loss, params, gradcheck.Bisect(3, 1), gradcheck.Budget(5)); err == nil || !strings.Contains(err.Error(), "Budget(5) is less than the 8 loss evaluations") {
		t.Errorf("err = %v", err)
	}
	if _, err := gradcheck.Check(net.loss, params, gradcheck.Budget(0)); err == nil || !strings.Contains(err.Error(), "Budget(0)") {
		t.Errorf("err = %v", err)
	}
}

// Bisect with Parallel samples dense errors on the workers; the result is
// the serial one.
func TestBisectParallel(t *testing.T) {
	loss, params := bigNet(t, 2)
	serial, err := gradcheck.Check(loss, params, gradcheck.Bisect(3, 4))
	if err != nil {
		t.Fatal(err)
	}
	build := func() (func() float64, []gradcheck.Param) { return bigNet(t, 2) }
	par, err := gradcheck.Check(loss, params, gradcheck.Bisect(3, 4), gradcheck.Parallel(2, build))
	if err != nil {
		t.Fatal(err)
	}
	if serial.OK() || serial.String() != strings.Replace(par.String(), ", 2 workers", "", 1) {
		t.Errorf("reports differ:\n%v\n%v", serial, par)
	}
	if !strings.Contains(serial.Param("W2").Hint, "dW2 is 2× the numerical gradient") {
		t.Errorf("hint %q\n%v", serial.Param("W2").Hint, serial)
	}
	// On the MLP the subsets of each level are checked on the workers.
	net := newMLP(1)
	for _, bug := range []mlpBug{mlpOneElement, mlpWrongRow} {
		params := net.backward(bug)
		before := bits(params)
		serial, err := gradcheck.Check(net.loss, params, gradcheck.Bisect(3, 1))
		if err != nil {
			t.Fatal(err)
		}
		build := func() (func() float64, []gradcheck.Param) { m := newMLP(1); return m.loss, m.backward(mlpCorrect) }
		par, err := gradcheck.Check(net.loss, params, gradcheck.Bisect(3, 1), gradcheck.Parallel(2, build))
		if err != nil {
			t.Fatal(err)
		}
		if serial.OK() || serial.String() != strings.Replace(par.String(), ", 2 workers", "", 1) {
			t.Errorf("%s: reports differ:\n%v\n%v", bug, serial, par)
		}
		sameBits(t, before, bits(params))
	}
}

func ExampleBisect() {
	// The 784-128-10 MLP with one wrong element among 101,770 parameters.
	net := newMLP(1)
	rep, err := gradcheck.Check(net.loss, net.backward(mlpOneElement), gradcheck.Bisect(3, 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	w1 := rep.Param("W1")
	m := w1.Comparison.Mismatches[0]
	fmt.Println(rep.OK(), w1.Comparison.Index(m.Row, m.Col), rep.Evals, "loss evaluations")
	// Output:
	// false dW1[5,300] 76 loss evaluations
}

// Group testing finds several sparse errors at once, in several
// parameters, and names exactly them.
func TestBisectFindsSeveralErrors(t *testing.T) {
	net := newMLP(3)
	params := net.backward(mlpCorrect)
	planted := map[string]bool{"dW1[5,300]": true, "dW1[100,17]": true, "dW1[127,783]": true, "dW2[3,64]": true}
	params[0].Grad.Set(5, 300, params[0].Grad.At(5, 300)+0.05)
	params[0].Grad.Set(100, 17, params[0].Grad.At(100, 17)-0.02)
	params[0].Grad.Set(127, 783, params[0].Grad.At(127, 783)*-3+0.01)
	params[2].Grad.Set(3, 64, params[2].Grad.At(3, 64)+1e-3)
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Bisect(3, 9))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, name := range []string{"W1", "b1", "W2", "b2"} {
		for _, e := range mismatchNames(rep.Param(name)) {
			got[e] = true
		}
	}
	if len(got) != len(planted) {
		t.Errorf("named %v, planted %v\n%v", got, planted, rep)
	}
	for e := range planted {
		if !got[e] {
			t.Errorf("%s not named\n%v", e, rep)
		}
	}
	t.Logf("4 wrong elements of 101,770: %d loss evaluations", rep.Evals)
	if rep.Evals > 4*400 {
		t.Errorf("%d evaluations for 4 errors", rep.Evals)
	}
}

// A model of one element has nothing to bisect: the element is checked.
func TestBisectOneElementModel(t *testing.T) {
	x := []float64{0.7}
	loss := func() float64 { return x[0] * x[0] * x[0] }
	rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector("x", x, []float64{2 * 0.7 * 0.7})}, gradcheck.Bisect(2, 1))
	if err != nil || rep.OK() || rep.Localisation == nil || rep.Localisation.Elements != 1 {
		t.Fatalf("err %v\n%v", err, rep)
	}
	if got := mismatchNames(rep.Param("x")); len(got) != 1 || got[0] != "dx[0]" {
		t.Errorf("named %v", got)
	}
}

// A square gradient that is the transpose of the true one, too large to
// bisect element by element: the dense sample includes the transposed
// elements, and the hint says what happened.
func TestBisectTransposeHint(t *testing.T) {
	const n = 40
	W := mat.NewDense(n, n, nil)
	x := make([]float64, n)
	for i := 0; i < n; i++ {
		x[i] = math.Sin(float64(i) + 0.5)
		for j := 0; j < n; j++ {
			W.Set(i, j, 0.1*math.Cos(float64(i*n+j)))
		}
	}
	loss := func() float64 { // Σ_i (W x)_i² (i+1) / 2: a non-symmetric gradient
		var s float64
		for i := 0; i < n; i++ {
			var v float64
			for j := 0; j < n; j++ {
				v += W.At(i, j) * x[j]
			}
			s += v * v * float64(i+1) / 2
		}
		return s
	}
	g := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		var v float64
		for j := 0; j < n; j++ {
			v += W.At(i, j) * x[j]
		}
		for j := 0; j < n; j++ {
			g.Set(j, i, v*x[j]*float64(i+1)) // transposed on purpose
		}
	}
	rep, err := gradcheck.Check(loss, []gradcheck.Param{{Name: "W", Value: W, Grad: g}}, gradcheck.Bisect(3, 1))
	if err != nil || rep.OK() || len(rep.Localisation.Dense) != 1 {
		t.Fatalf("err %v\n%v", err, rep)
	}
	if h := rep.Param("W").Hint; !strings.Contains(h, "dW equals the transposed numerical gradient") {
		t.Errorf("hint %q\n%v", h, rep)
	}
	t.Logf("transposed 40×40 gradient: %d loss evaluations", rep.Evals)
}

// An error near the limit of detection can fail the whole model's
// direction and then hide from both halves. The check must not pass then:
// the parameter fails, with a note, and the report says what was not
// localised.
func TestBisectReportsWhatItCouldNotLocalise(t *testing.T) {
	const n = 1000
	x := make([]float64, n)
	loss := func() float64 {
		var s float64
		for _, v := range x {
			s += v * v / 2
		}
		return s
	}
	eps := gradcheck.NumPy.ATol * math.Sqrt(n) / 1.2 // t = 1.2: mostly missed, sometimes seen
	unlocalised, found := 0, 0
	for seed := uint64(0); seed < 300; seed++ {
		g := make([]float64, n)
		g[int(seed*31)%n] = eps
		rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector("x", x, g)}, gradcheck.Bisect(1, seed))
		if err != nil {
			t.Fatal(err)
		}
		l := rep.Localisation
		switch {
		case l == nil:
			continue // missed, as the detection power allows
		case len(l.Unlocalised) > 0 && len(mismatchNames(rep.Param("x"))) == 0:
			unlocalised++
			if rep.OK() || rep.Param("x").Note == "" || !strings.Contains(rep.String(), "not localised: dx") {
				t.Errorf("seed %d: an unlocalised failure must fail with a note\n%v", seed, rep)
			}
		default:
			found++
		}
	}
	t.Logf("300 seeds at t=1.2: %d localised, %d not localised", found, unlocalised)
	if unlocalised == 0 || found == 0 {
		t.Errorf("expected both outcomes over 300 seeds: %d localised, %d not", found, unlocalised)
	}
}
