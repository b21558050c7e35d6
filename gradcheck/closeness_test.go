package gradcheck

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/mat"
)

// numpy's own documented examples (numpy.isclose and numpy.allclose docstrings).
func TestIsCloseNumpyDocExamples(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		a, b []float64
		tol  Tolerance
		want []bool
	}{
		{[]float64{1e10, 1e-7}, []float64{1.00001e10, 1e-8}, NumPy, []bool{true, false}},
		{[]float64{1e10, 1e-8}, []float64{1.00001e10, 1e-9}, NumPy, []bool{true, true}},
		{[]float64{1e10, 1e-8}, []float64{1.0001e10, 1e-9}, NumPy, []bool{false, true}},
		{[]float64{1.0, nan}, []float64{1.0, nan}, NumPy, []bool{true, false}},
		{[]float64{1.0, nan}, []float64{1.0, nan}, Tolerance{RTol: 1e-5, ATol: 1e-8, EqualNaN: true}, []bool{true, true}},
		{[]float64{1e-8, 1e-7}, []float64{0.0, 0.0}, NumPy, []bool{true, false}},
		{[]float64{1e-100, 1e-7}, []float64{0.0, 0.0}, Tolerance{RTol: 1e-5}, []bool{false, false}},
		{[]float64{1e-10, 1e-10}, []float64{1e-20, 0.0}, NumPy, []bool{true, true}},
		{[]float64{1e-10, 1e-10}, []float64{1e-20, 0.999999e-10}, Tolerance{RTol: 1e-5}, []bool{false, true}},
	}
	for _, c := range cases {
		all := true
		for i := range c.a {
			if got := IsClose(c.a[i], c.b[i], c.tol); got != c.want[i] {
				t.Errorf("IsClose(%g, %g, %+v) = %v, numpy says %v", c.a[i], c.b[i], c.tol, got, c.want[i])
			}
			all = all && c.want[i]
		}
		a := mat.NewDense(1, len(c.a), c.a)
		b := mat.NewDense(1, len(c.b), c.b)
		if got := AllClose(a, b, c.tol); got != all {
			t.Errorf("AllClose(%v, %v, %+v) = %v, numpy.allclose says %v", c.a, c.b, c.tol, got, all)
		}
	}
}

func parseHex(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("bad float %q in golden file: %v", s, err)
	}
	return v
}

// TestIsCloseGolden replays every case of testdata/isclose.golden, written by
// scripts/golden_isclose.py from numpy.isclose itself.
func TestIsCloseGolden(t *testing.T) {
	f, err := os.Open("testdata/isclose.golden")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n, failures := 0, 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) != 6 {
			t.Fatalf("malformed golden line %q", line)
		}
		a, b := parseHex(t, fs[0]), parseHex(t, fs[1])
		tol := Tolerance{RTol: parseHex(t, fs[2]), ATol: parseHex(t, fs[3]), EqualNaN: fs[4] == "1"}
		want := fs[5] == "1"
		if got := IsClose(a, b, tol); got != want {
			failures++
			if failures <= 10 {
				t.Errorf("IsClose(%v, %v, %+v) = %v, numpy says %v", a, b, tol, got, want)
			}
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 10000 {
		t.Fatalf("golden file has %d cases, want at least 10000", n)
	}
	if failures > 0 {
		t.Errorf("%d of %d golden cases disagree with numpy", failures, n)
	}
}

// TestAllCloseBroadcastGolden replays numpy.allclose on pairs of 2-D shapes,
// including pairs numpy refuses to broadcast.
func TestAllCloseBroadcastGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/allclose_broadcast.golden")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 4 {
			t.Fatalf("malformed golden line %q", line)
		}
		shapes := strings.Fields(parts[0])
		a := parseMatrix(t, shapes[0], parts[1])
		b := parseMatrix(t, shapes[1], parts[2])
		want := strings.TrimSpace(parts[3])
		_, _, berr := BroadcastShape(a, b)
		got := AllClose(a, b, NumPy)
		switch want {
		case "error":
			if berr == nil || got {
				t.Errorf("%s vs %s: numpy refuses to broadcast, got BroadcastShape error %v, AllClose %v", shapes[0], shapes[1], berr, got)
			}
		default:
			if berr != nil || got != (want == "true") {
				t.Errorf("%s vs %s: AllClose = %v (broadcast error %v), numpy says %s", shapes[0], shapes[1], got, berr, want)
			}
		}
		n++
	}
	if n < 200 {
		t.Fatalf("only %d broadcast cases", n)
	}
}

func parseMatrix(t *testing.T, shape, values string) *mat.Dense {
	t.Helper()
	var r, c int
	rs, cs, _ := strings.Cut(shape, "x")
	r, _ = strconv.Atoi(rs)
	c, _ = strconv.Atoi(cs)
	fs := strings.Fields(values)
	data := make([]float64, len(fs))
	for i, s := range fs {
		data[i] = parseHex(t, s)
	}
	return mat.NewDense(r, c, data)
}

func TestToleranceValidate(t *testing.T) {
	for _, tol := range []Tolerance{
		{RTol: -1e-5, ATol: 1e-8}, {RTol: 1e-5, ATol: -1}, {RTol: math.NaN()}, {ATol: math.Inf(1)},
	} {
		err := tol.Validate()
		if err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", tol)
			continue
		}
		if IsClose(1, 1, tol) {
			t.Errorf("IsClose under invalid %+v = true", tol)
		}
		if AllClose(mat.NewDense(1, 1, []float64{1}), mat.NewDense(1, 1, []float64{1}), tol) {
			t.Errorf("AllClose under invalid %+v = true", tol)
		}
		if _, err := Compare(mat.NewDense(1, 1, nil), mat.NewDense(1, 1, nil), tol); err == nil {
			t.Errorf("Compare under invalid %+v: no error", tol)
		}
	}
	if err := NumPy.Validate(); err != nil {
		t.Errorf("NumPy.Validate() = %v", err)
	}
}

func TestCompareReport(t *testing.T) {
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5.5, 6})
	b := mat.NewDense(1, 3, []float64{1, 2, 3.1})
	c, err := Compare(a, b, NumPy)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "dW1"
	if c.OK() || len(c.Mismatches) != 4 {
		t.Fatalf("got %d mismatches, want 4: %v", len(c.Mismatches), c)
	}
	worst := c.Mismatches[0]
	if worst.Row != 1 || worst.Col != 0 || worst.A != 4 || worst.B != 1 {
		t.Errorf("worst mismatch = %+v, want dW1[1,0] (4 vs 1, ratio 3/1.00001e-5)", worst)
	}
	for i := 1; i < len(c.Mismatches); i++ {
		if c.Mismatches[i].Ratio > c.Mismatches[i-1].Ratio {
			t.Errorf("mismatches not sorted worst first: %v", c.Mismatches)
		}
	}
	s := c.String()
	for _, want := range []string{"Mismatched elements: 4 / 6 (66.7%)", "Max absolute difference among violations: 3", "dW1[1,0] = 4 vs 1", "Max relative difference among violations: 3"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
	if _, err := Compare(mat.NewDense(2, 3, nil), mat.NewDense(3, 2, nil), NumPy); err == nil || !strings.Contains(err.Error(), "2×3 and 3×2 cannot be broadcast") {
		t.Errorf("incompatible shapes: err = %v", err)
	}
	var nilDense *mat.Dense
	if _, err := Compare(nilDense, b, NumPy); err == nil || !strings.Contains(err.Error(), "a is a nil *mat.Dense") {
		t.Errorf("nil matrix: err = %v", err)
	}
	if AllClose(nil, b, NumPy) {
		t.Error("AllClose(nil, b) = true")
	}
}

func TestCmpOption(t *testing.T) {
	type grads struct {
		DW   *mat.Dense
		M    mat.Matrix
		Bias []float64
		Loss float64
		F32  float32
	}
	want := grads{mat.NewDense(1, 2, []float64{1, 2}), mat.NewDense(2, 1, []float64{3, 4}), []float64{0.5, 1e-9}, 0.25, 1}
	near := grads{mat.NewDense(1, 2, []float64{1 + 1e-7, 2}), mat.NewDense(2, 1, []float64{3, 4 - 1e-6}), []float64{0.5, 0}, 0.25, 1}
	if d := cmp.Diff(want, near, CmpOption(NumPy)); d != "" {
		t.Errorf("close values differ:\n%s", d)
	}
	far := near
	far.DW = mat.NewDense(1, 2, []float64{1.1, 2})
	if d := cmp.Diff(want, far, CmpOption(NumPy)); d == "" || !strings.Contains(d, "DW") {
		t.Errorf("want a diff naming DW, got %q", d)
	}
	reshaped := near
	reshaped.M = mat.NewDense(1, 2, []float64{3, 4})
	if cmp.Equal(want, reshaped, CmpOption(NumPy)) {
		t.Error("matrices of different shapes compared equal")
	}
	withNil := near
	withNil.DW = nil
	if cmp.Equal(want, withNil, CmpOption(NumPy)) {
		t.Error("nil matrix equal to a non-nil one")
	}
	if !cmp.Equal(withNil, withNil, CmpOption(NumPy)) {
		t.Error("nil matrix not equal to itself")
	}
	// The symmetric rule: 1 vs 1+2e-5·(1+1e-6) is close with b=1 as the
	// reference under rtol=1e-5, atol=0? No: build a pair that numpy accepts
	// one way and rejects the other way, and check cmp rejects it both ways.
	tol := Tolerance{RTol: 0.1}
	x, y := 1.0, 1.105 // |Δ|=0.105 <= 0.1*1.105 but > 0.1*1
	if !IsClose(x, y, tol) || IsClose(y, x, tol) {
		t.Fatalf("test pair is not asymmetric under numpy's rule")
	}
	if cmp.Equal(x, y, CmpOption(tol)) || cmp.Equal(y, x, CmpOption(tol)) {
		t.Error("CmpOption accepts a pair numpy rejects in one direction")
	}
}

// brokenMatrix is a mat.Matrix whose At panics, as a buggy user type might.
type brokenMatrix struct{}

func (brokenMatrix) Dims() (int, int)    { return 2, 2 }
func (brokenMatrix) At(int, int) float64 { panic("broken matrix") }
func (m brokenMatrix) T() mat.Matrix     { return mat.Transpose{Matrix: m} }

// No panic escapes: a matrix or an activation that panics gives an error.
func TestPanicsBecomeErrors(t *testing.T) {
	b := mat.NewDense(2, 2, nil)
	if _, err := Compare(brokenMatrix{}, b, NumPy); err == nil || !strings.Contains(err.Error(), "panic while comparing matrices: broken matrix") {
		t.Errorf("Compare: err = %v", err)
	}
	if AllClose(b, brokenMatrix{}, NumPy) {
		t.Error("AllClose with a broken matrix = true")
	}
	if cmp.Equal(mat.Matrix(b), mat.Matrix(brokenMatrix{}), CmpOption(NumPy)) {
		t.Error("cmp.Equal with a broken matrix = true")
	}
	boom := ElementWise("boom", func(float64) float64 { panic("bad activation") })
	if err := CheckActivation(b, b, boom, NumPy); err == nil || !strings.Contains(err.Error(), "panic while applying boom to Z: bad activation") {
		t.Errorf("CheckActivation: err = %v", err)
	}
}
