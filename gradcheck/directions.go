package gradcheck

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// span is elements lo…hi−1 of parameter param.
type span struct{ param, lo, hi int }

func (s span) size() int { return s.hi - s.lo }

// dspan is a span and a direction's components on it: u[j] for element
// lo+j. A subset of a checked set keeps the components the set was checked
// along, so that the checks of its parts add up to the set's check.
type dspan struct {
	span
	u []float64
}

func size(sub []dspan) int {
	n := 0
	for _, sp := range sub {
		n += sp.size()
	}
	return n
}

// draw returns a random direction over the spans, normalised to unit
// length in each span and scaled by its parameter's magnitude, so that a
// small parameter weighs as much as a large one. id numbers the check and
// with the seed alone decides the direction, so that a check gives the
// same bits on any copy of the model.
func (c *checker) draw(spans []span, id uint64) []dspan {
	rng := rand.New(rand.NewPCG(c.s.seed, 0x6e6e766574^id)) // "nnvet"
	out := make([]dspan, len(spans))
	for k, sp := range spans {
		v := make([]float64, sp.size())
		var ss float64
		for i := range v {
			v[i] = rng.NormFloat64()
			ss += v[i] * v[i]
		}
		scale := c.params[sp.param].scale / math.Sqrt(ss)
		for i := range v {
			v[i] *= scale
		}
		out[k] = dspan{sp, v}
	}
	return out
}

// directionLine is the loss along a direction over sub on model m, and the
// analytic derivative along it: the gradient's product with the
// displacement each element really made (after rounding to float32, or
// by a Scalars set), divided by the step. Only sub's elements move, and
// they are put back after every evaluation.
func (c *checker) directionLine(m model, sub []dspan, what string) (*line, func() float64) {
	h := c.s.directionStep()
	gd := map[float64]float64{} // the gradient times the displacement, by loc
	l := &line{h: h, vals: map[float64]float64{0: c.f0}, near0: math.NaN()}
	l.eval = func(loc float64) (float64, error) {
		t := loc * h
		var g float64
		for _, sp := range sub {
			p := m.params[sp.param]
			moved := make([]float64, sp.size())
			for j, u := range sp.u {
				xp := p.orig[sp.lo+j] + t*u
				if p.r32 {
					xp = round32(xp)
				}
				moved[j] = xp
			}
			p.st.setRange(sp.lo, moved)
			for j, xp := range moved {
				if p.readBack {
					xp = p.st.at(sp.lo + j)
				}
				// The gradient under test is the user's, whichever copy moves.
				g += c.params[sp.param].grad[sp.lo+j] * (xp - p.orig[sp.lo+j])
			}
		}
		f, err := call(m.loss, func() string { return fmt.Sprintf("while %s was moved along a random direction by %v", what, t) })
		*m.evals++
		for _, sp := range sub {
			p := m.params[sp.param]
			p.st.setRange(sp.lo, p.orig[sp.lo:sp.hi])
		}
		gd[loc] = g
		return f, err
	}
	analytic := func() float64 {
		var sum float64
		for _, pt := range c.s.formula.Stencil {
			sum += pt.Coeff * gd[pt.Loc]
		}
		return sum / h
	}
	return l, analytic
}
