package recomputeact

// Wired derivatives: a layer whose constructor takes the activation and
// its derivative (NewActivation(act, actPrime)) cannot say that its
// backward pass recomputes the activation: the importer that calls the
// constructor decides which functions those are. actholds tells the
// importer that the call through the derivative's field is given the
// argument of the activation's field, whose output is kept (a.output); a
// derivative that recomputes that same activation then recomputes what
// is kept.

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/ignore"
)

// wirings reports the derivatives this package's constructor calls hand
// another package's layer, where they recompute a kept activation.
func (a *checker) wirings(dirs *ignore.Directives) {
	reported := map[string]bool{}
	for _, w := range a.holds.WiringsIn(a.Decls()) {
		if d, ok := a.wired(w); ok && !reported[w.Key()] && !dirs.Suppress(a.pass.Fset, w.Decl, w.Call.Pos()) {
			reported[w.Key()] = true
			a.pass.Report(d)
		}
	}
}

// wired decides one wiring.
func (a *checker) wired(w actholds.WiringSite) (analysis.Diagnostic, bool) {
	d := w.Sum
	act, ok := w.Kind()
	if !ok || d == nil || w.Use.Out || w.Use.Other == "" || d.Role != actsummary.RoleDeriv || d.Kind != act || act == actsummary.ReluKind {
		return analysis.Diagnostic{}, false
	}
	use := act.Derivative(w.Use.Other)
	if d.Elem {
		use = fmt.Sprintf("%s for each element v of %s", act.Derivative("v"), w.Use.Other)
	}
	pos, where := w.Place(a.pass.Fset)
	msg := fmt.Sprintf("%s recomputes %s'(%s) via %s but %s already holds %s (%s): %s is given %s %s; use %s",
		w.Use.Func, act, w.Use.Arg, actsummary.Field(w.Field), w.Use.Other, act, w.Use.Evidence,
		a.src.Of(w.Call.Fun), w.Given(a.src.Of), where, use)
	return analysis.Diagnostic{Pos: pos, Category: "recompute", URL: docURL, Message: msg}, true
}
