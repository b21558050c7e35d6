package gradcheck

import (
	"math"

	"gonum.org/v1/gonum/diff/fd"
)

// line is the loss along one line through the parameters, x + t·v, at t a
// multiple loc of the step h: one element moved (v a unit vector) or a
// random direction over some subsets of the elements. It keeps every value
// it evaluated, so that the one-sided slopes of a check that failed reuse
// the central difference's two points and cost two more evaluations.
type line struct {
	h    float64
	vals map[float64]float64 // loss at loc; vals[0] is the unperturbed loss when the line starts at x
	eval func(loc float64) (float64, error)
	// near0 is the unperturbed loss when the line starts half a float32
	// ulp from x (see elementStep): close enough for smooth, not for slopes.
	near0 float64
}

func (l *line) at(loc float64) (float64, error) {
	if v, ok := l.vals[loc]; ok {
		return v, nil
	}
	v, err := l.eval(loc)
	if err != nil {
		return 0, err
	}
	l.vals[loc] = v
	return v, nil
}

// derivative applies a first-derivative formula along the line.
func (l *line) derivative(f fd.Formula) (float64, error) {
	var sum float64
	for _, pt := range f.Stencil {
		v, err := l.at(pt.Loc)
		if err != nil {
			return 0, err
		}
		sum += pt.Coeff * v
	}
	return sum / l.h, nil
}

// slopes returns the second-order one-sided derivatives from the right and
// from the left of x,
//
//	forward  = (−3f(x) + 4f(x+h) − f(x+2h)) / 2h
//	backward = ( 3f(x) − 4f(x−h) + f(x−2h)) / 2h
//
// Second order, because first-order ones differ by h·f″ on any curved loss
// and would hide real errors smaller than that.
func (l *line) slopes() (forward, backward float64, err error) {
	var f [5]float64 // at −2h … 2h
	for i, loc := range [5]float64{-2, -1, 0, 1, 2} {
		if f[i], err = l.at(loc); err != nil {
			return 0, 0, err
		}
	}
	forward = (-3*f[2] + 4*f[3] - f[4]) / (2 * l.h)
	backward = (3*f[2] - 4*f[1] + f[0]) / (2 * l.h)
	return forward, backward, nil
}

// smooth reports whether the values already known rule out a kink behind
// a discrepancy d = |analytic − central|: when the step crosses a kink, the
// first-order one-sided differences (f(x+h)−f(x))/h and (f(x)−f(x−h))/h
// differ by about 2·d plus h·f″, while a wrong gradient leaves them h·f″
// apart. A gap below d/4 is no kink then, unless the loss's curvature times
// the step nearly cancels the slope's jump. It costs no evaluation, and is
// false when a point is not known yet.
func (l *line) smooth(d float64) bool {
	fm, ok1 := l.vals[-1]
	f0, ok2 := l.vals[0]
	fp, ok3 := l.vals[1]
	if !ok2 && !math.IsNaN(l.near0) {
		f0, ok2 = l.near0, true
	}
	if !ok1 || !ok2 || !ok3 {
		return false
	}
	return math.Abs((fp-f0)/l.h-(f0-fm)/l.h) <= d/4
}

// lineCheck is what a check along a line found.
type lineCheck struct {
	analytic, numeric float64
	fail              bool // analytic and numeric differ, and no kink explains it
	kink              bool // they differ, and a kink explains it
	kinked            bool // the one-sided slopes disagree: the line crosses a kink
	tested            bool // the one-sided slopes were evaluated
	forward, backward float64
}

// judge compares analytic with the numeric derivative along l under tol,
// and when they differ, looks for a kink. between admits an analytic value
// between the two slopes as a kink (a subgradient at the kink itself); it
// is admitted for single elements only, because a direction's slopes sum
// over many elements and the interval between them could hide an error.
func (c *checker) judge(l *line, analytic float64, between bool, tol Tolerance) (lineCheck, error) {
	n, err := l.derivative(c.s.formula)
	if err != nil {
		return lineCheck{}, err
	}
	r := lineCheck{analytic: analytic, numeric: n}
	if isClose(analytic, n, tol) {
		return r, nil
	}
	if l.smooth(math.Abs(analytic - n)) {
		r.fail = true
		return r, nil
	}
	if r.forward, r.backward, err = l.slopes(); err != nil {
		return lineCheck{}, err
	}
	r.tested = true
	r.kinked, r.kink = classifyKink(analytic, r.forward, r.backward, tol, between)
	r.fail = !r.kink
	return r, nil
}

// classifyKink decides whether one-sided slopes that disagree beyond tol
// (kinked) explain an analytic value: it lies within tol of either slope
// (the slope on x's side of the kink), or, when between is set, between
// them.
func classifyKink(analytic, forward, backward float64, tol Tolerance, between bool) (kinked, explained bool) {
	kinked = !isClose(forward, backward, tol) && !isClose(backward, forward, tol)
	if !kinked {
		return false, false
	}
	if isClose(analytic, forward, tol) || isClose(analytic, backward, tol) {
		return true, true
	}
	lo, hi := min(forward, backward), max(forward, backward)
	return true, between && lo <= analytic && analytic <= hi
}
