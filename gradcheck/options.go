package gradcheck

import (
	"fmt"
	"math"
	"reflect"

	"gonum.org/v1/gonum/diff/fd"
)

// DefaultStep is the relative finite-difference step: element x is moved by
// DefaultStep·max(1, |x|). It is near the cube root of float64's epsilon,
// which balances truncation and rounding error for central differences
// (measured in TestDefaultStepBeatsCourseraStep: two orders of magnitude
// more accurate than the course's 1e-7 on a tanh network).
const DefaultStep = 6e-6

// Central4 is the fourth-order five-point central formula for the first
// derivative, for losses whose third derivative makes Central too coarse.
// gonum's diff/fd ships only the second-order Forward, Backward and Central.
var Central4 = fd.Formula{
	Stencil:    []fd.Point{{Loc: -2, Coeff: 1.0 / 12}, {Loc: -1, Coeff: -2.0 / 3}, {Loc: 1, Coeff: 2.0 / 3}, {Loc: 2, Coeff: -1.0 / 12}},
	Derivative: 1,
	Step:       1e-3,
}

// An Option changes how Check works.
type Option func(*settings)

// Mode is how a Report's numbers were obtained.
type Mode int

const (
	AllElements      Mode = iota // every element, the default
	RandomDirections             // Fast: random directions, failures localised by group testing
	RandomElements               // Sample: random elements of each parameter
	References                   // CompareReferences: against arrays, no finite differences
)

// Bisection is the mode of Bisect.
//
// Deprecated: Bisect is Fast, whose mode is RandomDirections.
const Bisection = RandomDirections

func (m Mode) String() string {
	if m < AllElements || m > References {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return [...]string{"element-wise", "fast", "sampled", "reference"}[m]
}

type settings struct {
	tol          Tolerance
	step         float64
	absoluteStep bool // Torch and Coursera move x by exactly step, as they do
	formula      fd.Formula
	batch        int
	nondetTol    float64
	mode         Mode
	directions   int
	samples      int
	seed         uint64
	workers      int
	build        Factory
	maxEvals     int
	budget       int  // Fast: at most this many evaluations in all (0: no bound)
	perParam     bool // Fast: directions per parameter rather than over the whole model
	kinksFail    bool // a check explained by a kink fails all the same
	// dirStep and dirTol, when set, are the step and tolerance of Fast's
	// directional checks (Float32 sets them); step and tol otherwise.
	dirStep    float64
	dirTol     *Tolerance
	plotDir    string
	plotPrefix string // Assert: the test's name, so that tests do not overwrite each other's plots
	float32    bool   // move every parameter in float32 (Float32)
	stepSet    bool   // WithStep or a preset chose the step
	tolSet     bool   // WithTolerance or a preset chose the tolerance
	// ratioTol is how closely the failing elements' ratios must agree for a
	// hint; float32 differences are noisier.
	ratioTol float64
	// differenceBound, when positive, replaces the element-wise verdict by
	// the Coursera rule: a parameter passes when its difference is below it.
	differenceBound float64
	err             error
}

func defaults() settings {
	return settings{tol: NumPy, step: DefaultStep, formula: fd.Central, workers: 1, ratioTol: 1e-3}
}

func (s *settings) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("gradcheck: "+format, args...)
	}
}

// WithTolerance sets the element-wise tolerance (default NumPy). The numeric
// gradient is the reference: IsClose(analytic, numeric, tol).
func WithTolerance(tol Tolerance) Option {
	return func(s *settings) {
		if err := tol.Validate(); err != nil {
			s.fail("WithTolerance: %v", err)
		}
		s.tol, s.tolSet = tol, true
	}
}

// WithStep sets the finite-difference step h (default DefaultStep); element
// x moves by h·max(1, |x|).
func WithStep(h float64) Option {
	return func(s *settings) {
		if !(h > 0) || math.IsInf(h, 0) {
			s.fail("WithStep(%v): the step must be positive and finite", h)
		}
		s.step, s.stepSet = h, true
	}
}

// WithFormula selects a first-derivative formula from gonum's diff/fd
// (fd.Forward, fd.Backward, fd.Central) or Central4, or any fd.Formula
// with Derivative 1. The formula's own Step is ignored; see WithStep.
func WithFormula(f fd.Formula) Option {
	return func(s *settings) {
		if f.Derivative != 1 || len(f.Stencil) == 0 {
			s.fail("WithFormula: need a first-derivative formula with a stencil, got derivative %d with %d points", f.Derivative, len(f.Stencil))
		}
		s.formula = f
	}
}

// formulaName names the known formulas in reports.
func formulaName(f fd.Formula) string {
	for _, k := range []struct {
		name string
		f    fd.Formula
	}{{"central", fd.Central}, {"forward", fd.Forward}, {"backward", fd.Backward}, {"central 5-point", Central4}} {
		if reflect.DeepEqual(f.Stencil, k.f.Stencil) {
			return k.name
		}
	}
	return fmt.Sprintf("%d-point", len(f.Stencil))
}

// WithBatchSize tells the bug hints the batch size m, so that a gradient m
// times too large is reported as a missing 1/m. Without it, Check infers m
// from the ratio when that ratio is a whole number of at least 3.
func WithBatchSize(m int) Option {
	return func(s *settings) {
		if m < 1 {
			s.fail("WithBatchSize(%d): the batch size must be at least 1", m)
		}
		s.batch = m
	}
}

// NondetTol relaxes the preflight determinism test: two evaluations of the
// loss at the same point may differ by up to tol (default 0: bit-identical).
func NondetTol(tol float64) Option {
	return func(s *settings) {
		if !(tol >= 0) || math.IsInf(tol, 0) {
			s.fail("NondetTol(%v): must be finite and non-negative", tol)
		}
		s.nondetTol = tol
	}
}

// Fast checks the model along k random directions (k <= 0 means 3) drawn
// from seed, and when one fails, finds the wrong elements by group testing.
// A correct model costs 2k loss evaluations with a central formula, plus
// the two of the preflight, whatever its size; with [PerParameter], each
// parameter gets its own k directions (2k evaluations per parameter). It is
// torch.autograd.gradcheck's fast_mode, with localisation.
//
// Each direction is normalised to unit length in each parameter's block
// (times the parameter's magnitude, max(1, max|x|)), so that a
// ten-element bias weighs as much as a 100,000-element weight matrix.
//
// Localisation. Directional derivatives add up: the check of a set along u
// is the check of its left half along u restricted to it plus the check of
// its right half along the rest. So Fast splits a failing set in two (at
// the parameter boundary nearest its middle, then at the row boundary
// nearest the middle of a parameter's part, then at the middle element),
// checks one half along the set's own direction, and takes the other half's
// discrepancy as the difference, for free. That difference carries the
// finite-difference error of two checks, which the tolerance bounds; when
// it lies within a factor 2 of the tolerance, the half is checked after
// all. Failing halves are split again down to single elements, which are
// checked element-wise and reported as Check reports them (dW1[5,300],
// analytic, numeric, ratio). One wrong element among n costs about
// 2·log2(n) + 3 evaluations beyond the preflight and the directions: one
// check per split, and half the time a check of the last element by its
// own; k wrong elements cost about 2k·log2(n/k) + 3k (the splits above the
// k errors are shared). When the errors in a parameter are dense (at least
// four failing subsets whose halves nearly all fail, as a missing 1/m or a
// wrong row makes them), splitting stops and a random sample of
// DenseSample elements of the failing subsets is checked element-wise
// instead, for the report and the hints. A failing subset none of whose
// halves fails is checked again along its own line, then its halves along
// fresh directions, then it is reported as not localised and its parameter
// fails. Report.Localisation says what was done and what it cost; [Budget]
// bounds it. With [Parallel], the checks of each level and the dense
// samples run on the workers' copies, with the same result bit for bit.
// Under [Float32], directions have their own step and tolerance
// ([Float32DirectionStep]).
//
// Kinks. A direction whose check fails is kink-tested as elements are (see
// [KinksFail]); a direction or subset whose discrepancy a kink explains
// passes and is listed in Report.DirectionKinks. Within a subset, only an
// analytic value within tolerance of one of the one-sided slopes counts as
// explained, not one between them: a subset's slopes sum over many
// elements, and the interval between them could hide an error. A failing
// direction that crosses a kink is not split by difference (the checks of
// its halves do not add up across a kink): both halves are checked.
//
// Detection power: an error vector e in the analytic gradient shows as e·u
// along the direction u. For one wrong element of a parameter with n
// elements in the checked set, off by ε, u's component there is a normal
// of standard deviation scale/√n, so one direction misses the error with
// probability
//
//	P(miss) = P(|Z| ≤ t) = erf(t/√2) ≈ 0.8·t,   t = allowed·√n / (|ε|·scale)
//
// where allowed = ATol + RTol·|numeric| is the tolerance of the directional
// derivative; k directions miss with P(miss)^k. On the 784-128-10 MLP of
// the tests, ε = 0.05 in one element of W1 (n = 100,352, scale 1, a
// directional derivative of 0.04, so allowed ≈ 4.1e-7) gives t ≈ 0.0026:
// one direction misses it with probability 0.002, three with 10⁻⁸. With
// NumPy's tolerance, an error is missed with probability below 1% per
// direction when |ε| > 80·allowed·√n/scale. TestFastDetectionPower plants
// errors with t from 0.2 to 1.5, counts misses over 400 seeds and compares
// them with the formula. Errors spread over many elements (a factor, a
// sign, a transpose) add up and are caught almost surely. A half keeps the
// error's component e_i·u_i while its tolerance shrinks with its share of
// the derivative, so the test gets stronger as localisation descends.
func Fast(k int, seed uint64) Option {
	return func(s *settings) {
		if k <= 0 {
			k = 3
		}
		s.mode, s.directions, s.seed = RandomDirections, k, seed
	}
}

// PerParameter makes Fast draw its k directions for each parameter on its
// own: 2k evaluations per parameter instead of 2k in all. Each parameter's
// directional derivative then has its own tolerance, not a share of the
// whole model's, which catches smaller errors in a parameter whose
// gradient is small next to the others'.
func PerParameter() Option {
	return func(s *settings) { s.perParam = true }
}

// KinksFail makes a check that crossed a kink fail. By default it does not:
// a loss with ReLU, leaky ReLU, max-pooling, abs or a hinge is not
// differentiable everywhere, and when x±h straddles such a point the
// central difference mixes two slopes, so that a correct analytic gradient
// seems wrong. For an element that fails, Check compares the second-order
// one-sided differences
//
//	forward  = (−3f(x) + 4f(x+h) − f(x+2h)) / 2h
//	backward = ( 3f(x) − 4f(x−h) + f(x−2h)) / 2h
//
// (two extra evaluations, only for failing elements, and none when the
// central difference's own points already rule a kink out): when they
// disagree beyond the tolerance and the analytic value lies within the
// tolerance of one of them or between them, the element crossed a kink
// (ParamReport.Kinks, with both slopes and the element's value) and does
// not fail. A wrong element next to a kink still fails when its analytic
// value is outside that interval.
//
// Detection power at a kink: the one-sided slopes differ by the jump in the
// loss's slope there (for a ReLU unit at one example, |δ·x|/m: the unit's
// backpropagated error times the input the element multiplies, over the
// batch size). An error at an element whose step crosses a kink hides when
// it puts the analytic value between the two slopes or within tolerance of
// the far one; elements whose step crosses no kink are checked as always.
func KinksFail() Option {
	return func(s *settings) { s.kinksFail = true }
}

// Sample checks n elements of each parameter chosen at random from seed
// (all of them when the parameter has at most n), so that every parameter,
// biases included, is covered at a bounded cost.
func Sample(n int, seed uint64) Option {
	return func(s *settings) {
		if n < 1 {
			s.fail("Sample(%d): need at least one element per parameter", n)
		}
		s.mode, s.samples, s.seed = RandomElements, n, seed
	}
}

// A Factory builds an independent copy of the model: a loss and the
// parameters that loss reads, with the same names and values as those
// passed to Check. Parallel calls it once per worker.
type Factory func() (loss func() float64, params []Param)

// Parallel evaluates finite differences on workers goroutines, each with its
// own copy of the model from build, because a loss usually closes over
// shared parameters and two goroutines cannot perturb them at once. The
// result is bit-identical to the serial check: every element's difference is
// computed the same way, only on another copy.
func Parallel(workers int, build Factory) Option {
	return func(s *settings) {
		if workers < 1 || build == nil {
			s.fail("Parallel(%d, build): need at least one worker and a non-nil factory", workers)
		}
		s.workers, s.build = workers, build
	}
}

// MaxEvals makes Check refuse, before evaluating anything, a check that
// would take more than n loss evaluations; the error suggests Fast or Sample.
// For Fast it bounds what is known in advance (the preflight and the
// directions); Budget bounds the localisation.
func MaxEvals(n int) Option {
	return func(s *settings) { s.maxEvals = n }
}

// Torch reproduces torch.autograd.gradcheck's defaults: eps 1e-6 (absolute),
// central differences, rtol 1e-3, atol 1e-5 with the numeric gradient as
// the reference.
func Torch() Option {
	return func(s *settings) {
		s.step, s.absoluteStep, s.stepSet = 1e-6, true, true
		s.tol, s.tolSet = Tolerance{RTol: 1e-3, ATol: 1e-5}, true
	}
}

// Coursera reproduces the deep learning course's gradient_check_n:
// epsilon 1e-7 (absolute), central differences, and a parameter passes when
// ‖g−ĝ‖₂/(‖g‖₂+‖ĝ‖₂) < 2e-7. Mismatched elements are still listed under
// numpy's tolerance, to show where a failure comes from.
func Coursera() Option {
	return func(s *settings) {
		s.step, s.absoluteStep, s.stepSet = 1e-7, true, true
		s.differenceBound, s.tolSet = 2e-7, true
	}
}

// Float32Step is the relative step of [Float32]: x moves by about
// Float32Step·max(1,|x|), rounded up to a power of two so that x±h are
// float32s exactly. On the float32 20-16-1 network of the tests, the worst
// element's |Δ|/allowed is 15 at step 1e-4, 0.93 at 1e-3, 0.26 at 1e-2 and
// 1.8 at 3e-2 (rounding error of the loss divided by the step against
// truncation error): 1e-2 is the best of them (TestFloat32Network).
const Float32Step = 1e-2

// Float32Tol is the tolerance of [Float32]: a float32 loss's rounding
// error divided by the step is about 1e-4 absolute.
var Float32Tol = Tolerance{RTol: 1e-2, ATol: 1e-4}

// Float32DirectionStep and Float32DirectionTol are the step and tolerance
// of [Float32] for Fast's directional checks. A direction moves every
// element a little (h/√n each in a block of n), so its difference quotient
// is limited by the float32 rounding of the loss divided by the step, not
// by the elements' truncation error, and Float32Tol (whose RTol covers
// that truncation) would hide one wrong element among many: measured on
// the float32 784-128-10 MLP of the tests, the worst |analytic − numeric|
// over 20 whole-model directions is 2.0e-5 at step 1e-2 and 5.4e-6 at
// 3e-2, while one element of dW1 off by 0.05 shows as about 4e-5, against
// 5e-4 allowed by Float32Tol (TestFloat32MLP).
const Float32DirectionStep = 3e-2

// Float32DirectionTol: see [Float32DirectionStep].
var Float32DirectionTol = Tolerance{RTol: 1e-3, ATol: 2e-5}

// Float32 is for losses computed in float32: parameters are moved to
// float32 values only (a *mat.Dense too), every stencil point x±h is a
// float32 exactly, and the quotient divides by the step actually taken. It
// selects Float32Step and Float32Tol for elements (and
// Float32DirectionStep and Float32DirectionTol for Fast's directions)
// unless WithStep or WithTolerance are given too, and looser agreement
// (5%) among the ratios behind a hint. A check with a [Vector32] or
// [Matrix32] parameter uses Float32 by itself.
func Float32() Option {
	return func(s *settings) {
		s.float32 = true
		s.useFloat32Defaults()
	}
}

func (s *settings) useFloat32Defaults() {
	if !s.stepSet {
		s.step, s.dirStep = Float32Step, Float32DirectionStep
	}
	if !s.tolSet {
		tol := Float32DirectionTol
		s.tol, s.dirTol = Float32Tol, &tol
	}
	s.ratioTol = 0.05
}

// directionStep is the step of Fast's directional checks.
func (s *settings) directionStep() float64 {
	if s.dirStep > 0 {
		return s.dirStep
	}
	return s.step
}

// directionTol is the tolerance of Fast's directional checks.
func (s *settings) directionTol() Tolerance {
	if s.dirTol != nil {
		return *s.dirTol
	}
	return s.tol
}

// Bisect is Fast: it checks the whole model along k random directions and
// localises failures by group testing.
//
// Deprecated: use [Fast], which now localises as Bisect did, in fewer
// evaluations.
func Bisect(k int, seed uint64) Option { return Fast(k, seed) }

// DenseSample is how many elements of a parameter's failing subsets Fast
// checks element-wise when the errors there are dense.
const DenseSample = 64

// Budget bounds the loss evaluations of Fast in all (preflight,
// directions, localisation and element-wise confirmation) to n.
// When the next step would exceed it, localisation stops; the report lists
// what it could not localise, and those parameters fail.
func Budget(n int) Option {
	return func(s *settings) {
		if n < 1 {
			s.fail("Budget(%d): need at least one evaluation", n)
		}
		s.budget = n
	}
}
