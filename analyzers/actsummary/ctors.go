package actsummary

import (
	"go/ast"
	"go/token"
	"go/types"
)

// CtorStores summarizes a constructor: which parameters it stores into
// which fields of the node it returns (return &T{v: p}, or n := T{v: p};
// n.g = q; return &n).
func (a *Summaries) CtorStores(fn *types.Func) map[int]*types.Var {
	if st, ok := a.ctors[fn]; ok {
		return st
	}
	a.ctors[fn] = nil
	decl := a.FuncOf[fn]
	sig := fn.Signature()
	if decl == nil || sig.Results().Len() != 1 || !isStructOrPtr(sig.Results().At(0).Type()) {
		return nil
	}
	param := func(e ast.Expr) int { return a.ParamOf(sig, e) }
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
		if def, ok := a.VarDef[node]; ok {
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
