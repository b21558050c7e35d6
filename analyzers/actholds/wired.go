package actholds

// Wiring: a call through a wired field (actsummary's wired.go: a field
// that only importers fill, through an exported constructor) is given a
// function this package does not know. What it can know is what the
// call's argument holds in terms of the other wired fields: the output of
// l.act (the call applies l.actPrime to an activation), or the argument
// whose l.act output is stored elsewhere. That goes into a WiredFact on
// the field; an importer that calls the constructor knows both functions,
// and Wirings hands them to the checks.

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/source"
)

// WiredFact, on a wired func field, lists the calls through it whose
// argument holds something of another wired field.
type WiredFact struct {
	Uses []WiredUse
}

// WiredUse is one call through a wired field.
type WiredUse struct {
	Posn string // file:line:column of the call
	Func string // the function it is in (Layer.Backward)
	Arg  string // the argument as written
	// Out: the argument holds the output of one of the From fields; else
	// it is their argument, whose output is kept at Other.
	Out      bool
	From     []string
	Evidence string // where that was stored: "stored by Layer.Forward at layer.go:26"
	Other    string // the place of the pair's other side (l.out), "" when unknown
}

func (*WiredFact) AFact() {}
func (f *WiredFact) String() string {
	var s string
	for i, u := range f.Uses {
		if i > 0 {
			s += "; "
		}
		what := "argument of"
		if u.Out {
			what = "output of"
		}
		s += u.Func + " applies it to " + u.Arg + ", the " + what + " " + strings.Join(u.From, "/")
	}
	return s
}

// exportWired exports a WiredFact for each wired field called on a value
// that holds something of another wired field.
func (h *holds) exportWired(r *Holds) {
	if !h.sums.HasWired() {
		return
	}
	uses := map[*types.Var][]WiredUse{}
	for _, decl := range h.sums.Decls() {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			s, ok := h.sums.SiteOf(call)
			if !ok || !s.Wired {
				return true
			}
			fields, _ := actsummary.WiredOf(s.Dispatch)
			sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if len(fields) != 1 || !isSel {
				return true // through a parameter: its function is not this call's to say
			}
			field, ok := h.pass.TypesInfo.Uses[sel.Sel].(*types.Var)
			if !ok {
				return true
			}
			content := r.Of(s.Elem)
			add := func(x Held, out bool) {
				from, ok := actsummary.WiredOf(x.Dispatch)
				if !ok || slices.Contains(from, fields[0]) {
					return // not wired, or the same field (one layer's output into the next)
				}
				u := WiredUse{Posn: h.posn(call.Pos()), Func: source.FuncName(decl), Arg: types.ExprString(s.ArgW),
					Out: out, From: from, Evidence: x.Evidence}
				if in, cont, text, ok := r.Other(s.Elem, nil, x, call.Pos()); ok {
					u.Other = text
					if in == s.Elem && cont != ast.Unparen(s.Elem) {
						// l.out for l.in[i]: the element, l.out[i]
						u.Other = strings.Replace(types.ExprString(s.Elem), types.ExprString(cont), text, 1)
					}
				}
				if !slices.ContainsFunc(uses[field], func(v WiredUse) bool { return v.Posn == u.Posn && v.Out == u.Out && slices.Equal(v.From, u.From) }) {
					uses[field] = append(uses[field], u)
				}
			}
			for _, x := range content.Act {
				add(x, true)
			}
			for _, x := range content.Pre {
				add(x, false)
			}
			return true
		})
	}
	for f, us := range uses {
		h.pass.ExportObjectFact(f, &WiredFact{Uses: us})
	}
}

// posn writes a position as file:line:column, the way drivers print it.
func (h *holds) posn(pos token.Pos) string {
	return h.pass.Fset.Position(pos).String()
}

// Wiring is one call through a wired field of another package, with the
// functions an importer's constructor call gives that field and the
// fields its argument relates to.
type Wiring struct {
	Use   WiredUse
	Field string
	Fn    ast.Expr // the function given for Field
	Sum   *actsummary.HelperFact
	From  []WiredArg
}

// WiredArg is the function given for one of a use's From fields.
type WiredArg struct {
	Field string
	Fn    ast.Expr
	Sum   *actsummary.HelperFact
}

// wiring answers Wirings: it needs only the facts, not the package's SSA.
type wiring struct {
	pass   *analysis.Pass
	sums   *actsummary.Summaries
	sites  []WiringSite // the package's wirings, once listed
	listed bool
}

// Wirings lists what a call of another package's constructor wires: for
// each wired field it fills, each call through it (in that package) whose
// argument holds something of other fields this call fills too.
func (r *Holds) Wirings(call *ast.CallExpr) []Wiring {
	if r == nil || r.w == nil {
		return nil
	}
	w := r.w
	fn, ok := typeCallee(w.pass.TypesInfo, call)
	if !ok {
		return nil
	}
	fields := w.sums.CtorWiring(fn)
	if fields == nil || call.Ellipsis.IsValid() {
		return nil
	}
	argOf := map[string]ast.Expr{}
	for i, name := range fields {
		if name != "" && i < len(call.Args) {
			argOf[name] = call.Args[i]
		}
	}
	node := fn.Signature().Results().At(0).Type()
	var out []Wiring
	for _, name := range slices.Sorted(maps.Keys(argOf)) {
		obj, _, _ := types.LookupFieldOrMethod(node, true, fn.Pkg(), actsummary.Field(name))
		f, ok := obj.(*types.Var)
		if !ok || !f.IsField() {
			continue
		}
		var fact WiredFact
		if !w.pass.ImportObjectFact(f, &fact) {
			continue
		}
	uses:
		for _, u := range fact.Uses {
			wr := Wiring{Use: u, Field: name, Fn: argOf[name], Sum: w.sums.FuncValueSummary(argOf[name])}
			for _, g := range u.From {
				arg, ok := argOf[g]
				if !ok {
					continue uses // a field this call does not fill
				}
				wr.From = append(wr.From, WiredArg{Field: g, Fn: arg, Sum: w.sums.FuncValueSummary(arg)})
			}
			out = append(out, wr)
		}
	}
	return out
}

// typeCallee returns the function a call calls statically.
func typeCallee(info *types.Info, call *ast.CallExpr) (*types.Func, bool) {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil, false
	}
	fn, ok := info.Uses[id].(*types.Func)
	return fn, ok && fn.Signature().Recv() == nil && fn.Signature().Results().Len() == 1
}

// WiringSite is a wiring at one constructor call of this package.
type WiringSite struct {
	Decl *ast.FuncDecl
	Call *ast.CallExpr
	Wiring
}

// WiringsIn lists the wirings of the constructor calls in decls.
// Both checks ask; the package's answer is kept for the second. Only a
// call that passes a function can wire anything.
func (r *Holds) WiringsIn(decls []*ast.FuncDecl) []WiringSite {
	if r == nil || r.w == nil {
		return nil
	}
	if r.w.listed {
		return r.w.sites
	}
	info := r.w.pass.TypesInfo
	for _, decl := range decls {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !passesFunc(info, call) {
				return true
			}
			for _, w := range r.Wirings(call) {
				r.w.sites = append(r.w.sites, WiringSite{decl, call, w})
			}
			return true
		})
	}
	r.w.listed = true
	return r.w.sites
}

// passesFunc reports whether a call has an argument of func type.
func passesFunc(info *types.Info, call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		if t := info.TypeOf(arg); t != nil {
			if _, ok := t.Underlying().(*types.Signature); ok {
				return true
			}
		}
	}
	return false
}

// Place says where to report a wiring and how the message names the other
// place: at the call in the other package (a standalone run has its
// files), naming the constructor call; or else at the constructor call,
// naming the call through the field.
func (w WiringSite) Place(fset *token.FileSet) (token.Pos, string) {
	if pos, ok := source.At(fset, w.Use.Posn); ok {
		return pos, "at " + shortPosn(fset.Position(w.Call.Pos()).String())
	}
	return w.Call.Pos(), "(the call through it is at " + shortPosn(w.Use.Posn) + ")"
}

// Given writes which functions the call gives: "SigmoidPrime for
// outputVariance, Sigmoid for hiddenActivation and outputActivation".
func (w WiringSite) Given(text func(ast.Node) string) string {
	var order []string
	fields := map[string][]string{}
	add := func(fn ast.Expr, field string) {
		t := text(fn)
		if fields[t] == nil {
			order = append(order, t)
		}
		fields[t] = append(fields[t], actsummary.Field(field))
	}
	add(w.Fn, w.Field)
	for _, a := range w.From {
		add(a.Fn, a.Field)
	}
	parts := make([]string, len(order))
	for i, t := range order {
		parts[i] = t + " for " + strings.Join(fields[t], " and ")
	}
	return strings.Join(parts, ", ")
}

// Kind returns the one activation the functions given for the From fields
// compute; false when one is not an activation of a known kind, or they
// differ.
func (w WiringSite) Kind() (actsummary.Kind, bool) {
	var k actsummary.Kind
	for _, a := range w.From {
		if a.Sum == nil || a.Sum.Role != actsummary.RoleAct || !a.Sum.Kind.Single() || a.Sum.Kind == actsummary.OtherKind {
			return actsummary.NoKind, false
		}
		if k != actsummary.NoKind && k != a.Sum.Kind {
			return actsummary.NoKind, false
		}
		k = a.Sum.Kind
	}
	return k, k != actsummary.NoKind
}

// Key identifies the call through a field that a wiring is about: a
// check reports it once, however many constructor calls wire it alike.
func (w WiringSite) Key() string { return w.Use.Posn + "|" + w.Field }

// FromFields names the use's From fields without their struct.
func (w WiringSite) FromFields() string {
	from := make([]string, len(w.Use.From))
	for i, f := range w.Use.From {
		from[i] = actsummary.Field(f)
	}
	return strings.Join(from, " or ")
}

// shortPosn writes a file:line:column as file:line, without directories.
func shortPosn(posn string) string {
	if i := strings.LastIndexAny(posn, `/\`); i >= 0 {
		posn = posn[i+1:]
	}
	if i := strings.LastIndexByte(posn, ':'); i >= 0 && strings.Count(posn, ":") == 2 {
		posn = posn[:i]
	}
	return posn
}
