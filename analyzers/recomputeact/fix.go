package recomputeact

// Suggested fixes: granular edits that make a site read the cached activation.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// fixEdits rewrites the site to use A: the activation becomes A's element,
// a derivative helper becomes the derivative written on A, an applier's
// function is replaced and its data becomes A. Edits are granular, so the
// rest of the line keeps its text. No fix when the rewrite would not be
// exact or would not compile.
//
// c is the argument's container, which A's text replaces; bound is the
// variable an applier or a range binds to c's elements, if any.
func (a *checker) fixEdits(decl *ast.FuncDecl, s actsummary.Site, c ast.Expr, bound *types.Var, aText string) ([]analysis.TextEdit, bool) {
	if s.Whole || s.InPlace {
		return nil, false // a matrix-valued derivative has no one-expression rewrite; z.Each(f) must not write A
	}
	rootEdit := analysis.TextEdit{Pos: c.Pos(), End: c.End(), NewText: []byte(aText)}
	if bound != nil && a.useCount(bound) != 1 {
		return nil, false // the closure parameter means Z elsewhere too
	}
	var edits []analysis.TextEdit
	switch {
	case s.ApplyFn != nil:
		lit, ok := a.applyLiteral(s.ApplyFn, s.Kind, s.Role)
		if !ok {
			return nil, false
		}
		edits = []analysis.TextEdit{{Pos: s.ApplyFn.Pos(), End: s.ApplyFn.End(), NewText: []byte(lit)}, rootEdit}
	case s.Role == actsummary.RoleAct && s.Unwrap:
		outer, inner := ast.Node(s.Node), ast.Node(s.ArgW)
		if conv := a.cancellingConversion(s, bound); conv != nil {
			outer, inner = conv, s.Elem // float32(math.Exp(float64(z))) → a
		}
		edits = []analysis.TextEdit{
			{Pos: outer.Pos(), End: inner.Pos()},
			rootEdit,
			{Pos: inner.End(), End: outer.End()},
		}
	default:
		elem := a.src.Of(s.ArgW)
		if bound == nil {
			elem = a.src.ReplaceIn(s.ArgW, c, aText)
		}
		repl := elem
		if s.Role == actsummary.RoleDeriv {
			repl = s.Kind.Derivative(elem)
			if a.src.NeedsParens(s.Node) {
				repl = "(" + repl + ")"
			}
		}
		edits = []analysis.TextEdit{{Pos: s.Node.Pos(), End: s.Node.End(), NewText: []byte(repl)}}
		if bound != nil {
			edits = append(edits, rootEdit)
		}
	}
	// Z's variable may lose its last use: delete its declaration too
	// (a parameter stays: Go allows it unused, and callers pass it).
	if id, ok := ast.Unparen(c).(*ast.Ident); ok {
		v, isVar := a.info.Uses[id].(*types.Var)
		if isVar && a.useCount(v) == 1 && !(decl.Type.Params.Pos() <= v.Pos() && v.Pos() < decl.Type.Params.End()) {
			del, ok := a.declarationEdit(decl, v)
			if !ok {
				return nil, false
			}
			edits = append(edits, del)
		}
	}
	return edits, true
}

// cancellingConversion returns T(site) when the site's argument is a
// conversion of Z's element and T is that element's type, as in
// float32(math.Exp(float64(z))) for a float32 z: with a float32 A the
// conversions cancel, and the whole expression becomes A's element.
func (a *checker) cancellingConversion(s actsummary.Site, bound *types.Var) *ast.CallExpr {
	if s.ArgW == s.Elem || bound != nil {
		return nil // no conversion inside, or an Apply closure's parameter
	}
	cur, ok := a.insp.Root().FindNode(s.Node)
	if !ok {
		return nil
	}
	conv, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 || ast.Unparen(conv.Args[0]) != s.Node {
		return nil
	}
	if tv, ok := a.info.Types[conv.Fun]; !ok || !tv.IsType() || !types.Identical(tv.Type, a.info.TypeOf(s.Elem)) {
		return nil
	}
	return conv
}

// applyLiteral writes a function literal of the applier argument's type that
// returns the activation's value (or derivative) from the element a.
func (a *checker) applyLiteral(fn ast.Expr, k actsummary.Kind, r actsummary.Role) (string, bool) {
	h := a.FuncValueSummary(fn)
	if h == nil {
		return "", false
	}
	body := "a"
	if r == actsummary.RoleDeriv {
		body = k.Derivative("a")
	}
	return a.src.FuncLiteral(fn, h.Param, "a", body)
}

// useCount counts the uses of v in the package.
func (a *checker) useCount(v *types.Var) int {
	if a.uses == nil {
		a.uses = map[*types.Var]int{}
		for _, obj := range a.info.Uses {
			if u, ok := obj.(*types.Var); ok {
				a.uses[u]++
			}
		}
	}
	return a.uses[v]
}

// declarationEdit deletes "v := expr" with its line, or turns v into _ in
// "z, a := forward(x)", so that the fix leaves no unused variable.
func (a *checker) declarationEdit(decl *ast.FuncDecl, v *types.Var) (analysis.TextEdit, bool) {
	var stmt *ast.AssignStmt
	var ident *ast.Ident
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, lhs := range as.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && a.info.Defs[id] == v {
					stmt, ident = as, id
				}
			}
		}
		return stmt == nil
	})
	if stmt == nil {
		return analysis.TextEdit{}, false
	}
	if len(stmt.Lhs) > 1 {
		for _, lhs := range stmt.Lhs {
			if id, ok := lhs.(*ast.Ident); ok && id != ident && id.Name != "_" && a.info.Defs[id] != nil {
				return analysis.TextEdit{Pos: ident.Pos(), End: ident.End(), NewText: []byte("_")}, true
			}
		}
		return analysis.TextEdit{}, false // "_, _ :=" would not compile
	}
	tf := a.pass.Fset.File(stmt.Pos())
	src := a.src.Source(stmt.Pos())
	start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
	for start > 0 && (src[start-1] == '\t' || src[start-1] == ' ') {
		start--
	}
	if end < len(src) && src[end] == '\n' {
		end++
	}
	return analysis.TextEdit{Pos: tf.Pos(start), End: tf.Pos(end)}, true
}
