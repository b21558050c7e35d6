package gradcheck

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzIsClose checks IsClose against numpy's formula written out literally,
// and that CmpOption is symmetric and never looser than numpy in either
// direction. Run with: go test -fuzz=FuzzIsClose ./gradcheck
func FuzzIsClose(f *testing.F) {
	f.Add(1.0, 1.00001, 1e-5, 1e-8, false)
	f.Add(math.Inf(1), math.Inf(1), 0.0, 0.0, false)
	f.Add(math.NaN(), math.NaN(), 1e-5, 1e-8, true)
	f.Add(0.0, math.Copysign(0, -1), 0.0, 0.0, false)
	f.Add(5e-324, 0.0, 0.0, 5e-324, false)
	f.Fuzz(func(t *testing.T, a, b, rtol, atol float64, equalNaN bool) {
		tol := Tolerance{RTol: rtol, ATol: atol, EqualNaN: equalNaN}
		got := IsClose(a, b, tol)
		if tol.Validate() != nil {
			if got {
				t.Fatalf("IsClose(%v, %v, %+v) = true under an invalid tolerance", a, b, tol)
			}
			return
		}
		finite := !math.IsInf(a, 0) && !math.IsNaN(a) && !math.IsInf(b, 0) && !math.IsNaN(b)
		want := (math.Abs(a-b) <= atol+float64(rtol*math.Abs(b)) && finite) ||
			a == b || (equalNaN && math.IsNaN(a) && math.IsNaN(b))
		if got != want {
			t.Fatalf("IsClose(%v, %v, %+v) = %v, numpy's formula gives %v", a, b, tol, got, want)
		}
		ab := cmp.Equal(a, b, CmpOption(tol))
		ba := cmp.Equal(b, a, CmpOption(tol))
		if ab != ba {
			t.Fatalf("CmpOption not symmetric on %v, %v under %+v", a, b, tol)
		}
		if ab && !(IsClose(a, b, tol) && IsClose(b, a, tol)) {
			t.Fatalf("CmpOption accepts %v, %v that numpy rejects in one direction under %+v", a, b, tol)
		}
	})
}
