package recomputeact

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// findDerivativeForms marks the activation sites whose value feeds a
// derivative form (1 - t*t, t*(1-t), …), directly or through a variable.
func (a *checker) findDerivativeForms() {
	for _, decl := range a.decls() {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok {
				return true
			}
			var marked []ast.Node
			isT := func(x ast.Expr) bool {
				x = ast.Unparen(x)
				if d, ok := a.definition(x); ok {
					x = d
				}
				s, ok := a.siteOf(x)
				if ok && s.role == roleAct && !s.neg {
					marked = append(marked, s.node)
				}
				return ok && s.role == roleAct && !s.neg
			}
			if k := a.derivForm(b, isT, true); k != noKind {
				for _, m := range marked {
					if s, ok := a.siteOf(m.(ast.Expr)); ok && k.fits(s.kind) {
						a.feeding[m] = true
					}
				}
			}
			return true
		})
	}
}

// report walks every function for recomputation sites in backward code.
func (a *checker) report() {
	dirs := a.directives()
	for _, decl := range a.decls() {
		file := a.fileOf(decl.Pos())
		if file == nil || ast.IsGenerated(file) {
			continue
		}
		backward := funcs.re != nil && funcs.re.MatchString(decl.Name.Name)
		backLits := a.backwardLiterals(decl)
		inBackward := func(n ast.Node) bool {
			for _, lit := range backLits {
				if lit.Pos() <= n.Pos() && n.End() <= lit.End() {
					return true
				}
			}
			return backward
		}
		covered := map[ast.Node]bool{}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if _, paren := n.(*ast.ParenExpr); !ok || paren || covered[e] {
				return true // a parenthesized site is found inside its parentheses
			}
			s, ok := a.siteOf(e)
			if !ok {
				return true
			}
			if s.inner != nil {
				covered[s.inner] = true
			}
			if !(inBackward(s.node) || s.role == roleDeriv || a.feeding[s.node]) {
				return true
			}
			// A site that computes an activation into a container is that
			// container's forward computation; it recomputes only if another
			// container already holds the same activation.
			defines, isDef := a.defining[s.node]
			if isDef && defines == (ref{}) {
				return true
			}
			if d, ok := a.diagnose(decl, s, defines); ok && !dirs.suppress(a.pass.Fset, decl, d.Pos) {
				a.pass.Report(d)
			}
			return true
		})
	}
	dirs.reportUnused(a.pass)
}

// diagnose builds the diagnostic for a site, if its Z has an available A
// other than the one the site itself defines.
func (a *checker) diagnose(decl *ast.FuncDecl, s site, defines ref) (analysis.Diagnostic, bool) {
	zr, ok := a.rootOf(s.elem)
	if !ok {
		return analysis.Diagnostic{}, false
	}
	var (
		p     pair
		aText string
		found bool
	)
	cands := a.candidates(zr, s, defines)
	if zr.ref.kind == refField {
		cands = append(cands, a.nodeCandidates(decl, s)...)
	}
	for _, c := range cands {
		if !compatible(c.p, s) {
			continue
		}
		t, ok := c.text, c.text != ""
		if !ok {
			t, ok = a.activationText(c.via, c.p, zr.expr.Pos())
		}
		if !ok || a.overwritten(decl, c.p.a, c.via, s.node.Pos()) {
			continue
		}
		// An element of parallel slices: A's element at the matching index,
		// which replaces zs[i] itself (or the alias z := zs[i]).
		if c.via.index != nil && (c.p.offset != 0 || c.via.ref != zr.ref) {
			if t, ok = a.elementText(c.via.index, c.p.offset, t); !ok {
				continue
			}
			if c.via.ref == zr.ref {
				zr.expr = c.via.index
			}
		} else if c.p.offset != 0 {
			continue // no index to shift
		}
		p, aText, found = c.p, t, true
		break
	}
	if !found {
		return analysis.Diagnostic{}, false
	}
	exact := p.kind == s.kind && p.kind.single() && !s.neg

	// The site's kind is the one A holds (compatible), also when A holds a
	// dispatcher's choice; exp(-z) for a cached exp or sigmoid is the exception.
	use := aText
	switch {
	case s.neg && p.kind == expKind:
		use = "1/" + aText
	case s.neg:
		use = "(1 - " + aText + ")/" + aText
	case s.whole || s.applyFn != nil && (s.role == roleDeriv || a.feeding[s.node]):
		use = fmt.Sprintf("%s for each a in %s", s.kind.derivative("a"), a.replaceIn(s.argW, zr.expr, aText))
	case s.role == roleDeriv || a.feeding[s.node]:
		use = s.kind.derivative(aText)
	}
	recomputed := fmt.Sprintf("%s(%s)", s.kind, a.text(zr.expr))
	if s.neg {
		recomputed = fmt.Sprintf("%s(-%s)", s.kind, a.text(zr.expr))
	}
	if s.role == roleDeriv {
		recomputed = fmt.Sprintf("%s'(%s)", s.kind, a.text(zr.expr))
	}
	how := ""
	if s.via != "" {
		how = " via " + s.via
	}
	if !s.kind.single() {
		// Through several implementations: say which ones recompute.
		recomputed = fmt.Sprintf("the %s of %s", s.role, a.text(zr.expr))
		verb := "recomputes"
		if strings.Contains(s.impls, ", ") {
			verb = "recompute"
		}
		how = fmt.Sprintf(" via %s (%s %s %s)", s.via, s.impls, verb, s.kind&^otherKind)
	}
	d := analysis.Diagnostic{
		Pos:      s.node.Pos(),
		End:      s.node.End(),
		Category: "recompute",
		Message: fmt.Sprintf("%s recomputes %s%s but %s already holds %s (%s); use %s",
			funcName(decl), recomputed, how, aText, p.kind, p.evidence, use),
		URL: docURL,
	}
	if exact && !p.byName {
		if edits, ok := a.fixEdits(decl, s, zr, aText); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "use the cached " + aText, TextEdits: edits}}
		}
	}
	return d, true
}

// mutators are the gonum methods that change their receiver.
var mutators = map[string]bool{
	"Add": true, "AddScaled": true, "Apply": true, "Copy": true, "DivElem": true, "Exp": true, "Inverse": true,
	"Mul": true, "MulElem": true, "Outer": true, "Pow": true, "Product": true, "Reset": true, "Scale": true,
	"Set": true, "SetCol": true, "SetRow": true, "SetVec": true, "Sub": true, "Zero": true, "CloneFrom": true,
	"AddVec": true, "SubVec": true, "MulVec": true, "ScaleVec": true, "MulElemVec": true, "CopyVec": true,
}

// overwritten reports whether decl changes A (assigns it something other
// than its activation, or calls a mutating method on it) before pos. For a
// field, a write to the same field of a certainly different object
// (m.Out.Post when the site reads m.Hid) does not count; via is how the
// site reaches its container.
func (a *checker) overwritten(decl *ast.FuncDecl, act ref, via root, pos token.Pos) bool {
	same := func(r root) bool {
		if r.ref != act {
			return false
		}
		rs, ok1 := r.expr.(*ast.SelectorExpr)
		vs, ok2 := via.expr.(*ast.SelectorExpr)
		return !(act.kind == refField && ok1 && ok2 && a.distinctObjects(rs.X, vs.X))
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return true
			}
			for i, lhs := range n.Lhs {
				if r, ok := a.rootOf(lhs); ok && same(r) {
					if len(n.Lhs) == len(n.Rhs) && len(a.appended(lhs, n.Rhs[i])) > 0 {
						continue // as = append(as, a): the elements stay
					}
					if len(n.Lhs) == len(n.Rhs) {
						if _, _, _, ok := a.activationOf(n.Rhs[i]); ok {
							continue
						}
					}
					found = true
				}
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || !mutators[sel.Sel.Name] {
				return true
			}
			if fn, ok := typeutil.Callee(a.info, n).(*types.Func); !ok || !isMat(fn) {
				return true
			}
			if _, def := a.defining[n]; def {
				return true
			}
			if r, ok := a.rootOf(sel.X); ok && same(r) {
				found = true
			}
		}
		return true
	})
	return found
}

// distinctObjects reports whether two access paths certainly name different
// objects: chains of field selections from one variable that differ in a
// field (m.Hid and m.Out). Anything else may alias.
func (a *checker) distinctObjects(x, y ast.Expr) bool {
	px, okx := a.fieldPath(x)
	py, oky := a.fieldPath(y)
	if !okx || !oky || len(px) != len(py) || px[0] != py[0] {
		return false
	}
	for i := range px {
		if px[i] != py[i] {
			return true
		}
	}
	return false
}

// fieldPath lists the objects of v.f.g: v, f, g.
func (a *checker) fieldPath(e ast.Expr) ([]types.Object, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := a.info.ObjectOf(e).(*types.Var)
		return []types.Object{v}, ok
	case *ast.SelectorExpr:
		sel, ok := a.info.Selections[e]
		if !ok || sel.Kind() != types.FieldVal {
			return nil, false
		}
		p, ok := a.fieldPath(e.X)
		return append(p, sel.Obj()), ok
	}
	return nil, false
}

// elementText writes A's element matching Z's element zs[i]: as[len(as)-l]
// for zs[len(zs)-l] (both counted from the end), else as[i+offset].
func (a *checker) elementText(idx *ast.IndexExpr, offset int, aText string) (string, bool) {
	i := ast.Unparen(idx.Index)
	if b, ok := i.(*ast.BinaryExpr); ok && b.Op == token.SUB {
		if call, ok := ast.Unparen(b.X).(*ast.CallExpr); ok && a.isBuiltin(call, "len") && len(call.Args) == 1 && sameExpr(call.Args[0], idx.X) {
			return fmt.Sprintf("%s[len(%s)-%s]", aText, aText, a.text(b.Y)), true
		}
	}
	switch tv := a.info.Types[i]; {
	case offset == 0:
		return fmt.Sprintf("%s[%s]", aText, a.text(i)), true
	case tv.Value != nil:
		v, ok := constant.Int64Val(constant.ToInt(tv.Value))
		return fmt.Sprintf("%s[%d]", aText, v+int64(offset)), ok
	}
	return fmt.Sprintf("%s[%s+%d]", aText, a.text(i), offset), true
}
