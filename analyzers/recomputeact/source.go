package recomputeact

// Reading the source: the text of nodes, the scope at a position.

import (
	"go/ast"
	"go/token"
	"go/types"
)

// lookup resolves a name in the scope at pos.
func (a *checker) lookup(name string, pos token.Pos) types.Object {
	scope := a.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// resolvesSame reports whether every identifier in e means the same at pos.
func (a *checker) resolvesSame(e ast.Expr, pos token.Pos) bool {
	same := true
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := a.info.Uses[id]; obj != nil {
				if _, isPkg := obj.(*types.PkgName); !isPkg && obj.Parent() != nil && obj.Parent() != types.Universe && a.lookup(id.Name, pos) != obj {
					same = false
				}
			}
		}
		return true
	})
	return same
}

// text returns the source text of n.
func (a *checker) text(n ast.Node) string {
	src := a.source(n.Pos())
	tf := a.pass.Fset.File(n.Pos())
	if src == nil || tf == nil {
		return types.ExprString(n.(ast.Expr))
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// replaceIn returns the text of outer with inner's text replaced by repl.
func (a *checker) replaceIn(outer, inner ast.Node, repl string) string {
	if inner.Pos() < outer.Pos() || inner.End() > outer.End() {
		return a.text(outer)
	}
	src := a.source(outer.Pos())
	tf := a.pass.Fset.File(outer.Pos())
	if src == nil {
		return a.text(outer)
	}
	o0, o1 := tf.Offset(outer.Pos()), tf.Offset(outer.End())
	i0, i1 := tf.Offset(inner.Pos()), tf.Offset(inner.End())
	return string(src[o0:i0]) + repl + string(src[i1:o1])
}

// source returns the content of the file holding pos.
func (a *checker) source(pos token.Pos) []byte {
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	if b, ok := a.sources[tf.Name()]; ok {
		return b
	}
	b, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		b = nil
	}
	if a.sources == nil {
		a.sources = map[string][]byte{}
	}
	a.sources[tf.Name()] = b
	return b
}

// fileOf returns the syntax tree of the file holding pos.
func (a *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range a.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}
