// Package source reads a package's source for messages and fixes: the text
// of nodes, what a name means at a position, whether a rewrite needs
// parentheses.
package source

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// Text reads one package's source.
type Text struct {
	pass    *analysis.Pass
	insp    *inspector.Inspector
	sources map[string][]byte // file contents, read once
}

// New returns a reader of pass's source.
func New(pass *analysis.Pass, insp *inspector.Inspector) *Text {
	return &Text{pass: pass, insp: insp, sources: map[string][]byte{}}
}

// Lookup resolves a name in the scope at pos.
func (a *Text) Lookup(name string, pos token.Pos) types.Object {
	scope := a.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
}

// ResolvesSame reports whether every identifier in e means the same at pos.
func (a *Text) ResolvesSame(e ast.Expr, pos token.Pos) bool {
	same := true
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := a.pass.TypesInfo.Uses[id]; obj != nil {
				if _, isPkg := obj.(*types.PkgName); !isPkg && obj.Parent() != nil && obj.Parent() != types.Universe && a.Lookup(id.Name, pos) != obj {
					same = false
				}
			}
		}
		return true
	})
	return same
}

// Of returns the source text of n.
func (a *Text) Of(n ast.Node) string {
	src := a.Source(n.Pos())
	tf := a.pass.Fset.File(n.Pos())
	if src == nil || tf == nil {
		return types.ExprString(n.(ast.Expr))
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// ReplaceIn returns the text of outer with inner's text replaced by repl.
func (a *Text) ReplaceIn(outer, inner ast.Node, repl string) string {
	if inner.Pos() < outer.Pos() || inner.End() > outer.End() {
		return a.Of(outer)
	}
	src := a.Source(outer.Pos())
	tf := a.pass.Fset.File(outer.Pos())
	if src == nil {
		return a.Of(outer)
	}
	o0, o1 := tf.Offset(outer.Pos()), tf.Offset(outer.End())
	i0, i1 := tf.Offset(inner.Pos()), tf.Offset(inner.End())
	return string(src[o0:i0]) + repl + string(src[i1:o1])
}

// Source returns the content of the file holding pos.
func (a *Text) Source(pos token.Pos) []byte {
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
	a.sources[tf.Name()] = b
	return b
}

// FileOf returns the syntax tree of the file holding pos.
func (a *Text) FileOf(pos token.Pos) *ast.File {
	for _, f := range a.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// NeedsParens reports whether replacing n by a binary expression needs
// parentheses to keep its meaning.
func (a *Text) NeedsParens(n ast.Expr) bool {
	cur, ok := a.insp.Root().FindNode(n)
	if !ok {
		return true
	}
	switch cur.Parent().Node().(type) {
	case *ast.BinaryExpr, *ast.UnaryExpr, *ast.StarExpr, *ast.SelectorExpr, *ast.IndexExpr, *ast.CallExpr:
		_, isCall := cur.Parent().Node().(*ast.CallExpr)
		return !isCall || cur.ParentEdgeKind().String() == "CallExpr.Fun"
	}
	return false
}

// FuncLiteral writes a function literal of fn's type whose parameter
// number param is called name and that returns body:
// func(_, _ int, a float64) float64 { return 1 - a*a }.
func (a *Text) FuncLiteral(fn ast.Expr, param int, name, body string) (string, bool) {
	sig, ok := a.pass.TypesInfo.TypeOf(fn).(*types.Signature)
	if !ok || sig.Results().Len() != 1 || param >= sig.Params().Len() {
		return "", false
	}
	qual := types.RelativeTo(a.pass.Pkg)
	// Parameters as gofmt users write them: func(_, _ int, a float64).
	var params, names []string
	for i := 0; i < sig.Params().Len(); i++ {
		n := "_"
		if i == param {
			n = name
		}
		names = append(names, n)
		t := types.TypeString(sig.Params().At(i).Type(), qual)
		if i+1 < sig.Params().Len() && types.Identical(sig.Params().At(i).Type(), sig.Params().At(i+1).Type()) {
			continue
		}
		params = append(params, strings.Join(names, ", ")+" "+t)
		names = nil
	}
	return fmt.Sprintf("func(%s) %s { return %s }", strings.Join(params, ", "), types.TypeString(sig.Results().At(0).Type(), qual), body), true
}

// FuncName is how messages name a function: "backward" or "Layer.Backward".
func FuncName(decl *ast.FuncDecl) string {
	if decl.Recv == nil || len(decl.Recv.List) == 0 {
		return decl.Name.Name
	}
	t := decl.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + decl.Name.Name
		}
		return decl.Name.Name
	}
}

// At finds a position written file:line:column (another package's, as a
// fact carries it) in fset: the shared file set of a standalone run has
// every package's files. It reports false when fset has no such file or
// line (go vet gives a package only its own files).
func At(fset *token.FileSet, posn string) (token.Pos, bool) {
	rest, col, ok := cutLastInt(posn)
	if !ok {
		return token.NoPos, false
	}
	name, line, ok := cutLastInt(rest)
	if !ok {
		return token.NoPos, false
	}
	var pos token.Pos
	fset.Iterate(func(f *token.File) bool {
		if f.Name() != name || line < 1 || line > f.LineCount() {
			return true
		}
		start := f.LineStart(line)
		end := f.Base() + f.Size()
		if line < f.LineCount() {
			end = int(f.LineStart(line + 1))
		}
		if p := int(start) + col - 1; col >= 1 && p < end {
			pos = token.Pos(p)
		} else {
			pos = start
		}
		return false
	})
	return pos, pos.IsValid()
}

// cutLastInt splits "a:b:12" into "a:b" and 12.
func cutLastInt(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	return s[:i], n, err == nil
}
