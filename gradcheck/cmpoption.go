package gradcheck

import (
	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/mat"
)

// CmpOption returns a go-cmp option that compares float64 and float32
// values, and matrices (any mat.Matrix, so *mat.Dense fields too), under tol.
// Slices and arrays of floats, and structs holding any of these, are compared
// element by element through it.
//
// go-cmp requires a comparer to be symmetric, and numpy's rule is not (b is
// the reference). CmpOption therefore accepts x and y only when numpy would
// accept each as the reference for the other:
//
//	IsClose(x, y, tol) && IsClose(y, x, tol)
//
// which is |x-y| <= ATol + RTol*min(|x|, |y|) for finite values. It is never
// looser than numpy.isclose in either direction, and stricter only by RTol
// times the difference itself. Matrices must have equal shapes (no
// broadcasting: equal values have equal shapes). An invalid tolerance makes
// no two values equal.
func CmpOption(tol Tolerance) cmp.Option {
	valid := tol.Validate() == nil
	close := func(x, y float64) bool { return valid && isClose(x, y, tol) && isClose(y, x, tol) }
	return cmp.Options{
		cmp.Comparer(close),
		cmp.Comparer(func(x, y float32) bool { return close(float64(x), float64(y)) }),
		cmp.Comparer(func(x, y mat.Matrix) bool { return matricesClose(x, y, close) }),
	}
}

// matricesClose compares matrices of equal shape with a symmetric element rule.
// Two nil matrices are equal; a nil and a non-nil are not.
func matricesClose(x, y mat.Matrix, close func(x, y float64) bool) (equal bool) {
	defer func() {
		if recover() != nil {
			equal = false // a matrix whose At panics equals nothing
		}
	}()
	xr, xc, errx := dims("x", x)
	yr, yc, erry := dims("y", y)
	if errx != nil || erry != nil {
		return errx != nil && erry != nil
	}
	if xr != yr || xc != yc {
		return false
	}
	for i := 0; i < xr; i++ {
		for j := 0; j < xc; j++ {
			if !close(x.At(i, j), y.At(i, j)) {
				return false
			}
		}
	}
	return true
}
