package gradcheck

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Report is the outcome of Check.
type Report struct {
	Params []ParamReport // one per parameter, in the order given to Check

	Mode         Mode
	Source       string  // where reference arrays came from (CompareNPZ)
	Formula      string  // "central", "forward", …
	Step         float64 // h; elements move by h·max(1,|x|) unless AbsoluteStep
	AbsoluteStep bool
	Tol          Tolerance
	Seed         uint64 // for Fast and Sample
	Directions   int    // Fast: directions over the whole model, or per parameter
	PerParameter bool   // Fast: directions were drawn per parameter
	// DirectionStep and DirectionTol are the step and tolerance of Fast's
	// directional checks: Step and Tol, except under Float32.
	DirectionStep float64
	DirectionTol  Tolerance
	Samples       int // Sample: elements per parameter
	Workers       int
	// DifferenceBound is the Coursera pass rule when positive: a parameter
	// passes when its Difference is below it.
	DifferenceBound float64
	// KinksFail is set when checks that crossed a kink fail (KinksFail).
	KinksFail bool
	// PlannedEvals is the number of loss evaluations Check planned (Fast's
	// localisation and the one-sided slopes of failing checks included, as
	// they were decided), Evals the number it made.
	PlannedEvals, Evals int
	// Fallbacks is always empty.
	//
	// Deprecated: Fast no longer checks a failing parameter element by
	// element; Localisation says how it found the wrong elements.
	Fallbacks []string
	// Float32 is set when parameters were moved in float32 (Float32, Vector32).
	Float32 bool
	// DirectionKinks lists Fast's directions and subsets whose check
	// failed but crossed a kink that explains it; they pass unless KinksFail.
	DirectionKinks []DirectionKink
	// Localisation says how Fast localised the failing directions and what
	// it spent; nil when no direction failed, and in the other modes.
	Localisation *Localisation
	// Plots lists the PNG files written for Plot (or GRADCHECK_PLOT).
	Plots []string
}

// Localisation is what Fast did after a direction failed.
type Localisation struct {
	// Trigger is the direction that failed (one per parameter with
	// PerParameter): "direction 0 of the whole model: analytic 0.0123, numeric 0.0119".
	Trigger     string
	Subsets     int // subsets checked along random directions
	SubsetEvals int // the loss evaluations those took
	// Derived is the number of subsets whose check was the difference of
	// their parent's and their sibling's, made without an evaluation;
	// Confirmed is the number of differences too close to the tolerance
	// to decide, checked after all (they count among Subsets or Elements).
	Derived, Confirmed int
	// Elements is the number of elements checked element-wise (the leaves
	// and the dense samples), ElementEvals their cost.
	Elements, ElementEvals int
	// SlopeTests is the number of failing checks whose one-sided slopes
	// were evaluated to tell a kink from an error (their cost is counted
	// with the checks).
	SlopeTests int
	// Dense lists the parameters where errors were dense and a sample was
	// checked instead: "dW1[5,0..783] (784 elements in 8 failing subsets): 64 sampled".
	Dense []string
	// Unlocalised lists failing subsets localisation could not narrow
	// down: the budget ran out, or no half failed along its own line or a
	// fresh one (an error too small for a random direction to see, or
	// finite-difference noise).
	Unlocalised []string
	// Budget is the bound from the Budget option (0: none); Exhausted says
	// whether localisation stopped because of it.
	Budget    int
	Exhausted bool
}

// Kink is an element whose central difference straddled a point where the
// loss is not differentiable (a ReLU, max or abs switching within the
// step): its one-sided slopes disagree, and the analytic value matches one
// of them or lies between them. See KinksFail.
type Kink struct {
	Row, Col          int
	Value             float64 // the element's value
	Analytic, Numeric float64 // the gradient under test and the central difference
	Forward, Backward float64 // the one-sided slopes from the right and from the left
}

// DirectionKink is a direction or subset of Fast whose check crossed a
// kink: its analytic derivative matches one of the one-sided slopes.
type DirectionKink struct {
	Where             string // "direction 0 of the whole model", "subset dW1[5,0]..[5,391]"
	Analytic, Numeric float64
	Forward, Backward float64
}

// String describes the kink as the report does, naming the slope the
// analytic derivative matches.
func (k DirectionKink) String() string {
	side, slope, other, otherSlope := "forward", k.Forward, "backward", k.Backward
	if math.Abs(k.Analytic-k.Backward) < math.Abs(k.Analytic-k.Forward) {
		side, slope, other, otherSlope = other, otherSlope, side, slope
	}
	return fmt.Sprintf("%s crossed a kink: analytic %.8g matches the %s slope %.8g (%s %.8g, central %.8g)",
		k.Where, k.Analytic, side, slope, other, otherSlope, k.Numeric)
}

// ParamReport is the verdict on one parameter's gradient.
type ParamReport struct {
	Name       string
	Rows, Cols int
	OK         bool
	// Directional is set when Fast found no failing direction or subset in
	// the parameter and checked none of its elements one by one; no
	// element-wise numbers exist then.
	Directional bool
	// Comparison lists the mismatched elements of the analytic gradient
	// against the numeric one, worst first, named as dW1[2,1]. Elements that
	// crossed a kink are not among them unless KinksFail.
	Comparison *Comparison
	// Numeric holds the finite-difference gradient at the checked elements
	// (zero elsewhere when sampling).
	Numeric *mat.Dense
	Checked int // elements compared
	// Difference is the course's ‖g−ĝ‖₂/(‖g‖₂+‖ĝ‖₂) over the checked
	// elements (those that crossed a kink left out, unless KinksFail).
	Difference float64
	// MaxRelError is CS231n's max |g−ĝ|/max(|g|,|ĝ|) over the same elements.
	MaxRelError float64
	// Kinks lists the checked elements that crossed a kink, worst first.
	Kinks []Kink
	// KinkedDirections counts Fast's directions and subsets in this
	// parameter whose failure a kink explained.
	KinkedDirections int
	// Hint names a likely bug in one line when the failures share a pattern.
	Hint string
	// Note says why a parameter failed without a wrong element to show
	// (Fast could not localise its failing direction, or KinksFail).
	Note string

	shape string // "128×784", "10" for a vector
	grid  *grid  // what the map and the plot show; nil when nothing was localised
}

// OK reports whether every parameter passed.
func (r *Report) OK() bool {
	for _, p := range r.Params {
		if !p.OK {
			return false
		}
	}
	return true
}

// Param returns the report on the named parameter, or nil.
func (r *Report) Param(name string) *ParamReport {
	for i := range r.Params {
		if r.Params[i].Name == name {
			return &r.Params[i]
		}
	}
	return nil
}

// paramReport compares parameter k's analytic gradient with the central
// differences found at the elements checked element-wise. state is the
// map of the elements from Fast's localisation (nil: an element not checked
// element-wise is not checked at all).
func (c *checker) paramReport(k int, found *findings, state []byte) ParamReport {
	p := c.params[k]
	return paramReport(p, "d"+p.name, found.checked[k], found.numeric[k], found.odd[k], state, c.s)
}

// paramReport compares p's analytic gradient (named gradName in reports)
// with the reference numeric (one value per element) at the checked
// elements; odd holds the checks that failed or crossed a kink.
func paramReport(p param, gradName string, checked []int, numeric []float64, odd map[int]lineCheck, state []byte, s settings) ParamReport {
	r, cols, desc := shape(p.st)
	comparison := &Comparison{Name: gradName, Rows: r, Cols: cols, N: len(checked), Tol: s.tol, vector: p.st.vector()}
	num := mat.NewDense(r, cols, nil)
	pr := ParamReport{Name: p.name, Rows: r, Cols: cols, Comparison: comparison, Numeric: num, Checked: len(checked), shape: desc, grid: newGrid(p, state)}
	var g, n []float64
	for _, e := range checked {
		i, j := rowCol(p.st, e)
		a, b := p.grad[e], numeric[e]
		num.Set(i, j, b)
		cell := pr.grid.at(i, j)
		pr.grid.ratio[cell] = math.Abs(a-b) / s.tol.Allowed(b)
		pr.grid.state[cell] = cellOK
		if !isClose(a, b, s.tol) {
			pr.grid.state[cell] = cellDiffers
		}
		if o, ok := odd[e]; ok && o.kink {
			pr.Kinks = append(pr.Kinks, Kink{Row: i, Col: j, Value: p.orig[e], Analytic: a, Numeric: b, Forward: o.forward, Backward: o.backward})
			pr.grid.state[cell] = cellKink
			if !s.kinksFail {
				continue
			}
		}
		g, n = append(g, a), append(n, b)
		comparison.add(i, j, a, b)
		if m := math.Max(math.Abs(a), math.Abs(b)); m > 0 {
			pr.MaxRelError = math.Max(pr.MaxRelError, math.Abs(a-b)/m)
		}
	}
	comparison.sort()
	slices.SortStableFunc(pr.Kinks, func(x, y Kink) int { // worst first
		return cmp.Compare(math.Abs(y.Analytic-y.Numeric)/s.tol.Allowed(y.Numeric), math.Abs(x.Analytic-x.Numeric)/s.tol.Allowed(x.Numeric))
	})
	if denom := floats.Norm(g, 2) + floats.Norm(n, 2); denom > 0 {
		pr.Difference = floats.Distance(g, n, 2) / denom
	}
	if s.differenceBound > 0 {
		pr.OK = pr.Difference < s.differenceBound && (!s.kinksFail || len(pr.Kinks) == 0)
	} else {
		pr.OK = comparison.OK()
	}
	if !pr.OK {
		at := make(map[[2]int]bool, len(checked))
		for _, e := range checked {
			i, j := rowCol(p.st, e)
			at[[2]int{i, j}] = true
		}
		pr.Hint = hint(gradName, comparison, s, transposedAt(gradMatrix(p), num, at, s.tol))
	}
	return pr
}

// String is the report a person reads: one line per parameter, the worst
// elements of the failing ones with a map of where they lie, the elements
// that crossed a kink, and a hint where the failures share a pattern.
// Whole matrices are never printed.
func (r *Report) String() string {
	var sb strings.Builder
	failed := 0
	for _, p := range r.Params {
		if !p.OK {
			failed++
		}
	}
	verdict := "ok"
	if failed > 0 {
		verdict = fmt.Sprintf("FAIL: %d of %d parameters have wrong gradients", failed, len(r.Params))
	}
	fmt.Fprintf(&sb, "gradcheck: %s\n", verdict)
	if r.Mode == References {
		fmt.Fprintf(&sb, "  %s\n", r.method())
	} else {
		fmt.Fprintf(&sb, "  %s; %d loss evaluations (planned %d)\n", r.method(), r.Evals, r.PlannedEvals)
	}
	tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  param\tshape\tverdict\tmismatched\tdifference\tmax rel err\n")
	for _, p := range r.Params {
		v := "ok"
		if !p.OK {
			v = "FAIL"
		}
		shape := p.shape
		if shape == "" {
			shape = fmt.Sprintf("%d×%d", p.Rows, p.Cols)
		}
		var notes []string
		switch {
		case p.Directional && r.Localisation != nil:
			notes = append(notes, "no failing subset")
		case p.Directional:
			notes = append(notes, fmt.Sprintf("passed along %s", plural(r.Directions, "random direction")))
		case p.Comparison == nil:
			notes = append(notes, p.Note)
		}
		if len(p.Kinks) > 0 {
			notes = append(notes, fmt.Sprintf("%s crossed a kink", plural(len(p.Kinks), "element")))
		}
		note := ""
		if len(notes) > 0 {
			note = "\t(" + strings.Join(notes, "; ") + ")"
		}
		if p.Comparison == nil {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t-\t-\t-%s\n", p.Name, shape, v, note)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d / %d\t%.3g\t%.3g%s\n", p.Name, shape, v,
			len(p.Comparison.Mismatches), p.Checked, p.Difference, p.MaxRelError, note)
	}
	tw.Flush()
	if l := r.Localisation; l != nil {
		fmt.Fprintf(&sb, "  failed: %s\n", l.Trigger)
		fmt.Fprintf(&sb, "  localised by group testing: %s along random directions (%d evaluations), %s by difference, %s element-wise (%d evaluations)",
			plural(l.Subsets, "subset"), l.SubsetEvals, plural(l.Derived, "subset"), plural(l.Elements, "element"), l.ElementEvals)
		if l.Confirmed > 0 {
			fmt.Fprintf(&sb, "; %d differences too close to the tolerance checked", l.Confirmed)
		}
		if l.SlopeTests > 0 {
			fmt.Fprintf(&sb, "; one-sided slopes of %s", plural(l.SlopeTests, "failing check"))
		}
		if l.Budget > 0 {
			fmt.Fprintf(&sb, ", budget %d", l.Budget)
			if l.Exhausted {
				sb.WriteString(" (exhausted)")
			}
		}
		sb.WriteString("\n")
		for _, d := range l.Dense {
			fmt.Fprintf(&sb, "  dense errors: %s\n", d)
		}
		for _, u := range l.Unlocalised {
			fmt.Fprintf(&sb, "  not localised: %s\n", u)
		}
	}
	for i, k := range r.DirectionKinks {
		if i == maxListed {
			fmt.Fprintf(&sb, "  … and %s that crossed a kink\n", plural(len(r.DirectionKinks)-maxListed, "more direction or subset"))
			break
		}
		fmt.Fprintf(&sb, "  kink: %s; %s\n", k, r.kinkVerdict())
	}
	for _, p := range r.Params {
		sb.WriteString(r.detail(p))
	}
	for _, f := range r.Plots {
		fmt.Fprintf(&sb, "plot: %s\n", f)
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

func (r *Report) kinkVerdict() string {
	if r.KinksFail {
		return "fails (KinksFail)"
	}
	return "not a failure"
}

// detail lists the worst elements of a failing parameter, with the hint and
// a map of where they lie, and the elements that crossed a kink; it is
// empty for a parameter that passed without kinks.
func (r *Report) detail(p ParamReport) string {
	var sb strings.Builder
	switch {
	case p.OK:
	case p.Comparison == nil || len(p.Comparison.Mismatches) == 0 && p.Note != "":
		if p.Note != "" {
			fmt.Fprintf(&sb, "d%s: %s\n", p.Name, p.Note)
		}
	default:
		fmt.Fprintf(&sb, "%s: %d of %d elements differ", p.Comparison.Name, len(p.Comparison.Mismatches), p.Checked)
		if r.DifferenceBound > 0 {
			fmt.Fprintf(&sb, " (difference %.3g >= %.3g)", p.Difference, r.DifferenceBound)
		}
		sb.WriteString("\n")
		if p.Note != "" {
			fmt.Fprintf(&sb, "  also: %s\n", p.Note)
		}
		if p.Hint != "" {
			fmt.Fprintf(&sb, "  hint: %s\n", p.Hint)
		}
		tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  element\tanalytic\tnumeric\t|Δ|\tallowed\t|Δ|/allowed\tanalytic/numeric\t\n")
		for k, m := range p.Comparison.Mismatches {
			if k == maxListed {
				break
			}
			fmt.Fprintf(tw, "  %s\t%.8g\t%.8g\t%.3g\t%.3g\t%.3g\t%.4g\t\n", p.Comparison.Index(m.Row, m.Col), m.A, m.B, m.AbsDiff, m.Allowed, m.Ratio, m.A/m.B)
		}
		tw.Flush()
		if extra := len(p.Comparison.Mismatches) - maxListed; extra > 0 {
			fmt.Fprintf(&sb, "  … and %d more\n", extra)
		}
	}
	name := "d" + p.Name
	if p.Comparison != nil {
		name = p.Comparison.Name
	}
	if !p.OK && p.grid != nil && p.Rows*p.Cols > 2*maxListed {
		sb.WriteString(p.grid.text(name))
	}
	if len(p.Kinks) > 0 {
		fmt.Fprintf(&sb, "%s: %s crossed a kink of the loss (%s)\n", name, plural(len(p.Kinks), "element"), r.kinkVerdict())
		tw := tabwriter.NewWriter(&sb, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "  element\tvalue\tanalytic\tcentral\tforward\tbackward\t\n")
		for k, m := range p.Kinks {
			if k == maxListed {
				break
			}
			fmt.Fprintf(tw, "  %s\t%.6g\t%.8g\t%.8g\t%.8g\t%.8g\t\n", p.Comparison.Index(m.Row, m.Col), m.Value, m.Analytic, m.Numeric, m.Forward, m.Backward)
		}
		tw.Flush()
		if extra := len(p.Kinks) - maxListed; extra > 0 {
			fmt.Fprintf(&sb, "  … and %d more\n", extra)
		}
	}
	return sb.String()
}

// method describes how the numbers were obtained, including the seed that
// reproduces Fast and Sample.
func (r *Report) method() string {
	if r.Mode == References {
		return fmt.Sprintf("compared with reference arrays from %s, rtol=%g atol=%g", r.Source, r.Tol.RTol, r.Tol.ATol)
	}
	step := fmt.Sprintf("step %g·max(1,|x|)", r.Step)
	if r.AbsoluteStep {
		step = fmt.Sprintf("step %g", r.Step)
	}
	rule := fmt.Sprintf("rtol=%g atol=%g", r.Tol.RTol, r.Tol.ATol)
	if r.DifferenceBound > 0 {
		rule = fmt.Sprintf("pass when difference < %g", r.DifferenceBound)
	}
	s := fmt.Sprintf("%s differences, %s, %s, %s", r.Formula, step, rule, r.Mode)
	switch r.Mode {
	case RandomDirections:
		scope := "over the whole model"
		if r.PerParameter {
			scope = "per parameter"
		}
		s += fmt.Sprintf(" (%s %s, seed %d", plural(r.Directions, "direction"), scope, r.Seed)
		if r.DirectionStep != r.Step || r.DirectionTol != r.Tol {
			s += fmt.Sprintf("; directions: step %g, rtol=%g atol=%g", r.DirectionStep, r.DirectionTol.RTol, r.DirectionTol.ATol)
		}
		s += ")"
	case RandomElements:
		s += fmt.Sprintf(" (%d elements per parameter, seed %d)", r.Samples, r.Seed)
	}
	if r.Float32 {
		s += ", float32 (steps rounded up to powers of two)"
	}
	if r.Workers > 1 {
		s += fmt.Sprintf(", %d workers", r.Workers)
	}
	return s
}

// gradMatrix is p's gradient as a matrix, for the transpose hint; nil for
// vectors and ragged rows.
func gradMatrix(p param) *mat.Dense {
	switch st := p.st.(type) {
	case *denseStore:
		return st.gv
	case *rowsStore:
		r, c, _ := shape(st)
		if r*c != p.n {
			return nil
		}
		g := mat.NewDense(r, c, nil)
		for i := 0; i < p.n; i++ {
			g.Set(i/c, i%c, st.grad(i))
		}
		return g
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "direction or subset") {
		return fmt.Sprintf("%d %s", n, strings.Replace(noun, "direction or subset", "directions or subsets", 1))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
