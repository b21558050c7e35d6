package gradcheck_test

import (
	"fmt"
	"math"
	"slices"
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

// The issue's targets on the 784-128-10 MLP, as evaluation counts (the
// counts before group testing reused the linearity of directional
// derivatives: 8, 76, 168, 196, 28 and 244 for the four errors of
// TestFastFindsSeveralErrors).
func TestFastOnMLP(t *testing.T) {
	net := newMLP(1)
	for _, c := range []struct {
		bug      mlpBug
		maxEvals int
		check    func(t *testing.T, rep *gradcheck.Report)
	}{
		{mlpCorrect, 8, func(t *testing.T, rep *gradcheck.Report) {
			if !rep.OK() || rep.Localisation != nil {
				t.Errorf("a correct model fails:\n%v", rep)
			}
		}},
		{mlpOneElement, 45, func(t *testing.T, rep *gradcheck.Report) {
			if got := mismatchNames(rep.Param("W1")); len(got) != 1 || got[0] != "dW1[5,300]" || !rep.Param("b1").OK || !rep.Param("W2").OK || !rep.Param("b2").OK {
				t.Errorf("mismatches %v\n%v", got, rep)
			}
			// One check per split, the sibling by difference.
			if l := rep.Localisation; l.Derived < 10 || l.Elements > 2 {
				t.Errorf("%d subsets by difference, %d elements element-wise:\n%v", l.Derived, l.Elements, rep)
			}
		}},
		{mlpMissing1m, 168, func(t *testing.T, rep *gradcheck.Report) {
			w2 := rep.Param("W2")
			if w2.OK || !strings.Contains(w2.Hint, "dW2 is 8× the numerical gradient: missing 1/m (batch size 8)?") || !rep.Param("W1").OK {
				t.Errorf("hint %q\n%v", w2.Hint, rep)
			}
			if len(rep.Localisation.Dense) != 1 || !strings.HasPrefix(rep.Localisation.Dense[0], "dW2") {
				t.Errorf("dense errors not reported in dW2: %q", rep.Localisation.Dense)
			}
		}},
		{mlpWrongRow, 196, func(t *testing.T, rep *gradcheck.Report) {
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
		{mlpBias1Percent, 28, func(t *testing.T, rep *gradcheck.Report) {
			if got := mismatchNames(rep.Param("b2")); len(got) != 1 || got[0] != "db2[3,0]" || !rep.Param("W1").OK {
				t.Errorf("mismatches %v\n%v", got, rep)
			}
		}},
		{mlpFourElements, 160, func(t *testing.T, rep *gradcheck.Report) {
			want := []string{"dW1[5,300]", "dW1[100,17]", "dW1[127,783]", "dW2[3,64]"}
			var got []string
			for _, name := range []string{"W1", "b1", "W2", "b2"} {
				got = append(got, mismatchNames(rep.Param(name))...)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("named %v, planted %v\n%v", got, want, rep)
			}
		}},
	} {
		t.Run(c.bug.String(), func(t *testing.T) {
			params := net.backward(c.bug)
			before := bits(params)
			rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1))
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

// The bound Fast's documentation states: k wrong elements among n cost
// about 2k·log2(n/k) + 3k evaluations beyond the preflight and the
// directions (2·log2(n) + 3 for one). Over many positions and seeds, the
// mean stays within it.
func TestFastCostBound(t *testing.T) {
	net := newMLP(1)
	n := float64(mlpIn*mlpHidden + mlpHidden + mlpOut*mlpHidden + mlpOut)
	for _, k := range []int{1, 4} {
		total, runs := 0, 0
		for seed := uint64(0); seed < 12; seed++ {
			params := net.backward(mlpCorrect)
			for e := 0; e < k; e++ {
				i, j := int(seed*37+uint64(e)*53)%mlpHidden, int(seed*101+uint64(e)*211)%mlpIn
				params[0].Grad.Set(i, j, params[0].Grad.At(i, j)+0.05)
			}
			rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, seed))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(mismatchNames(rep.Param("W1"))); got != k {
				t.Fatalf("seed %d: %d of %d errors named\n%v", seed, got, k, rep)
			}
			l := rep.Localisation
			total += l.SubsetEvals + l.ElementEvals
			runs++
		}
		mean := float64(total) / float64(runs)
		bound := 2*float64(k)*math.Log2(n/float64(k)) + 3*float64(k)
		t.Logf("%d wrong elements of %.0f: %.1f localisation evaluations on average, bound 2k·log2(n/k) + 3k = %.1f", k, n, mean, bound)
		if mean > bound {
			t.Errorf("%d wrong elements: %.1f evaluations on average, the documented bound is about %.1f", k, mean, bound)
		}
	}
}

// TestFastDetectionPower plants an error of size ε in one random element
// of a parameter of n elements where the true gradient is zero, so that the
// tolerance of a direction is ATol exactly, and counts how often Fast
// passes the model over many seeds. Fast's documentation predicts
// P(miss) = erf(t/√2) per direction with t = ATol·√n/ε, and P(miss)^k for k
// directions; the counts must agree with it within four standard deviations.
func TestFastDetectionPower(t *testing.T) {
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
			rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector("x", x, g)}, gradcheck.Fast(c.k, base+seed))
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
func TestFastCatchesOneElementOnMLPForEverySeed(t *testing.T) {
	net := newMLP(2)
	params := net.backward(mlpOneElement)
	worst := 0
	for seed := uint64(0); seed < 20; seed++ {
		rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(1, seed))
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

func TestFastBudget(t *testing.T) {
	net := newMLP(1)
	params := net.backward(mlpOneElement)
	before := bits(params)
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1), gradcheck.Budget(30))
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
	if _, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1), gradcheck.Budget(5)); err == nil || !strings.Contains(err.Error(), "Budget(5) is less than the 8 loss evaluations") {
		t.Errorf("err = %v", err)
	}
	if _, err := gradcheck.Check(net.loss, params, gradcheck.Budget(0)); err == nil || !strings.Contains(err.Error(), "Budget(0)") {
		t.Errorf("err = %v", err)
	}
}

// Fast with Parallel checks subsets and dense samples on the workers; the
// result is the serial one.
func TestFastParallel(t *testing.T) {
	loss, params := bigNet(t, 2)
	serial, err := gradcheck.Check(loss, params, gradcheck.Fast(3, 4))
	if err != nil {
		t.Fatal(err)
	}
	build := func() (func() float64, []gradcheck.Param) { return bigNet(t, 2) }
	par, err := gradcheck.Check(loss, params, gradcheck.Fast(3, 4), gradcheck.Parallel(2, build))
	if err != nil {
		t.Fatal(err)
	}
	if serial.OK() || serial.String() != strings.Replace(par.String(), ", 2 workers", "", 1) {
		t.Errorf("reports differ:\n%v\n%v", serial, par)
	}
	if !strings.Contains(serial.Param("W2").Hint, "dW2 is 2× the numerical gradient") {
		t.Errorf("hint %q\n%v", serial.Param("W2").Hint, serial)
	}
	// On the MLP the checks of each level run on the workers; on the ReLU
	// MLP, with the kinks' one-sided slopes.
	for _, c := range []struct {
		build func() *mlp
		bug   mlpBug
	}{
		{func() *mlp { return newMLP(1) }, mlpOneElement},
		{func() *mlp { return newMLP(1) }, mlpWrongRow},
		{func() *mlp { return newMLP(1) }, mlpFourElements},
		{func() *mlp { return newReluMLP(1, mlpKinks) }, mlpOneElement},
	} {
		net := c.build()
		params := net.backward(c.bug)
		before := bits(params)
		serial, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1))
		if err != nil {
			t.Fatal(err)
		}
		build := func() (func() float64, []gradcheck.Param) { m := c.build(); return m.loss, m.backward(mlpCorrect) }
		par, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1), gradcheck.Parallel(2, build))
		if err != nil {
			t.Fatal(err)
		}
		if serial.OK() || serial.String() != strings.Replace(par.String(), ", 2 workers", "", 1) {
			t.Errorf("%s: reports differ:\n%v\n%v", c.bug, serial, par)
		}
		sameBits(t, before, bits(params))
	}
}

func ExampleFast() {
	// The 784-128-10 MLP with one wrong element among 101,770 parameters.
	net := newMLP(1)
	rep, err := gradcheck.Check(net.loss, net.backward(mlpOneElement), gradcheck.Fast(3, 1))
	if err != nil {
		fmt.Println(err)
		return
	}
	w1 := rep.Param("W1")
	m := w1.Comparison.Mismatches[0]
	fmt.Println(rep.OK(), w1.Comparison.Index(m.Row, m.Col), rep.Evals, "loss evaluations")
	// Output:
	// false dW1[5,300] 38 loss evaluations
}

// Bisect, deprecated, is Fast.
func TestBisectIsFast(t *testing.T) {
	net := newMLP(1)
	params := net.backward(mlpOneElement)
	fast, err1 := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1))
	bisect, err2 := gradcheck.Check(net.loss, params, gradcheck.Bisect(3, 1))
	if err1 != nil || err2 != nil || fast.String() != bisect.String() || bisect.Mode != gradcheck.Bisection {
		t.Errorf("errors %v, %v; reports differ:\n%v\n%v", err1, err2, fast, bisect)
	}
}

// PerParameter draws k directions for each parameter: 2k evaluations per
// parameter, and the same localisation within the parameter that fails.
func TestFastPerParameter(t *testing.T) {
	net := newMLP(1)
	for _, bug := range []mlpBug{mlpCorrect, mlpOneElement, mlpMissing1m, mlpBias1Percent} {
		params := net.backward(bug)
		before := bits(params)
		rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1), gradcheck.PerParameter())
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s, per parameter: %d loss evaluations", bug, rep.Evals)
		if !strings.Contains(rep.String(), "fast (3 directions per parameter, seed 1)") {
			t.Errorf("the report does not say how directions were drawn:\n%v", rep)
		}
		switch bug {
		case mlpCorrect:
			if !rep.OK() || rep.Evals != 2+4*3*2 {
				t.Errorf("a correct model: %d evaluations, want 26\n%v", rep.Evals, rep)
			}
		case mlpOneElement:
			if got := mismatchNames(rep.Param("W1")); len(got) != 1 || got[0] != "dW1[5,300]" || !rep.Param("W2").OK {
				t.Errorf("named %v\n%v", got, rep)
			}
		case mlpMissing1m:
			if rep.Param("W2").OK || !strings.Contains(rep.Param("W2").Hint, "missing 1/m") || !rep.Param("W1").OK {
				t.Errorf("%v", rep)
			}
		case mlpBias1Percent:
			if got := mismatchNames(rep.Param("b2")); len(got) != 1 || got[0] != "db2[3,0]" {
				t.Errorf("named %v\n%v", got, rep)
			}
		}
		sameBits(t, before, bits(params))
	}
}

// Group testing finds several sparse errors at once, in several
// parameters, and names exactly them.
func TestFastFindsSeveralErrors(t *testing.T) {
	net := newMLP(3)
	params := net.backward(mlpFourElements)
	planted := map[string]bool{"dW1[5,300]": true, "dW1[100,17]": true, "dW1[127,783]": true, "dW2[3,64]": true}
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 9))
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
	if rep.Evals > 160 {
		t.Errorf("%d evaluations for 4 errors, the target is at most 160", rep.Evals)
	}
}

// A model of one element has nothing to split: the element is checked, once.
func TestFastOneElementModel(t *testing.T) {
	x := []float64{0.7}
	loss := func() float64 { return x[0] * x[0] * x[0] }
	rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector("x", x, []float64{2 * 0.7 * 0.7})}, gradcheck.Fast(2, 1))
	if err != nil || rep.OK() || rep.Localisation == nil || rep.Localisation.Elements != 1 {
		t.Fatalf("err %v\n%v", err, rep)
	}
	if got := mismatchNames(rep.Param("x")); len(got) != 1 || got[0] != "dx[0]" {
		t.Errorf("named %v", got)
	}
}

// A square gradient that is the transpose of the true one, too large to
// localise element by element: the dense sample includes the transposed
// elements, and the hint says what happened.
func TestFastTransposeHint(t *testing.T) {
	loss, params := transposedNet(40)
	rep, err := gradcheck.Check(loss, params, gradcheck.Fast(3, 1))
	if err != nil || rep.OK() || len(rep.Localisation.Dense) != 1 {
		t.Fatalf("err %v\n%v", err, rep)
	}
	if h := rep.Param("W").Hint; !strings.Contains(h, "dW equals the transposed numerical gradient") {
		t.Errorf("hint %q\n%v", h, rep)
	}
	t.Logf("transposed 40×40 gradient: %d loss evaluations", rep.Evals)
}

// transposedNet is the loss Σ_i (W x)_i² (i+1) / 2 of an n×n matrix W,
// whose gradient is not symmetric, with its gradient transposed by
// mistake (dZ·Xᵀ written as X·dZᵀ).
func transposedNet(n int) (func() float64, []gradcheck.Param) {
	W := mat.NewDense(n, n, nil)
	x := make([]float64, n)
	for i := 0; i < n; i++ {
		x[i] = math.Sin(float64(i) + 0.5)
		for j := 0; j < n; j++ {
			W.Set(i, j, 0.1*math.Cos(float64(i*n+j)))
		}
	}
	loss := func() float64 {
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
	return loss, []gradcheck.Param{{Name: "W", Value: W, Grad: g}}
}

// Errors near the limit of detection can add up along the whole model's
// direction and then hide in both halves, each below the tolerance there.
// The check must not pass then: the halves are checked along fresh
// directions, and when those pass too the parameter fails, with a note,
// and the report says what was not localised.
func TestFastReportsWhatItCouldNotLocalise(t *testing.T) {
	const n = 1000
	x := make([]float64, n)
	loss := func() float64 {
		var s float64
		for _, v := range x {
			s += v * v / 2
		}
		return s
	}
	eps := gradcheck.NumPy.ATol * math.Sqrt(n) / 1.2 // t = 1.2 each: mostly missed, sometimes seen
	unlocalised, found := 0, 0
	for seed := uint64(0); seed < 300; seed++ {
		g := make([]float64, n)
		g[int(seed*31)%(n/2)] = eps // one in each half
		g[n/2+int(seed*17)%(n/2)] = eps
		rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector("x", x, g)}, gradcheck.Fast(1, seed))
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
			if rep.OK() {
				t.Errorf("seed %d: found but passes\n%v", seed, rep)
			}
		}
	}
	t.Logf("300 seeds, two errors at t=1.2: %d localised, %d not localised", found, unlocalised)
	if unlocalised == 0 || found == 0 {
		t.Errorf("expected both outcomes over 300 seeds: %d localised, %d not", found, unlocalised)
	}
}
