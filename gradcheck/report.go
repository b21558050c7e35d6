package gradcheck

import (
	"fmt"
	"math"
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
	Seed         uint64 // for Fast, Sample and Bisect
	Directions   int    // Fast: directions per parameter; Bisect: whole-model directions
	Samples      int    // Sample: elements per parameter
	Workers      int
	// DifferenceBound is the Coursera pass rule when positive: a parameter
	// passes when its Difference is below it.
	DifferenceBound float64
	// PlannedEvals is the number of loss evaluations Check planned (Fast's
	// element-wise fallbacks and Bisect's localisation included, as they
	// were decided), Evals the number it made.
	PlannedEvals, Evals int
	// Fallbacks says which parameters Fast checked again element by element, and why.
	Fallbacks []string
	// Float32 is set when parameters were moved in float32 (Float32, Vector32).
	Float32 bool
	// Localisation says how Bisect localised the failing directions and
	// what it spent; nil in the other modes.
	Localisation *Localisation
}

// Localisation is what Bisect did after a whole-model direction failed.
type Localisation struct {
	// Trigger is the whole-model direction that failed:
	// "direction 0 of the whole model: analytic 0.0123, numeric 0.0119".
	Trigger     string
	Subsets     int // subsets checked along random directions
	SubsetEvals int // the loss evaluations those took
	// Elements is the number of elements checked element-wise (the leaves
	// of the bisection and the dense samples), ElementEvals their cost.
	Elements, ElementEvals int
	// Dense lists the parameters where errors were dense and a sample was
	// checked instead: "dW1[5,0..783] (784 elements in 8 failing subsets): 64 sampled".
	Dense []string
	// Unlocalised lists failing subsets bisection could not narrow down:
	// the budget ran out, or both halves passed twice (an error too small
	// for a random direction to see, or finite-difference noise).
	Unlocalised []string
	// Budget is the bound from the Budget option (0: none); Exhausted says
	// whether localisation stopped because of it.
	Budget    int
	Exhausted bool
}

// ParamReport is the verdict on one parameter's gradient.
type ParamReport struct {
	Name       string
	Rows, Cols int
	OK         bool
	// Directional is set when Fast passed the parameter along every random
	// direction, or Bisect found no failing subset in it; no element-wise
	// numbers exist then.
	Directional bool
	// Comparison lists the mismatched elements of the analytic gradient
	// against the numeric one, worst first, named as dW1[2,1].
	Comparison *Comparison
	// Numeric holds the finite-difference gradient at the checked elements
	// (zero elsewhere when sampling).
	Numeric *mat.Dense
	Checked int // elements compared
	// Difference is the course's ‖g−ĝ‖₂/(‖g‖₂+‖ĝ‖₂) over the checked elements.
	Difference float64
	// MaxRelError is CS231n's max |g−ĝ|/max(|g|,|ĝ|) over the checked elements.
	MaxRelError float64
	// Hint names a likely bug in one line when the failures share a pattern.
	Hint string
	// Note says why a parameter failed without a wrong element to show
	// (Bisect could not localise its failing direction).
	Note string

	shape string // "128×784", "10" for a vector
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

// paramReport compares p's analytic gradient (named gradName in reports)
// with the reference numeric (one value per element) at the checked elements.
func paramReport(p param, gradName string, numeric []float64, checked []int, s settings) ParamReport {
	r, cols, desc := shape(p.st)
	cmp := &Comparison{Name: gradName, Rows: r, Cols: cols, N: len(checked), Tol: s.tol, vector: p.st.vector()}
	g := make([]float64, len(checked))
	n := make([]float64, len(checked))
	num := mat.NewDense(r, cols, nil)
	pr := ParamReport{Name: p.name, Rows: r, Cols: cols, Comparison: cmp, Numeric: num, Checked: len(checked), shape: desc}
	for k, e := range checked {
		i, j := rowCol(p.st, e)
		g[k], n[k] = p.st.grad(e), numeric[e]
		num.Set(i, j, n[k])
		cmp.add(i, j, g[k], n[k])
		if m := math.Max(math.Abs(g[k]), math.Abs(n[k])); m > 0 {
			pr.MaxRelError = math.Max(pr.MaxRelError, math.Abs(g[k]-n[k])/m)
		}
	}
	cmp.sort()
	if denom := floats.Norm(g, 2) + floats.Norm(n, 2); denom > 0 {
		pr.Difference = floats.Distance(g, n, 2) / denom
	}
	if s.differenceBound > 0 {
		pr.OK = pr.Difference < s.differenceBound
	} else {
		pr.OK = cmp.OK()
	}
	if !pr.OK {
		at := make(map[[2]int]bool, len(checked))
		for _, e := range checked {
			i, j := rowCol(p.st, e)
			at[[2]int{i, j}] = true
		}
		pr.Hint = hint(gradName, cmp, s, transposedAt(gradMatrix(p), num, at, s.tol))
	}
	return pr
}

// String is the report a person reads: one line per parameter, the worst
// elements of the failing ones, and a hint where the failures share a
// pattern. Whole matrices are never printed.
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
		if p.Directional {
			why := fmt.Sprintf("passed along %d random directions", r.Directions)
			if r.Mode == Bisection {
				why = "no failing subset"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t-\t-\t-\t(%s)\n", p.Name, shape, v, why)
			continue
		}
		if p.Comparison == nil {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t-\t-\t-\t(%s)\n", p.Name, shape, v, p.Note)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d / %d\t%.3g\t%.3g\n", p.Name, shape, v,
			len(p.Comparison.Mismatches), p.Checked, p.Difference, p.MaxRelError)
	}
	tw.Flush()
	for _, f := range r.Fallbacks {
		fmt.Fprintf(&sb, "  fast mode: %s\n", f)
	}
	if l := r.Localisation; l != nil {
		fmt.Fprintf(&sb, "  failed: %s\n", l.Trigger)
		fmt.Fprintf(&sb, "  localised by bisection: %s along random directions (%d evaluations), %s element-wise (%d evaluations)",
			plural(l.Subsets, "subset"), l.SubsetEvals, plural(l.Elements, "element"), l.ElementEvals)
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
	for _, p := range r.Params {
		sb.WriteString(r.detail(p))
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// detail lists the worst elements of a failing parameter, with the hint;
// it is empty for a parameter that passed.
func (r *Report) detail(p ParamReport) string {
	if p.OK || p.Comparison == nil {
		if !p.OK && p.Note != "" {
			return fmt.Sprintf("d%s: %s\n", p.Name, p.Note)
		}
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: %d of %d elements differ", p.Comparison.Name, len(p.Comparison.Mismatches), p.Checked)
	if r.DifferenceBound > 0 {
		fmt.Fprintf(&sb, " (difference %.3g >= %.3g)", p.Difference, r.DifferenceBound)
	}
	sb.WriteString("\n")
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
		s += fmt.Sprintf(" (%d directions, seed %d)", r.Directions, r.Seed)
	case Bisection:
		s += fmt.Sprintf(" (%s, seed %d)", plural(r.Directions, "direction"), r.Seed)
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
	return fmt.Sprintf("%d %ss", n, noun)
}
