package gradcheck_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/nnvet/nnvet/gradcheck"
)

// kinkNet is a 12→8→3 ReLU network with a batch of 4 whose pre-activations
// of units 1, 4 and 6 lie within the step of ReLU's kink at one example
// each, on either side.
func kinkNet() *mlp {
	return withKinks(newNet(4, 12, 8, 3, 4), [][3]float64{{1, 0, 2e-7}, {4, 1, -3e-7}, {6, 2, 1e-8}})
}

// kinkNames lists the elements a report says crossed a kink.
func kinkNames(p *gradcheck.ParamReport) []string {
	var out []string
	for _, k := range p.Kinks {
		out = append(out, p.Comparison.Index(k.Row, k.Col))
	}
	return out
}

// A correct ReLU network whose steps cross kinks passes in every mode, and
// the report lists the kinks with both slopes; KinksFail makes them fail.
func TestKinksDoNotFail(t *testing.T) {
	net := kinkNet()
	params := net.backward(mlpCorrect)
	before := bits(params)
	rep, err := gradcheck.Check(net.loss, params)
	if err != nil || !rep.OK() {
		t.Fatalf("a correct ReLU network fails at its kinks: err %v\n%v", err, rep)
	}
	t.Logf("correct ReLU network, element-wise:\n%v", rep)
	tol := rep.Tol
	kinks := 0
	for _, name := range []string{"W1", "b1", "W2", "b2"} {
		p := rep.Param(name)
		for _, k := range p.Kinks {
			kinks++
			if name == "W2" || name == "b2" || k.Row != 1 && k.Row != 4 && k.Row != 6 {
				t.Errorf("%s[%d,%d] is not an element of a unit with a kink", name, k.Row, k.Col)
			}
			lo, hi := math.Min(k.Forward, k.Backward), math.Max(k.Forward, k.Backward)
			if gradcheck.IsClose(k.Forward, k.Backward, tol) || gradcheck.IsClose(k.Analytic, k.Numeric, tol) ||
				!(gradcheck.IsClose(k.Analytic, k.Forward, tol) || gradcheck.IsClose(k.Analytic, k.Backward, tol) || lo <= k.Analytic && k.Analytic <= hi) {
				t.Errorf("%s[%d,%d] is no kink: %+v", name, k.Row, k.Col, k)
			}
		}
	}
	// Every element of the three units' rows whose step moves the
	// pre-activation across zero, and only those, are kinks.
	if kinks < 30 || !strings.Contains(rep.String(), "dW1: ") || !strings.Contains(rep.String(), "crossed a kink of the loss (not a failure)") {
		t.Errorf("%d kinks\n%v", kinks, rep)
	}
	// Two evaluations more per kink (x±2h), none for the others.
	if rep.Evals != 2+2*(12*8+8+8*3+3)+2*kinks || rep.Evals != rep.PlannedEvals {
		t.Errorf("%d evaluations (planned %d) for %d kinks", rep.Evals, rep.PlannedEvals, kinks)
	}
	sameBits(t, before, bits(params))

	rep, err = gradcheck.Check(net.loss, params, gradcheck.KinksFail())
	if err != nil || rep.OK() || rep.Param("W1").OK || len(rep.Param("W1").Comparison.Mismatches) != len(rep.Param("W1").Kinks) || !rep.KinksFail {
		t.Errorf("KinksFail: the kinks must fail\n%v", rep)
	}
	build := func() (func() float64, []gradcheck.Param) { n := kinkNet(); return n.loss, n.backward(mlpCorrect) }
	for name, opts := range map[string][]gradcheck.Option{
		"torch":         {gradcheck.Torch()},
		"sample":        {gradcheck.Sample(20, 1)},
		"fast":          {gradcheck.Fast(3, 1)},
		"per parameter": {gradcheck.Fast(3, 1), gradcheck.PerParameter()},
		"parallel":      {gradcheck.Parallel(2, build)},
	} {
		rep, err := gradcheck.Check(net.loss, params, opts...)
		if err != nil || !rep.OK() {
			t.Errorf("%s: a correct ReLU network fails: err %v\n%v", name, err, rep)
		}
		if strings.HasPrefix(name, "fast") || name == "per parameter" {
			if len(rep.DirectionKinks) == 0 || !strings.Contains(rep.String(), "crossed a kink: analytic") {
				t.Errorf("%s: no direction crossed a kink?\n%v", name, rep)
			}
			if rep, _ := gradcheck.Check(net.loss, params, append(opts, gradcheck.KinksFail())...); rep.OK() {
				t.Errorf("%s with KinksFail passes\n%v", name, rep)
			}
		}
		sameBits(t, before, bits(params))
	}
}

// A wrong element next to a kink still fails: in a row whose unit has a
// kink, at an element whose own step crosses it, and in a row without one.
// An error that puts the analytic value between the two slopes of an
// element that crosses a kink is what kink detection cannot see (KinksFail
// states it): it passes as a kink.
func TestKinkBesideWrongElement(t *testing.T) {
	net := kinkNet()
	correct, err := gradcheck.Check(net.loss, net.backward(mlpCorrect))
	if err != nil {
		t.Fatal(err)
	}
	var at gradcheck.Kink // an element of unit 1 whose step crosses the kink
	for _, k := range correct.Param("W1").Kinks {
		if k.Row == 1 && math.Abs(k.Forward-k.Backward) > 1e-3 {
			at = k
			break
		}
	}
	if at.Row != 1 {
		t.Fatalf("no kink in row 1 of dW1:\n%v", correct)
	}
	for _, c := range []struct {
		name    string
		row     int
		col     int
		delta   float64
		failing bool
	}{
		{"on the kink", 1, at.Col, 3 * math.Abs(at.Forward-at.Backward), true},
		{"below both slopes", 1, at.Col, -3 * math.Abs(at.Forward-at.Backward), true},
		{"row without a kink", 2, 5, 0.01, true},
		{"between the slopes", 1, at.Col, (at.Forward+at.Backward)/2 - at.Analytic, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, opts := range [][]gradcheck.Option{nil, {gradcheck.Fast(3, 1)}} {
				params := net.backward(mlpCorrect)
				params[0].Grad.Set(c.row, c.col, params[0].Grad.At(c.row, c.col)+c.delta)
				rep, err := gradcheck.Check(net.loss, params, opts...)
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("dW1[%d,%d]", c.row, c.col)
				got := mismatchNames(rep.Param("W1"))
				if c.failing && (rep.OK() || len(got) != 1 || got[0] != name || slices.Contains(kinkNames(rep.Param("W1")), name)) {
					t.Errorf("%v: %s must fail alone\n%v", opts, name, rep)
				}
				if !c.failing && len(opts) == 0 && (!rep.OK() || !slices.Contains(kinkNames(rep.Param("W1")), name)) {
					t.Errorf("%s between the slopes: a kink, as documented\n%v", name, rep)
				}
			}
		})
	}
}

// At model scale: the ReLU MLP with four pre-activations within 1e-8 of
// zero passes Fast with its kinks reported, and a wrong element in a unit
// with a kink, crossing it itself, is named.
func TestKinksOnReluMLP(t *testing.T) {
	net := newReluMLP(1, mlpKinks)
	params := net.backward(mlpCorrect)
	before := bits(params)
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1))
	if err != nil || !rep.OK() || len(rep.DirectionKinks) == 0 {
		t.Fatalf("a correct ReLU MLP fails at its kinks: err %v\n%v", err, rep)
	}
	t.Logf("correct ReLU MLP: %d loss evaluations, %d directions or subsets crossed a kink\n%v", rep.Evals, len(rep.DirectionKinks), rep)
	if rep, _ := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1), gradcheck.KinksFail()); rep.OK() {
		t.Errorf("KinksFail passes\n%v", rep)
	}
	// Element-wise, W1[5,290..310] cross the kink of unit 5 (example 0).
	w1 := net.W1.RawMatrix().Data
	g1 := params[0].Grad.RawMatrix().Data
	row5 := gradcheck.Scalars("W1row5", 21, func(i int) float64 { return w1[5*mlpIn+290+i] },
		func(i int, v float64) { w1[5*mlpIn+290+i] = v }, func(i int) float64 { return g1[5*mlpIn+290+i] })
	rep, err = gradcheck.Check(net.loss, []gradcheck.Param{row5})
	if err != nil || !rep.OK() || len(rep.Param("W1row5").Kinks) < 15 || !slices.Contains(kinkNames(rep.Param("W1row5")), "dW1row5[10]") {
		t.Fatalf("W1[5,290..310] should cross the kink: err %v\n%v", err, rep)
	}
	for _, bug := range []mlpBug{mlpOneElement, mlpFourElements} {
		params := net.backward(bug)
		rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("ReLU MLP, %s: %d loss evaluations\n%v", bug, rep.Evals, rep)
		got := mismatchNames(rep.Param("W1"))
		if rep.OK() || len(got) == 0 || got[0] != "dW1[5,300]" || bug == mlpOneElement && len(got) != 1 || bug == mlpFourElements && len(got) != 3 {
			t.Errorf("%s: named %v\n%v", bug, got, rep)
		}
		sameBits(t, before, bits(params))
	}
}

// The one-sided slopes move parameters too: a loss that panics there is an
// error naming the element or the direction, and every value comes back.
func TestKinkSlopesRestoreWhenLossPanics(t *testing.T) {
	net := kinkNet()
	params := net.backward(mlpCorrect)
	before := bits(params)
	orig := net.W1.At(1, 0)
	loss := func() float64 {
		if d := net.W1.At(1, 0) - orig; d > 1.5*gradcheck.DefaultStep*max(1, math.Abs(orig)) {
			panic("boom at x+2h")
		}
		return net.loss()
	}
	if _, err := gradcheck.Check(loss, params); err == nil || !strings.Contains(err.Error(), "loss panicked while W1[1,0] was moved from") || !strings.Contains(err.Error(), "boom at x+2h") {
		t.Errorf("err = %v", err)
	}
	sameBits(t, before, bits(params))

	mlpNet := newReluMLP(1, mlpKinks)
	mlpParams := mlpNet.backward(mlpCorrect)
	mlpBefore := bits(mlpParams)
	calls := 0
	panicky := func() float64 {
		if calls++; calls == 5 { // the root direction's first one-sided point
			panic("boom along a direction")
		}
		return mlpNet.loss()
	}
	if _, err := gradcheck.Check(panicky, mlpParams, gradcheck.Fast(3, 1)); err == nil || !strings.Contains(err.Error(), "while the whole model was moved along a random direction by -1.2e-05") {
		t.Errorf("err = %v", err)
	}
	sameBits(t, mlpBefore, bits(mlpParams))
}

func ExampleKinksFail() {
	// A correct ReLU network whose batch puts three pre-activations within
	// the step of zero: the central differences of their units' weights
	// straddle ReLU's kink.
	net := kinkNet()
	rep, err := gradcheck.Check(net.loss, net.backward(mlpCorrect))
	if err != nil {
		fmt.Println(err)
		return
	}
	k := rep.Param("W1").Kinks[0]
	fmt.Println(rep.OK(), len(rep.Param("W1").Kinks), "elements of dW1 crossed a kink")
	fmt.Printf("dW1[%d,%d]: analytic %.4f, one-sided slopes %.4f and %.4f, central %.4f\n", k.Row, k.Col, k.Analytic, k.Forward, k.Backward, k.Numeric)

	rep, _ = gradcheck.Check(net.loss, net.backward(mlpCorrect), gradcheck.KinksFail())
	fmt.Println(rep.OK())
	// Output:
	// true 35 elements of dW1 crossed a kink
	// dW1[4,1]: analytic 0.0269, one-sided slopes 0.0269 and -0.0051, central 0.0106
	// false
}
