package recomputeact

// Autograd nodes: out := newNode(math.Tanh(x.v), x) stores the activation
// in out.v, and the backward closure that recomputes math.Tanh(x.v) can
// read out.v instead. The pair is between fields of two objects of one type
// (x.v and out.v), so it is found per site, from the constructor call in
// the enclosing function, not as a pair of refs.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// nodeCandidates finds, in the function around a site, a node built by a
// constructor from the same activation of the same operand (out :=
// newNode(math.Tanh(x.v), …) for a site math.Tanh(x.v) in a closure), and
// offers the node's field, when the node's variable is what its name means
// at the site (no closure parameter shadows it).
func (a *checker) nodeCandidates(decl *ast.FuncDecl, s actsummary.Site) []candidate {
	var cs []candidate
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Pos() > s.Node.Pos() {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		call, isCall := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || !isCall {
			return true
		}
		fn, ok := typeutil.Callee(a.info, call).(*types.Func)
		node, isVar := a.info.ObjectOf(id).(*types.Var)
		if !ok || !isVar || fn.Pkg() != a.pass.Pkg || a.lookup(id.Name, s.Node.Pos()) != node {
			return true
		}
		for i, field := range a.CtorStores(fn) {
			if i >= len(call.Args) {
				continue
			}
			k, elem, nodes, ok := a.activationOf(call.Args[i])
			if !ok || !actsummary.SameExpr(elem, s.Elem) || containsNode(nodes, s.Node) {
				continue
			}
			p := pair{a: actsummary.Ref{Kind: actsummary.RefField, Obj: field}, Kind: k,
				evidence: a.evidence("stored in "+id.Name+"."+field.Name()+" by "+fn.Name(), as)}
			cs = append(cs, candidate{p: p, text: id.Name + "." + field.Name()})
		}
		return true
	})
	return cs
}

func containsNode(nodes []ast.Node, n ast.Node) bool {
	for _, m := range nodes {
		if m == n {
			return true
		}
	}
	return false
}

// backwardLiterals lists the function literals of decl stored under a
// backward name (out.backward = func() {…}, Backward: func…): the backward
// code of an autograd node, whatever the enclosing function is called.
func (a *checker) backwardLiterals(decl *ast.FuncDecl) []*ast.FuncLit {
	if funcs.re == nil {
		return nil
	}
	var lits []*ast.FuncLit
	add := func(name string, v ast.Expr) {
		if lit, ok := ast.Unparen(v).(*ast.FuncLit); ok && funcs.re.MatchString(name) {
			lits = append(lits, lit)
		}
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					switch l := ast.Unparen(lhs).(type) {
					case *ast.SelectorExpr:
						add(l.Sel.Name, n.Rhs[i])
					case *ast.Ident:
						add(l.Name, n.Rhs[i])
					}
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				add(id.Name, n.Value)
			}
		}
		return true
	})
	return lits
}
