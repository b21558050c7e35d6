package wrongderiv

// Deciding: a derivative's form (from actsummary) against what its
// argument holds (from actholds).

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/source"
)

// diagnose checks one derivative site.
func (c *checker) diagnose(decl *ast.FuncDecl, s actsummary.Site) (analysis.Diagnostic, bool) {
	switch {
	case s.Entries != "" || !s.Kind.Single() && s.Role.Derivative():
		return c.dispatch(decl, s)
	case s.Role == actsummary.RoleAct && c.Feeding()[s.Node], s.Role == actsummary.RoleDeriv:
		return c.zForm(decl, s)
	case s.Role == actsummary.RoleOutDeriv:
		return c.outForm(decl, s)
	case s.Role == actsummary.RoleSignDeriv && s.Inclusive:
		return c.sign(decl, s)
	}
	return analysis.Diagnostic{}, false
}

// held returns what the site's argument holds, and the expression an
// applier or a range binds it to, if any.
func (c *checker) held(s actsummary.Site) (actholds.Content, ast.Expr) {
	var bound ast.Expr
	if r, ok := c.RootOf(s.Elem); ok && r.Bound != nil {
		bound = r.Expr
	}
	return c.holds.Of(s.Elem), bound
}

// single returns the first held activation of one known kind that no
// dispatcher's other choice (the identity among them) could make right.
func single(hs []actholds.Held) (actholds.Held, bool) {
	for _, h := range hs {
		if h.Kind&actsummary.OtherKind == 0 && h.Kind != actsummary.NoKind {
			return h, true
		}
	}
	return actholds.Held{}, false
}

// stacked reports whether the value is also the pre-activation of an
// activation of kind k: then k's derivative at it is right (a = tanh(z);
// b = sigmoid(a); sigmoid'(a)).
func stacked(pre []actholds.Held, k actsummary.Kind) bool {
	for _, h := range pre {
		if h.Kind&k != 0 {
			return true
		}
	}
	return false
}

// zForm: a derivative that recomputes the activation of its argument (or
// an activation written out inside a derivative), on a value that already
// holds an activation.
func (c *checker) zForm(decl *ast.FuncDecl, s actsummary.Site) (analysis.Diagnostic, bool) {
	content, bound := c.held(s)
	var pre []actholds.Held
	for _, h := range content.Pre {
		if !c.holds.Defines(s.Node, h) {
			pre = append(pre, h) // not the site's own activation of it
		} else if s.Role == actsummary.RoleAct && h.Kind&s.Kind != 0 && c.holds.Kept(s.Node) {
			// t := tanh(x) kept as the node's output, its derivative
			// written on t: the forward step itself, on whatever x holds.
			return analysis.Diagnostic{}, false
		}
	}
	x, ok := single(content.Act)
	if !ok || stacked(pre, s.Kind) {
		return analysis.Diagnostic{}, false
	}
	arg := c.src.Of(s.ArgW)
	zText := c.otherText(s, bound, x)
	holds := x.Kind.String()
	if zText != "" {
		holds += "(" + zText + ")"
	}
	what := fmt.Sprintf("%s'(·)%s", s.Kind, via(s))
	if s.Role == actsummary.RoleAct {
		what = fmt.Sprintf("%s(·) inside a derivative", s.Kind)
	}
	var msg string
	if x.Kind == s.Kind {
		msg = fmt.Sprintf("%s applies %s to %s, which already holds %s (%s): the result is %s'(%s(z))",
			source.FuncName(decl), what, arg, holds, x.Evidence, x.Kind, x.Kind)
	} else {
		msg = fmt.Sprintf("%s applies %s to %s, which holds %s (%s), not a pre-activation of %s: %s's derivative there is written on %s",
			source.FuncName(decl), what, arg, holds, x.Evidence, s.Kind, x.Kind, arg)
	}
	if use := c.useOnOutput(s, x.Kind, arg, zText); use != "" {
		msg += "; use " + use
	}
	d := analysis.Diagnostic{Pos: s.Node.Pos(), End: s.Node.End(), Category: "wrongderiv", Message: msg, URL: docURL}
	if edits, ok := c.outputFix(s, x.Kind); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{{Message: "write " + x.Kind.String() + "'s derivative on the activation", TextEdits: edits}}
	}
	return d, true
}

// useOnOutput writes the right derivative for a value holding kind k: the
// output form on it, or (when the pre-activation is known) the site's
// helper on that.
func (c *checker) useOnOutput(s actsummary.Site, k actsummary.Kind, arg, zText string) string {
	var uses []string
	switch {
	case !k.Single() || k == actsummary.OtherKind:
	case s.ApplyFn != nil || s.Whole:
		uses = append(uses, fmt.Sprintf("%s for each element v of %s", k.Derivative("v"), arg))
	case s.Role == actsummary.RoleAct:
		uses = append(uses, arg+" itself")
	default:
		uses = append(uses, k.Derivative(arg))
	}
	if zText != "" && s.Kind == k && s.Role == actsummary.RoleDeriv && s.ApplyFn == nil && !s.Whole && s.Via != "" {
		if call, ok := s.Node.(*ast.CallExpr); ok && len(call.Args) == 1 {
			uses = append(uses, fmt.Sprintf("%s(%s)", c.src.Of(call.Fun), zText))
		}
	}
	return strings.Join(uses, " or ")
}

// otherText writes the other place of x's pair at the site, as an element
// where the argument is one (l.z[i] for l.out[i]); "" when it cannot.
func (c *checker) otherText(s actsummary.Site, bound ast.Expr, x actholds.Held) string {
	if !x.Known || x.Off != 0 {
		return ""
	}
	in, cont, text, ok := c.holds.Other(s.Elem, bound, x, s.Node.Pos())
	if !ok {
		return ""
	}
	if in == s.Elem && cont != ast.Unparen(s.Elem) && s.Node.Pos() <= cont.Pos() && cont.End() <= s.Node.End() {
		return c.src.ReplaceIn(s.Elem, cont, text)
	}
	return text
}

// outputFix rewrites a Z-form derivative on an activation of kind k into
// the output form written on it: the call becomes k.Derivative(arg), an
// applier's function a literal, an activation written out the value
// itself. Only for an argument that is a plain place (evaluating it more
// than once is safe).
func (c *checker) outputFix(s actsummary.Site, k actsummary.Kind) ([]analysis.TextEdit, bool) {
	if !k.Exact() || s.Whole || s.InPlace {
		return nil, false
	}
	switch {
	case s.ApplyFn != nil:
		h := c.FuncValueSummary(s.ApplyFn)
		if h == nil {
			return nil, false
		}
		lit, ok := c.src.FuncLiteral(s.ApplyFn, h.Param, "a", k.Derivative("a"))
		if !ok {
			return nil, false
		}
		return []analysis.TextEdit{{Pos: s.ApplyFn.Pos(), End: s.ApplyFn.End(), NewText: []byte(lit)}}, true
	case !plain(s.ArgW):
		return nil, false
	case s.Role == actsummary.RoleAct:
		return []analysis.TextEdit{{Pos: s.Node.Pos(), End: s.Node.End(), NewText: []byte(c.src.Of(s.ArgW))}}, true
	}
	repl := k.Derivative(c.src.Of(s.ArgW))
	if c.src.NeedsParens(s.Node) {
		repl = "(" + repl + ")"
	}
	return []analysis.TextEdit{{Pos: s.Node.Pos(), End: s.Node.End(), NewText: []byte(repl)}}, true
}

// plain reports whether e is a place without calls: x, l.out, l.out[i],
// as[l][j] (writing it several times evaluates nothing twice).
func plain(e ast.Expr) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr, *ast.FuncLit, *ast.UnaryExpr:
			ok = false
		}
		return ok
	})
	return ok
}

func via(s actsummary.Site) string {
	if s.Via == "" {
		return ""
	}
	return " via " + s.Via
}

// outForm: a derivative written on the output (p*(1-p)), on a value that
// is a pre-activation whose activation is stored elsewhere; or on the
// output of another activation.
func (c *checker) outForm(decl *ast.FuncDecl, s actsummary.Site) (analysis.Diagnostic, bool) {
	content, bound := c.held(s)
	arg := c.src.Of(s.ArgW)
	name := source.FuncName(decl)
	if x, ok := single(content.Act); ok {
		if !x.Kind.Single() || x.Kind.Fits(s.Kind) || s.Kind.Fits(x.Kind) || !s.Kind.Single() {
			return analysis.Diagnostic{}, false // the output form on the output (of this activation, maybe)
		}
		for _, y := range content.Act {
			if !y.Kind.Single() || y.Kind.Fits(s.Kind) || s.Kind.Fits(y.Kind) {
				return analysis.Diagnostic{}, false // stored by another branch too: sigmoid(sum) or relu(sum)
			}
		}
		msg := fmt.Sprintf("%s applies %s'(·) written on the output%s to %s, which holds %s (%s): that is %s's derivative on %s's output",
			name, s.Kind, via(s), arg, x.Kind, x.Evidence, s.Kind, x.Kind)
		if x.Kind.Exact() {
			msg += "; use " + x.Kind.Derivative(arg)
		}
		d := analysis.Diagnostic{Pos: s.Node.Pos(), End: s.Node.End(), Category: "wrongderiv", Message: msg, URL: docURL}
		if edits, ok := c.outputFix(s, x.Kind); ok && s.ApplyFn == nil {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "write " + x.Kind.String() + "'s derivative on the activation", TextEdits: edits}}
		}
		return d, true
	}
	if len(content.Act) > 0 {
		return analysis.Diagnostic{}, false // an activation of a kind not known for sure
	}
	x, ok := single(content.Pre)
	if !ok || !x.Kind.Fits(s.Kind) && !s.Kind.Fits(x.Kind) {
		return analysis.Diagnostic{}, false
	}
	aText := c.otherText(s, bound, x)
	where := "its activation"
	if aText != "" {
		where = aText
	}
	msg := fmt.Sprintf("%s applies %s'(·) written on the output%s to %s, which is a pre-activation: %s holds %s(%s) (%s), and the derivative is right only on that",
		name, s.Kind, via(s), arg, where, x.Kind, arg, x.Evidence)
	d := analysis.Diagnostic{Pos: s.Node.Pos(), End: s.Node.End(), Category: "wrongderiv", URL: docURL}
	if aText != "" {
		use := s.Kind.Derivative(aText)
		if call, ok := s.Node.(*ast.CallExpr); ok && s.Via != "" && s.ApplyFn == nil {
			use = c.src.ReplaceIn(call, s.ArgW, aText)
		}
		msg += "; use " + use
		if s.ApplyFn == nil && bound == nil && s.Node.Pos() <= s.ArgW.Pos() && s.ArgW.End() <= s.Node.End() {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "apply it to " + aText,
				TextEdits: []analysis.TextEdit{{Pos: s.ArgW.Pos(), End: s.ArgW.End(), NewText: []byte(aText)}}}}
		}
	}
	d.Message = msg
	return d, true
}

// sign: ReLU's derivative written as a test that gives 1 at zero, on a
// ReLU output, which is never negative.
func (c *checker) sign(decl *ast.FuncDecl, s actsummary.Site) (analysis.Diagnostic, bool) {
	content, _ := c.held(s)
	for _, x := range content.Act {
		if x.Kind != actsummary.ReluKind {
			continue
		}
		arg := c.src.Of(s.ArgW)
		return analysis.Diagnostic{Pos: s.Node.Pos(), End: s.Node.End(), Category: "wrongderiv", URL: docURL,
			Message: fmt.Sprintf("%s applies relu'(·)%s, which gives 1 at zero, to %s, which holds relu (%s): a ReLU output is never negative, so the result is 1 everywhere; test %s > 0",
				source.FuncName(decl), via(s), arg, x.Evidence, arg)}, true
	}
	return analysis.Diagnostic{}, false
}

// dispatch: a derivative through an interface, a func field or a
// dispatcher whose entries differ in form. The entries wrong on what the
// argument holds are named when the forward pass stored it through the
// same dispatch, or stored one known activation.
func (c *checker) dispatch(decl *ast.FuncDecl, s actsummary.Site) (analysis.Diagnostic, bool) {
	content, _ := c.held(s)
	entries := (&actsummary.HelperFact{Entries: s.Entries}).ParseEntries()
	if len(entries) == 0 && s.Impls != "" {
		for _, name := range strings.Split(s.Impls, ", ") {
			entries = append(entries, actsummary.Entry{Name: name, Role: actsummary.RoleDeriv})
		}
	}
	if len(entries) == 0 && s.Impls == "" && s.Kind&actsummary.OtherKind == 0 {
		// A switch on the kind it is given, every case in one form: each
		// case is an entry, named by its activation.
		for k := actsummary.Kind(1); k != 0 && k <= s.Kind; k <<= 1 {
			if s.Kind&k != 0 {
				entries = append(entries, actsummary.Entry{Name: k.String() + caseSuffix, Kind: k, Role: s.Role})
			}
		}
	}
	onOutput := len(content.Act) > 0
	hs := content.Act
	if !onOutput {
		hs = content.Pre
	}
	for _, x := range hs {
		var wrong []string
		for _, e := range entries {
			if x.Dispatch != s.Dispatch && (x.Kind&actsummary.OtherKind != 0 || !x.Kind.Single() || e.Kind != x.Kind) {
				continue // not the dispatch forward used, nor the one activation it stored
			}
			if onOutput && (e.Role == actsummary.RoleDeriv || e.Role == actsummary.RoleSignDeriv && e.Inclusive) ||
				!onOutput && e.Role == actsummary.RoleOutDeriv {
				wrong = append(wrong, e.Name)
			}
		}
		if len(wrong) == 0 {
			continue
		}
		verb, on := "computes", "the pre-activation, and is wrong on an output"
		if len(wrong) > 1 {
			verb, on = "compute", "the pre-activation, and are wrong on an output"
		}
		if !onOutput {
			on = strings.Replace(on, "the pre-activation", "the output", 1)
			on = strings.Replace(on, "an output", "a pre-activation", 1)
		}
		holds := "holds " + x.Kind.String()
		if !onOutput {
			holds = "is the pre-activation of " + x.Kind.String()
		}
		return analysis.Diagnostic{Pos: s.Node.Pos(), End: s.Node.End(), Category: "wrongderiv", URL: docURL,
			Message: fmt.Sprintf("%s applies the derivative%s to %s, which %s (%s): %s %s its derivative on %s",
				source.FuncName(decl), via(s), c.src.Of(s.ArgW), holds, x.Evidence, entryList(wrong), verb, on)}, true
	}
	return analysis.Diagnostic{}, false
}

// writtenForm checks a derivative written out on values, a*(1-a) or
// 1-a*a: right when every operand holds the activation; wrong when they
// are its pre-activation (the output form on Z), or when the form mixes
// the two (t.Value * (1 - v.Value) with t = sigmoid(v)).
func (c *checker) writtenForm(decl *ast.FuncDecl, b *ast.BinaryExpr) (analysis.Diagnostic, bool) {
	var ops []operand
	isT := func(x ast.Expr) bool {
		x = c.StripConversions(x)
		if _, isSite := c.SiteOf(x); isSite {
			return false // an activation computed here: the Z-form check's
		}
		if _, isConst := c.info.Types[x]; isConst && c.info.Types[x].Value != nil {
			return false
		}
		h := c.holds.Of(x)
		act, _ := single(h.Act)
		pre, _ := single(h.Pre)
		if !act.Kind.Single() && !pre.Kind.Single() {
			return false
		}
		ops = append(ops, operand{e: x, act: h.Act, pre: h.Pre})
		return true
	}
	k := c.DerivForm(b, isT, true)
	if k == actsummary.NoKind || len(ops) < 2 {
		return analysis.Diagnostic{}, false
	}
	var out, in *operand
	var p actholds.Held
	if o, i, x, ok := related(decl, ops, k); ok {
		out, in, p = o, i, x
	} else {
		for i := range ops {
			o := &ops[i]
			if a, ok := single(o.act); ok && a.Kind.Single() {
				out = o
			} else if p, ok := single(o.pre); ok && p.Kind.Single() && len(o.act) == 0 {
				in = o
			}
		}
		if in == nil {
			return analysis.Diagnostic{}, false // on the output: right
		}
		p, _ = single(in.pre)
	}
	if !p.Kind.Fits(k) && !k.Fits(p.Kind) {
		return analysis.Diagnostic{}, false
	}
	name := source.FuncName(decl)
	if out != nil {
		return analysis.Diagnostic{Pos: b.Pos(), End: b.End(), Category: "wrongderiv", URL: docURL,
			Message: fmt.Sprintf("%s writes %s's derivative with %s, which holds %s (%s), and %s, its pre-activation: the form wants the activation in both places; use %s",
				name, k, c.src.Of(out.e), p.Kind, p.Evidence, c.src.Of(in.e), k.Derivative(c.src.Of(out.e))),
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("use %s in place of %s", c.src.Of(out.e), c.src.Of(in.e)),
				TextEdits: []analysis.TextEdit{{Pos: in.e.Pos(), End: in.e.End(), NewText: []byte(c.src.Of(out.e))}},
			}}}, true
	}
	return analysis.Diagnostic{Pos: b.Pos(), End: b.End(), Category: "wrongderiv", URL: docURL,
		Message: fmt.Sprintf("%s writes %s's derivative on %s, which is a pre-activation whose activation is stored elsewhere (%s): the form is right only on the activation",
			name, k, c.src.Of(in.e), p.Evidence)}, true
}

// operand is a value a written-out derivative uses.
type operand struct {
	e        ast.Expr
	act, pre []actholds.Held
}

// related decides a written form from what the function itself made: an
// autograd node's out.v = sigmoid(x.v) says which operand is which, whatever
// the v field holds in other nodes. It returns the operand that holds the
// activation (nil when none does), the one that holds its argument, and the
// pair that relates them; false when the function made no such pair or the
// form is right (every operand the activation).
func related(decl ast.Node, ops []operand, k actsummary.Kind) (out, in *operand, p actholds.Held, ok bool) {
	local := func(hs []actholds.Held) []actholds.Held {
		var l []actholds.Held
		for _, h := range hs {
			if h.Within(decl) && h.Kind.Single() && (h.Kind.Fits(k) || k.Fits(h.Kind)) {
				l = append(l, h)
			}
		}
		return l
	}
	relation := func(a, z *operand) (actholds.Held, bool) {
		for _, x := range local(a.act) {
			for _, y := range local(z.pre) {
				if actholds.Relates(x, y) {
					return y, true
				}
			}
		}
		return actholds.Held{}, false
	}
	anyAct := false
	for i := range ops {
		if len(local(ops[i].act)) > 0 {
			anyAct = true
		}
		for j := range ops {
			if types.ExprString(ops[i].e) == types.ExprString(ops[j].e) {
				continue // one value: the form is consistent, whatever it holds
			}
			if z, ok := relation(&ops[i], &ops[j]); ok {
				if _, back := relation(&ops[j], &ops[i]); !back {
					return &ops[i], &ops[j], z, true // mixed: t.v * (1 - x.v)
				}
			}
		}
	}
	if anyAct {
		return nil, nil, actholds.Held{}, false
	}
	for i := range ops {
		if l := local(ops[i].pre); len(l) > 0 {
			return nil, &ops[i], l[0], true // the output form on the argument: x.v * (1 - x.v)
		}
	}
	return nil, nil, actholds.Held{}, false
}

// caseSuffix names an entry that is a case of a switch on the kind.
const caseSuffix = " case"

// entryList names the wrong entries: implementations by name, the cases of
// a switch as "its tanh and sigmoid cases".
func entryList(names []string) string {
	var kinds []string
	for _, n := range names {
		k, ok := strings.CutSuffix(n, caseSuffix)
		if !ok {
			return strings.Join(names, ", ")
		}
		kinds = append(kinds, k)
	}
	if len(kinds) == 1 {
		return "its " + kinds[0] + " case"
	}
	return "its " + strings.Join(kinds[:len(kinds)-1], ", ") + " and " + kinds[len(kinds)-1] + " cases"
}
