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
	RandomDirections             // Fast: random directions, element-wise where they fail
	RandomElements               // Sample: random elements of each parameter
	References                   // CompareReferences: against arrays, no finite differences
	Bisection                    // Bisect: random directions over the whole model, wrong elements found by bisection
)

func (m Mode) String() string {
	return [...]string{"element-wise", "fast (directional)", "sampled", "reference", "whole-model directions with bisection"}[m]
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
	budget       int  // Bisect: at most this many evaluations in all (0: no bound)
	float32      bool // move every parameter in float32 (Float32)
	stepSet      bool // WithStep or a preset chose the step
	tolSet       bool // WithTolerance or a preset chose the tolerance
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

// Fast checks each parameter along k random unit directions (k <= 0 means 3)
// drawn from seed: 2k loss evaluations per parameter with a central formula
// instead of 2 per element. A parameter that fails is checked again element
// by element with the same step and formula, so a failure still names the
// wrong elements.
//
// Detection power: an error e in the analytic gradient shows up as e·v along
// a unit direction v. An error spread over the whole parameter (a wrong
// factor, a sign, a transpose) is caught almost surely; an error of size ε
// confined to one of n elements shows up as about ε/√n, and is missed when
// that is below the tolerance. Use the element-wise check (the default) or
// Sample before trusting Fast on large parameters, and [Bisect] on models
// too large for an element-wise fallback: it checks the whole model at once
// and localises a failure in a few evaluations per wrong element.
func Fast(k int, seed uint64) Option {
	return func(s *settings) {
		if k <= 0 {
			k = 3
		}
		s.mode, s.directions, s.seed = RandomDirections, k, seed
	}
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
// For Bisect it bounds what is known in advance (the preflight and the
// whole-model directions); Budget bounds the localisation.
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

// Float32 is for losses computed in float32: parameters are moved to
// float32 values only (a *mat.Dense too), every stencil point x±h is a
// float32 exactly, and the quotient divides by the step actually taken. It
// selects Float32Step and Float32Tol unless WithStep or WithTolerance are
// given too, and looser agreement (5%) among the ratios behind a hint.
// A check with a [Vector32] parameter uses Float32 by itself.
func Float32() Option {
	return func(s *settings) {
		s.float32 = true
		s.useFloat32Defaults()
	}
}

func (s *settings) useFloat32Defaults() {
	if !s.stepSet {
		s.step = Float32Step
	}
	if !s.tolSet {
		s.tol = Float32Tol
	}
	s.ratioTol = 0.05
}

// Bisect checks the whole model at once along k random directions (k <= 0
// means 3) drawn from seed: 2k loss evaluations for a correct model, plus
// the two of the preflight, whatever its size. Each direction is normalised
// to unit length in each parameter's block (times the parameter's
// magnitude, max(1, max|x|)), so that a ten-element bias weighs as much as a
// 100,000-element weight matrix.
//
// When a direction fails, Bisect finds the wrong elements by group testing:
// it splits the failing set in two (parameters first, then whole rows, then
// elements), checks each half along a fresh random direction restricted to
// it, and keeps the halves that fail, until single elements remain; those
// are checked element-wise and reported as Check reports them (dW1[5,300],
// analytic, numeric, ratio). k wrong elements among n cost about
// 4k·log2(n) evaluations. When the errors in a parameter are dense (at
// least four failing subsets whose halves nearly all fail, as a missing 1/m
// or a wrong row makes them), bisecting stops and a random sample of
// DenseSample elements of the failing subsets is checked element-wise
// instead, for the report and the hints. Report.Localisation says what was
// done and what it cost; [Budget] bounds it. With [Parallel], the subsets of
// each level and the dense samples are checked on the workers' copies, with
// the same result bit for bit.
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
// direction when |ε| > 80·allowed·√n/scale. TestBisectDetectionPower plants
// errors with t from 0.2 to 1.5, counts misses over 400 seeds and compares
// them with the formula. Errors spread over many elements (a factor, a
// sign, a transpose) add up and are caught almost surely. Halves are
// smaller (n shrinks), so the test gets stronger as bisection descends; a
// failing subset whose halves both pass is checked again along fresh
// directions, then reported as not localised.
func Bisect(k int, seed uint64) Option {
	return func(s *settings) {
		if k <= 0 {
			k = 3
		}
		s.mode, s.directions, s.seed = Bisection, k, seed
	}
}

// DenseSample is how many elements of a parameter's failing subsets Bisect
// checks element-wise when the errors there are dense.
const DenseSample = 64

// Budget bounds the loss evaluations of Bisect in all (preflight,
// whole-model directions, bisection and element-wise confirmation) to n.
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
