package wrongderiv

// Wired derivatives: a network package whose constructor takes the
// activation and its derivative (NewFFNN(…, act, actPrime ActFunc)) cannot
// say whether its backward pass applies the right one: that is decided by
// the importer that calls the constructor. actholds tells this importer
// what each call through the derivative's field is given (the output of
// the activation's field, or its argument); the functions are the ones
// this call passes.

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/ignore"
)

// wirings reports the derivatives this package's constructor calls hand
// another package's network, where they get the wrong value.
func (c *checker) wirings(dirs *ignore.Directives) {
	reported := map[string]bool{}
	for _, w := range c.holds.WiringsIn(c.Decls()) {
		if d, ok := c.wired(w); ok && !reported[w.Key()] && !dirs.Suppress(c.pass.Fset, w.Decl, w.Call.Pos()) {
			reported[w.Key()] = true
			c.pass.Report(d)
		}
	}
}

// wired decides one wiring: the derivative given, against what the call
// through its field is given.
func (c *checker) wired(w actholds.WiringSite) (analysis.Diagnostic, bool) {
	d := w.Sum
	if d == nil || !d.Kind.Single() || d.Kind == actsummary.OtherKind {
		return analysis.Diagnostic{}, false
	}
	act, ok := w.Kind()
	if !ok {
		return analysis.Diagnostic{}, false
	}
	field, fn, arg := actsummary.Field(w.Field), c.src.Of(w.Fn), w.Use.Arg
	var why string
	switch {
	case w.Use.Out && d.Role == actsummary.RoleDeriv && d.Kind == act:
		why = fmt.Sprintf("%s recomputes %s of its argument, so the result is %s'(%s(z)); give %s a derivative written on the output (%s) or apply it to the pre-activation",
			fn, d.Kind, act, act, field, act.Derivative(arg))
	case w.Use.Out && d.Role == actsummary.RoleDeriv:
		why = fmt.Sprintf("%s is %s's derivative written on the pre-activation, and %s holds a %s output", fn, d.Kind, arg, act)
	case w.Use.Out && d.Role == actsummary.RoleSignDeriv && d.Inclusive && act == actsummary.ReluKind:
		why = fmt.Sprintf("%s gives 1 at zero, and a ReLU output is never negative, so the result is 1 everywhere; test %s > 0", fn, arg)
	case !w.Use.Out && d.Role == actsummary.RoleOutDeriv && (d.Kind.Fits(act) || act.Fits(d.Kind)):
		why = fmt.Sprintf("%s is written on the output, and %s is the pre-activation", fn, arg)
		if w.Use.Other != "" {
			why += "; apply it to " + w.Use.Other
		}
	case !w.Use.Out && d.Role == actsummary.RoleDeriv && d.Kind != act:
		why = fmt.Sprintf("%s is %s's derivative, and %s is the argument of %s", fn, d.Kind, arg, act)
	case w.Use.Out && d.Role == actsummary.RoleOutDeriv && !d.Kind.Fits(act) && !act.Fits(d.Kind):
		why = fmt.Sprintf("%s is %s's derivative written on its output, and %s holds a %s output", fn, d.Kind, arg, act)
	default:
		return analysis.Diagnostic{}, false
	}
	holds := "holds the output of " + w.FromFields()
	if !w.Use.Out {
		holds = "is the argument of " + w.FromFields()
	}
	pos, where := w.Place(c.pass.Fset)
	msg := fmt.Sprintf("%s applies %s to %s, which %s (%s); %s is given %s %s: %s",
		w.Use.Func, field, arg, holds, w.Use.Evidence, c.src.Of(w.Call.Fun), w.Given(c.src.Of), where, why)
	return analysis.Diagnostic{Pos: pos, Category: "wrongderiv", URL: docURL, Message: msg}, true
}
