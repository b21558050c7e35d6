package gradcheck

import (
	"fmt"
	"math"
)

// Tolerance is numpy's closeness rule: a is close to the reference b when
// |a-b| <= ATol + RTol*|b|. EqualNaN makes two NaNs close.
type Tolerance struct {
	RTol, ATol float64
	EqualNaN   bool
}

// NumPy is numpy.isclose's default tolerance.
var NumPy = Tolerance{RTol: 1e-5, ATol: 1e-8}

// Validate reports whether the tolerance is usable: both bounds must be
// finite and non-negative.
func (t Tolerance) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"RTol", t.RTol}, {"ATol", t.ATol}} {
		switch {
		case math.IsNaN(f.v):
			return fmt.Errorf("gradcheck: tolerance %s is NaN", f.name)
		case math.IsInf(f.v, 0):
			return fmt.Errorf("gradcheck: tolerance %s is %v; it must be finite", f.name, f.v)
		case f.v < 0:
			return fmt.Errorf("gradcheck: tolerance %s is %g; it must not be negative", f.name, f.v)
		}
	}
	return nil
}

// Allowed returns the largest |a-b| that the tolerance accepts against the
// reference b: ATol + RTol*|b|, rounded as numpy rounds it.
func (t Tolerance) Allowed(b float64) float64 {
	// The explicit conversion forbids fusing into an FMA, which would round
	// differently from numpy on machines that have one.
	return t.ATol + float64(t.RTol*math.Abs(b))
}

// IsClose reports whether a is close to the reference b, exactly as
// numpy.isclose(a, b, rtol, atol, equal_nan) does:
//
//	(|a-b| <= atol + rtol*|b| && isfinite(b)) || a == b || (equal_nan && isnan(a) && isnan(b))
//
// The rule is asymmetric, as numpy's: b is the reference. Infinities are
// close only to themselves; NaN is close to nothing unless EqualNaN.
// An invalid tolerance (see [Tolerance.Validate]) makes nothing close.
//
// One corner follows numpy 1.x (the version the golden tests are generated
// with) rather than the formula above as numpy 2.x writes it: when
// atol + rtol*|b| overflows to +Inf, numpy 2.x calls an infinite a close to
// a finite b, while numpy 1.x and IsClose do not, as numpy documents
// ("infinities are only close to themselves").
func IsClose(a, b float64, tol Tolerance) bool {
	if tol.Validate() != nil {
		return false
	}
	return isClose(a, b, tol)
}

// isClose is IsClose for a tolerance already validated.
func isClose(a, b float64, tol Tolerance) bool {
	if a == b {
		return true
	}
	if tol.EqualNaN && math.IsNaN(a) && math.IsNaN(b) {
		return true
	}
	return math.Abs(a-b) <= tol.Allowed(b) && isFinite(a) && isFinite(b)
}

func isFinite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }
