package gradcheck

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// hint names a likely bug when the failing elements of p's gradient share a
// pattern: a common ratio analytic/numeric (−1, 2, ½, m, 1/m), zeros where
// the numeric gradient is not, or the transpose of the numeric gradient.
// transposed says whether the analytic gradient equals the transposed
// numeric one wherever both were checked (see transposedAt).
func hint(name string, c *Comparison, s settings, transposed bool) string {
	if transposed {
		return fmt.Sprintf("%s equals the transposed numerical gradient: transposed product (dZ·Xᵀ vs X·dZᵀ)?", name)
	}
	var ratios []float64
	zeros := 0
	for _, m := range c.Mismatches {
		switch {
		case m.B == 0:
			continue
		case m.A == 0:
			zeros++
		default:
			ratios = append(ratios, m.A/m.B)
		}
	}
	if zeros > 0 && len(ratios) == 0 {
		return fmt.Sprintf("%s is zero where the numerical gradient is not (%d elements): gradient not propagated or never written?", name, zeros)
	}
	if zeros > 0 || len(ratios) == 0 {
		return ""
	}
	r, ok := commonRatio(ratios, s.ratioTol)
	if !ok {
		return commonOffset(name, c, s)
	}
	if math.Abs(r-1) <= 0.01 {
		return fmt.Sprintf("%s is within 1%% of the numerical gradient where it fails: finite-difference error rather than a bug? Try Central4 or a looser tolerance", name)
	}
	near := func(want float64) bool { return math.Abs(r-want) <= s.ratioTol*math.Abs(want) }
	switch {
	case near(-1):
		return fmt.Sprintf("%s is the negated numerical gradient: sign error (A−Y vs Y−A, or a missing minus)?", name)
	case near(2):
		return fmt.Sprintf("%s is 2× the numerical gradient: counted twice?", name)
	case near(0.5):
		return fmt.Sprintf("%s is ½ of the numerical gradient: a factor 2 lost (d/dx x² = 2x)?", name)
	case s.batch > 1 && near(float64(s.batch)):
		return fmt.Sprintf("%s is m× the numerical gradient (m=%d): missing 1/m?", name, s.batch)
	case s.batch > 1 && near(1/float64(s.batch)):
		return fmt.Sprintf("%s is 1/m of the numerical gradient (m=%d): divided by m twice?", name, s.batch)
	}
	// Infer m when the ratio is a whole number to within finite-difference
	// error (a missing 1/m is exact; 758.9 is not a batch size).
	if s.batch == 0 {
		whole := 1e-5 // a missing 1/m is exact up to finite-difference error
		if s.ratioTol > 1e-3 {
			whole = s.ratioTol / 5 // float32 differences
		}
		if k := math.Round(r); k >= 3 && math.Abs(r-k) <= whole*k {
			return fmt.Sprintf("%s is %g× the numerical gradient: missing 1/m (batch size %g)?", name, k, k)
		}
		if k := math.Round(1 / r); k >= 3 && math.Abs(1/r-k) <= whole*k {
			return fmt.Sprintf("%s is 1/%g of the numerical gradient: divided by m (=%g) twice?", name, k, k)
		}
	}
	if len(ratios) < 2 {
		return "" // one element proves no common factor
	}
	return fmt.Sprintf("%s is %.4g× the numerical gradient in every failing element: a wrong constant factor?", name, r)
}

// commonRatio returns the median ratio when all ratios agree with it to tol
// (relative).
func commonRatio(ratios []float64, tol float64) (float64, bool) {
	sorted := slices.Clone(ratios)
	slices.Sort(sorted)
	med := sorted[len(sorted)/2]
	for _, r := range sorted {
		if math.Abs(r-med) > tol*math.Abs(med) {
			return 0, false
		}
	}
	return med, true
}

// transposedAt reports whether a square gradient grad equals the transposed
// numeric gradient at the checked elements: all of them, or a sample closed
// under transposition (Fast checks (j,i) with every sampled (i,j) of a
// square parameter whose errors are dense). It needs an off-diagonal pair
// to mean anything.
func transposedAt(grad, numeric *mat.Dense, checked map[[2]int]bool, tol Tolerance) bool {
	if grad == nil {
		return false
	}
	r, c := grad.Dims()
	if r != c || r < 2 {
		return false
	}
	off := 0
	for ij := range checked {
		i, j := ij[0], ij[1]
		if !checked[[2]int{j, i}] || !isClose(grad.At(i, j), numeric.At(j, i), tol) {
			return false
		}
		if i != j {
			off++
		}
	}
	return off >= 2
}

// commonOffset names a gradient that is off by the same amount in every
// failing element (at least two): a constant added where it does not
// belong, as a wrongly broadcast term makes it.
func commonOffset(name string, c *Comparison, s settings) string {
	if len(c.Mismatches) < 2 {
		return ""
	}
	diffs := make([]float64, len(c.Mismatches))
	for i, m := range c.Mismatches {
		diffs[i] = m.A - m.B
	}
	d, ok := commonRatio(diffs, s.ratioTol*10)
	if !ok || d == 0 {
		return ""
	}
	return fmt.Sprintf("%s exceeds the numerical gradient by the same %.4g in every failing element: a constant added (a wrongly broadcast term)?", name, d)
}
