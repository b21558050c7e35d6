package gradcheck

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// AllClose reports whether every element of a is close to the matching
// element of the reference b, as numpy.allclose(a, b, rtol, atol, equal_nan)
// does, including numpy's broadcasting of 2-D shapes (r×c against 1×c, r×1,
// 1×1 and the reverse). Shapes that numpy refuses to broadcast, nil
// matrices and invalid tolerances are not close; [Compare] says why.
func AllClose(a, b mat.Matrix, tol Tolerance) bool {
	c, err := Compare(a, b, tol)
	return err == nil && c.OK()
}

// BroadcastShape returns the shape of a and b broadcast together as numpy
// does, or an error naming both shapes when numpy would refuse them.
func BroadcastShape(a, b mat.Matrix) (rows, cols int, err error) {
	ar, ac, err := dims("a", a)
	if err != nil {
		return 0, 0, err
	}
	br, bc, err := dims("b", b)
	if err != nil {
		return 0, 0, err
	}
	rows, okr := broadcastDim(ar, br)
	cols, okc := broadcastDim(ac, bc)
	if !okr || !okc {
		return 0, 0, fmt.Errorf("gradcheck: shapes %d×%d and %d×%d cannot be broadcast together (each dimension must match or be 1)", ar, ac, br, bc)
	}
	return rows, cols, nil
}

func broadcastDim(a, b int) (int, bool) {
	switch {
	case a == b:
		return a, true
	case a == 1:
		return b, true
	case b == 1:
		return a, true
	}
	return 0, false
}

// recoverInto turns a panic in code gradcheck does not control (a user's
// matrix type or activation function) into an error, so that none escapes.
func recoverInto(err *error, doing string) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("gradcheck: panic while %s: %v", doing, r)
	}
}

// dims returns m's shape, or an error for a nil matrix (whose Dims would panic).
func dims(name string, m mat.Matrix) (r, c int, err error) {
	if m == nil {
		return 0, 0, fmt.Errorf("gradcheck: %s is nil", name)
	}
	if v := reflect.ValueOf(m); v.Kind() == reflect.Pointer && v.IsNil() {
		return 0, 0, fmt.Errorf("gradcheck: %s is a nil %T", name, m)
	}
	r, c = m.Dims()
	return r, c, nil
}

// Mismatch is one element that failed a comparison.
type Mismatch struct {
	Row, Col int     // index in the broadcast shape
	A, B     float64 // the value compared and the reference
	AbsDiff  float64 // |A-B|
	Allowed  float64 // ATol + RTol*|B|
	// Ratio is AbsDiff/Allowed: how many times over the tolerance the element
	// is (+Inf when nothing was allowed or a value is not finite).
	Ratio float64
}

// Comparison is the element-wise comparison of a matrix against a reference.
type Comparison struct {
	Name       string // used to label indices, as in dW1[2,1]; may be empty
	Rows, Cols int    // the broadcast shape
	N          int    // elements compared: Rows*Cols, or fewer when sampling
	Tol        Tolerance
	// Mismatches lists every element that is not close, worst ratio first
	// (ties in row-major order).
	Mismatches []Mismatch
	// MaxAbsDiff and MaxRelDiff are the largest |a-b| and |a-b|/|b| among
	// the mismatched elements, as numpy 2.x reports them.
	MaxAbsDiff, MaxRelDiff float64

	vector bool // index elements as dW[j]: a Vector, Vector32 or Scalars parameter
}

// Compare compares a with the reference b element-wise under numpy's rule,
// broadcasting as numpy does. The error is for input that cannot be compared
// at all: nil matrices, shapes that do not broadcast, an invalid tolerance.
func Compare(a, b mat.Matrix, tol Tolerance) (c *Comparison, err error) {
	defer recoverInto(&err, "comparing matrices") // a mat.Matrix whose At panics
	if err := tol.Validate(); err != nil {
		return nil, err
	}
	rows, cols, err := BroadcastShape(a, b)
	if err != nil {
		return nil, err
	}
	ar, ac := a.Dims()
	br, bc := b.Dims()
	c = &Comparison{Rows: rows, Cols: cols, N: rows * cols, Tol: tol}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			x := a.At(i%ar, j%ac)
			y := b.At(i%br, j%bc)
			c.add(i, j, x, y)
		}
	}
	c.sort()
	return c, nil
}

// add records x against the reference y at (i, j) if they are not close.
func (c *Comparison) add(i, j int, x, y float64) {
	if isClose(x, y, c.Tol) {
		return
	}
	m := Mismatch{Row: i, Col: j, A: x, B: y, AbsDiff: math.Abs(x - y), Allowed: c.Tol.Allowed(y)}
	m.Ratio = m.AbsDiff / m.Allowed
	if math.IsNaN(m.Ratio) || m.Allowed == 0 {
		m.Ratio = math.Inf(1)
	}
	c.Mismatches = append(c.Mismatches, m)
	if d := m.AbsDiff; d > c.MaxAbsDiff || math.IsNaN(d) {
		c.MaxAbsDiff = d
	}
	if r := m.AbsDiff / math.Abs(y); r > c.MaxRelDiff || math.IsNaN(r) {
		c.MaxRelDiff = r
	}
}

func (c *Comparison) sort() {
	sort.SliceStable(c.Mismatches, func(i, j int) bool {
		return c.Mismatches[i].Ratio > c.Mismatches[j].Ratio
	})
}

// OK reports whether every element is close.
func (c *Comparison) OK() bool { return len(c.Mismatches) == 0 }

// Total is the number of elements compared.
func (c *Comparison) Total() int { return c.N }

// Index formats element (i, j) with the comparison's name: "dW1[2,1]", or
// "db[1]" for a parameter made by Vector, Vector32 or Scalars (i is 0).
func (c *Comparison) Index(i, j int) string {
	if c.vector {
		return fmt.Sprintf("%s[%d]", c.Name, j)
	}
	return fmt.Sprintf("%s[%d,%d]", c.Name, i, j)
}

// maxListed bounds how many mismatched elements String prints.
const maxListed = 5

// String is a numpy 2.x style summary:
//
//	Not close: rtol=1e-05, atol=1e-08
//	Mismatched elements: 2 / 12 (16.7%)
//	Max absolute difference among violations: 0.5
//	Max relative difference among violations: 1
//	Worst: dW1[2,1] = 0.5 vs 1 (|Δ| 0.5 > allowed 1.001e-05, 5e+04×)
func (c *Comparison) String() string {
	var sb strings.Builder
	if c.OK() {
		fmt.Fprintf(&sb, "%sall %d elements close (rtol=%g, atol=%g)", c.prefix(), c.Total(), c.Tol.RTol, c.Tol.ATol)
		return sb.String()
	}
	fmt.Fprintf(&sb, "%snot close: rtol=%g, atol=%g\n", c.prefix(), c.Tol.RTol, c.Tol.ATol)
	fmt.Fprintf(&sb, "Mismatched elements: %d / %d (%s)\n", len(c.Mismatches), c.Total(), percent(len(c.Mismatches), c.Total()))
	fmt.Fprintf(&sb, "Max absolute difference among violations: %.6g\n", c.MaxAbsDiff)
	fmt.Fprintf(&sb, "Max relative difference among violations: %.6g\n", c.MaxRelDiff)
	for k, m := range c.Mismatches {
		if k == maxListed {
			fmt.Fprintf(&sb, "  … and %d more\n", len(c.Mismatches)-maxListed)
			break
		}
		fmt.Fprintf(&sb, "  %s = %.8g vs %.8g (|Δ| %.3g > allowed %.3g, %.3g×)\n",
			c.Index(m.Row, m.Col), m.A, m.B, m.AbsDiff, m.Allowed, m.Ratio)
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

func (c *Comparison) prefix() string {
	if c.Name == "" {
		return ""
	}
	return c.Name + ": "
}

// percent formats k/n as numpy does: one decimal, "100%" and "0%" kept short.
func percent(k, n int) string {
	if n == 0 {
		return "0%"
	}
	s := fmt.Sprintf("%.1f", 100*float64(k)/float64(n))
	return strings.TrimSuffix(s, ".0") + "%"
}
