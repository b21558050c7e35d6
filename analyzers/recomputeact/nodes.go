package recomputeact

// Autograd nodes: out := newNode(math.Tanh(x.v), x) stores the activation
// in out.v, and the backward closure that recomputes math.Tanh(x.v) can
// read out.v instead. The pair is between fields of two objects of one type
// (x.v and out.v), so it is found per site, from the constructor call in
// the enclosing function, not as a pair of refs.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// ctorStores summarizes a constructor: which parameters it stores into
// which fields of the node it returns (return &T{v: p}, or n := T{v: p};
// n.g = q; return &n).
func (a *checker) ctorStores(fn *types.Func) map[int]*types.Var {
	if st, ok := a.ctors[fn]; ok {
		return st
	}
	a.ctors[fn] = nil
	decl := a.funcOf[fn]
	sig := fn.Signature()
	if decl == nil || sig.Results().Len() != 1 || !isStructOrPtr(sig.Results().At(0).Type()) {
		return nil
	}
	param := func(e ast.Expr) int { return a.paramOf(sig, e) }
	stores := map[int]*types.Var{}
	fromLiteral := func(e ast.Expr) {
		if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = u.X
		}
		lit, ok := ast.Unparen(e).(*ast.CompositeLit)
		if !ok {
			return
		}
		for _, elt := range lit.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if f, ok := a.info.ObjectOf(id).(*types.Var); ok && f.IsField() && param(kv.Value) >= 0 {
						stores[param(kv.Value)] = f
					}
				}
			}
		}
	}
	var node *types.Var // the returned variable, if any
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			r := ast.Unparen(ret.Results[0])
			if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
				r = ast.Unparen(u.X)
			}
			if id, ok := r.(*ast.Ident); ok {
				node, _ = a.info.Uses[id].(*types.Var)
			} else {
				fromLiteral(r)
			}
		}
		return true
	})
	if node != nil {
		if def, ok := a.varDef[node]; ok {
			fromLiteral(def)
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, lhs := range as.Lhs {
				sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
				if !ok {
					continue
				}
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && a.info.Uses[id] == node && param(as.Rhs[i]) >= 0 {
					if s, ok := a.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
						stores[param(as.Rhs[i])] = s.Obj().(*types.Var)
					}
				}
			}
			return true
		})
	}
	if len(stores) == 0 {
		return nil
	}
	a.ctors[fn] = stores
	return stores
}

func isStructOrPtr(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// nodeCandidates finds, in the function around a site, a node built by a
// constructor from the same activation of the same operand (out :=
// newNode(math.Tanh(x.v), …) for a site math.Tanh(x.v) in a closure), and
// offers the node's field, when the node's variable is what its name means
// at the site (no closure parameter shadows it).
func (a *checker) nodeCandidates(decl *ast.FuncDecl, s site) []candidate {
	var cs []candidate
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Pos() > s.node.Pos() {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		call, isCall := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok || !isCall {
			return true
		}
		fn, ok := typeutil.Callee(a.info, call).(*types.Func)
		node, isVar := a.info.ObjectOf(id).(*types.Var)
		if !ok || !isVar || fn.Pkg() != a.pass.Pkg || a.lookup(id.Name, s.node.Pos()) != node {
			return true
		}
		for i, field := range a.ctorStores(fn) {
			if i >= len(call.Args) {
				continue
			}
			k, elem, nodes, ok := a.activationOf(call.Args[i])
			if !ok || !sameExpr(elem, s.elem) || containsNode(nodes, s.node) {
				continue
			}
			p := pair{a: ref{kind: refField, obj: field}, kind: k,
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
