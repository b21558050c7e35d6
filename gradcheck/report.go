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
	Seed         uint64 // for Fast and Sample
	Directions   int    // Fast: directions per parameter
	Samples      int    // Sample: elements per parameter
	Workers      int
	// DifferenceBound is the Coursera pass rule when positive: a parameter
	// passes when its Difference is below it.
	DifferenceBound float64
	// PlannedEvals is the number of loss evaluations Check planned (Fast's
	// element-wise fallbacks included), Evals the number it made.
	PlannedEvals, Evals int
	// Fallbacks says which parameters Fast checked again element by element, and why.
	Fallbacks []string
}

// ParamReport is the verdict on one parameter's gradient.
type ParamReport struct {
	Name       string
	Rows, Cols int
	OK         bool
	// Directional is set when Fast passed the parameter along every random
	// direction; no element-wise numbers exist then.
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
// with the reference at the checked elements.
func paramReport(p Param, gradName string, numeric *mat.Dense, checked []task, s settings) ParamReport {
	r, cols := p.Grad.Dims()
	cmp := &Comparison{Name: gradName, Rows: r, Cols: cols, N: len(checked), Tol: s.tol}
	g := make([]float64, len(checked))
	n := make([]float64, len(checked))
	pr := ParamReport{Name: p.Name, Rows: r, Cols: cols, Comparison: cmp, Numeric: numeric, Checked: len(checked)}
	for k, t := range checked {
		g[k], n[k] = p.Grad.At(t.row, t.col), numeric.At(t.row, t.col)
		cmp.add(t.row, t.col, g[k], n[k])
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
		pr.Hint = hint(p, gradName, numeric, cmp, s, len(checked) == r*cols)
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
		if p.Directional {
			fmt.Fprintf(tw, "  %s\t%d×%d\t%s\t-\t-\t-\t(passed along %d random directions)\n", p.Name, p.Rows, p.Cols, v, r.Directions)
			continue
		}
		fmt.Fprintf(tw, "  %s\t%d×%d\t%s\t%d / %d\t%.3g\t%.3g\n", p.Name, p.Rows, p.Cols, v,
			len(p.Comparison.Mismatches), p.Checked, p.Difference, p.MaxRelError)
	}
	tw.Flush()
	for _, f := range r.Fallbacks {
		fmt.Fprintf(&sb, "  fast mode: %s\n", f)
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
	case RandomElements:
		s += fmt.Sprintf(" (%d elements per parameter, seed %d)", r.Samples, r.Seed)
	}
	if r.Workers > 1 {
		s += fmt.Sprintf(", %d workers", r.Workers)
	}
	return s
}
