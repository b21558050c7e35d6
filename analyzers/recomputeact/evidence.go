package recomputeact

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/nnvet/nnvet/analyzers/actflow"
	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// edge is "dst holds src" inside one function or composite literal: a cache
// entry or field filled from a variable, or a variable read from one.
type edge struct {
	dst, src actsummary.Ref
	appended bool     // dst = append(dst, src): the index is the append's rank
	literal  bool     // appended as an element of dst\'s initial slice literal
	at       ast.Node // the store, for messages
}

// indexedPairs pairs two containers filled at the same index from one
// scalar in the same block: Z[j] = s; A[j] = act(s) (also a range value,
// for i, v := range in { l.Z[i] = v; l.A[i] = tanh(v) }). Neither s nor
// the index may change between the two stores.
func (a *checker) indexedPairs(body *ast.BlockStmt, fn string) {
	type store struct {
		ref  actsummary.Ref
		at   *ast.AssignStmt
		kind actsummary.Kind
		defs []ast.Node
	}
	type key struct {
		v   *types.Var
		idx string
	}
	ast.Inspect(body, func(n ast.Node) bool {
		block, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		var plain []store // in statement order, so that pairs come out the same every run
		var plainKeys []key
		acts := map[key][]store{}
		for _, st := range block.List {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
				continue
			}
			lr, ok := a.RootOf(as.Lhs[0])
			idx, isIndexed := indices(as.Lhs[0], lr.Expr)
			if !ok || !lr.Elem || !isIndexed {
				continue
			}
			if v, ok := a.scalarVar(as.Rhs[0]); ok {
				plain, plainKeys = append(plain, store{ref: lr.Ref, at: as}), append(plainKeys, key{v, idx})
			} else if k, elem, defs, ok := a.activationOf(as.Rhs[0]); ok {
				if v, ok := a.scalarVar(elem); ok {
					acts[key{v, idx}] = append(acts[key{v, idx}], store{ref: lr.Ref, at: as, kind: k, defs: defs})
				}
			}
		}
		for i, z := range plain {
			k := plainKeys[i]
			for _, act := range acts[k] {
				if z.ref == act.ref || a.changedBetween(block, z.at, act.at, k.v, act.at.Lhs[0]) {
					continue
				}
				a.addPair(z.ref, pair{a: act.ref, Kind: act.kind, evidence: a.evidence("stored by "+fn, act.at.Lhs[0])})
				a.define(act.defs, act.ref)
			}
		}
		return true
	})
}

// indices returns the index expressions by which e reaches the container
// named by root (as[l][j]: "l][j"), and whether e is such a chain.
func indices(e, root ast.Expr) (string, bool) {
	var idx []string
	for {
		ix, ok := ast.Unparen(e).(*ast.IndexExpr)
		if !ok {
			break
		}
		idx = append([]string{types.ExprString(ix.Index)}, idx...)
		e = ix.X
	}
	return strings.Join(idx, "]["), len(idx) > 0 && ast.Unparen(e) == root
}

// scalarVar returns the local variable (not a field, not a container's
// element) that e names.
func (a *checker) scalarVar(e ast.Expr) (*types.Var, bool) {
	id, ok := a.StripConversions(e).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := a.info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil, false
	}
	return v, true
}

// changedBetween reports whether a statement of block between the stores
// x and y (in either order) assigns v or a variable of the indexed
// expression dst.
func (a *checker) changedBetween(block *ast.BlockStmt, x, y *ast.AssignStmt, v *types.Var, dst ast.Expr) bool {
	lo, hi := x.Pos(), y.Pos()
	if hi < lo {
		lo, hi = hi, lo
	}
	watched := map[types.Object]bool{v: true}
	ast.Inspect(dst, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && a.info.Uses[id] != nil {
			watched[a.info.Uses[id]] = true
		}
		return true
	})
	changed := false
	for _, st := range block.List {
		if st.Pos() <= lo || st.Pos() >= hi {
			continue
		}
		ast.Inspect(st, func(n ast.Node) bool {
			var targets []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				targets = n.Lhs
			case *ast.IncDecStmt:
				targets = []ast.Expr{n.X}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					targets = []ast.Expr{n.X} // &v: may be written through
				}
			}
			for _, t := range targets {
				if id, ok := ast.Unparen(t).(*ast.Ident); ok && watched[a.info.ObjectOf(id)] {
					changed = true
				}
			}
			return !changed
		})
	}
	return changed
}

// flowEvidence adds the pairs the actflow stage found between parameters:
// every caller passes act(x) as one and x as the other.
func (a *checker) flowEvidence(flow *actflow.Flow) {
	for _, p := range flow.Params {
		pos := a.pass.Fset.Position(p.Call)
		a.addPair(actsummary.Ref{Kind: actsummary.RefVar, Obj: p.Z}, pair{
			a:        actsummary.Ref{Kind: actsummary.RefVar, Obj: p.A},
			Kind:     p.Kind,
			evidence: fmt.Sprintf("passed with it by %s at %s:%d", p.Caller, filepath.Base(pos.Filename), pos.Line),
		})
	}
}

// collectEvidence learns which containers hold the activation of which
// others from what the code does, then exports what other packages need.
func (a *checker) collectEvidence() {
	var groups [][]edge
	var names []string
	// Again while a round finds new pairs or result pairs, a few times at
	// most: results and assignments feed each other (return a, z after
	// a = act(z); y, s := forward(x), in whatever order the files come).
	for _, decl := range a.decls() {
		a.indexedPairs(decl.Body, funcName(decl)) // needs no other evidence: once
	}
	found := -1
	for round := 0; round < 4 && found != a.evidenceCount(); round++ {
		found = a.evidenceCount()
		groups, names = groups[:0], names[:0]
		for _, decl := range a.decls() {
			name := funcName(decl)
			var g []edge
			ast.Inspect(decl.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					g = append(g, a.assignEvidence(n, name)...)
				case *ast.ValueSpec:
					for i := range n.Names {
						if len(n.Values) == len(n.Names) {
							g = append(g, a.storeOrPair(n.Names[i], n.Values[i], name, token.DEFINE)...)
						}
					}
				case *ast.ExprStmt:
					if call, ok := n.X.(*ast.CallExpr); ok {
						a.callEvidence(call, name)
					}
				case *ast.CompositeLit:
					groups, names = append(groups, a.literalEdges(n, name)), append(names, name)
				case *ast.ReturnStmt:
					a.returnEvidence(decl, n)
				}
				return true
			})
			g = append(g, a.snapshotEdges(decl.Body, name)...)
			groups, names = append(groups, g), append(names, name)
		}
		a.derivePairs(groups, names)
	}
	a.exportPairs()
}

// evidenceCount measures what collectEvidence has learned so far.
func (a *checker) evidenceCount() int {
	n := len(a.results)
	for _, ps := range a.pairs {
		n += len(ps)
	}
	return n
}

// decls lists the package's function declarations with bodies, in source order.
func (a *checker) decls() []*ast.FuncDecl {
	ds := make([]*ast.FuncDecl, 0, len(a.FuncOf))
	for _, d := range a.FuncOf {
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Pos() < ds[j].Pos() })
	return ds
}

// activationOf recognizes the value of an assignment as act(Z): a site, or
// an applier call with a function that returns act of its element.
func (a *checker) activationOf(e ast.Expr) (actsummary.Kind, ast.Expr, []ast.Node, bool) {
	e = a.StripConversions(e) // float32(math.Exp(float64(z)))
	if s, ok := a.SiteOf(e); ok && s.Role == actsummary.RoleAct && !s.Neg {
		nodes := []ast.Node{s.Node}
		if s.Inner != nil {
			nodes = append(nodes, s.Inner)
		}
		return s.Kind, s.Elem, nodes, true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return actsummary.NoKind, nil, nil, false
	}
	ap, data, ok := a.ApplierOf(call)
	if !ok {
		return actsummary.NoKind, nil, nil, false
	}
	fnArg := call.Args[ap.FuncParam]
	h := a.FuncValueSummary(fnArg) // a literal, sigmoid, math.Tanh, …
	if h == nil || h.Role != actsummary.RoleAct || h.Param != ap.ValueParam || h.Elem {
		return actsummary.NoKind, nil, nil, false
	}
	nodes := []ast.Node{call}
	if lit, ok := ast.Unparen(fnArg).(*ast.FuncLit); ok {
		nodes = append(nodes, a.sitesIn(lit)...)
	}
	return h.Kind, data, nodes, true
}

// dispatchOf names the interface or func table through which e computes a
// mixed activation ("" for one known activation).
func (a *checker) dispatchOf(e ast.Expr) string {
	if s, ok := a.SiteOf(a.StripConversions(e)); ok {
		return s.Dispatch
	}
	return ""
}

// sitesIn lists the activation sites inside n.
func (a *checker) sitesIn(n ast.Node) []ast.Node {
	var nodes []ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		if e, ok := n.(ast.Expr); ok {
			if s, ok := a.SiteOf(e); ok {
				nodes = append(nodes, s.Node)
				if s.Inner != nil {
					nodes = append(nodes, s.Inner)
				}
			}
		}
		return true
	})
	return nodes
}

func (a *checker) assignEvidence(n *ast.AssignStmt, fn string) []edge {
	var g []edge
	if len(n.Lhs) == len(n.Rhs) {
		for i := range n.Lhs {
			g = append(g, a.storeOrPair(n.Lhs[i], n.Rhs[i], fn, n.Tok)...)
		}
		return g
	}
	if len(n.Rhs) != 1 {
		return nil
	}
	call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	// y, sum := forward(x), where forward returns sigmoid(sum), sum.
	if fn2, ok := typeutil.Callee(a.info, call).(*types.Func); ok {
		if rp := a.resultPairOf(fn2); rp != nil && rp.A < len(n.Lhs) && rp.Z < len(n.Lhs) {
			ar, aok := a.RootOf(n.Lhs[rp.A])
			zr, zok := a.RootOf(n.Lhs[rp.Z])
			if aok && zok {
				a.addPair(zr.Ref, pair{a: ar.Ref, Kind: rp.Kind, evidence: a.evidence("returned together by "+fn2.Name(), n),
					offset: rp.Offset, Dispatch: rp.Dispatch})
			}
		}
	}
	return nil
}

// storeOrPair handles one "lhs = rhs": an activation makes a pair, a plain
// reference makes a store edge, anything else is counter-evidence.
func (a *checker) storeOrPair(lhs, rhs ast.Expr, fn string, tok token.Token) []edge {
	lr, ok := a.RootOf(lhs)
	if !ok {
		return nil
	}
	if k, elem, nodes, ok := a.activationOf(rhs); ok {
		// Element-wise: a[i] = act(z[i]) or a = act(z), never t = act(z[i]),
		// which is a temporary, not a container of activations.
		if zr, ok := a.RootOf(elem); ok && zr.Ref != lr.Ref && zr.Elem == lr.Elem {
			a.addPair(zr.Ref, pair{a: lr.Ref, Kind: k, evidence: a.evidence("assigned by "+fn, lhs), Dispatch: a.dispatchOf(rhs)})
			a.define(nodes, lr.Ref)
			return nil
		}
	}
	if vals := a.Appended(lhs, rhs); len(vals) > 0 {
		var g []edge
		for _, arg := range vals {
			if sr, ok := a.RootOf(arg); ok && !sr.Elem {
				g = append(g, edge{dst: lr.Ref, src: sr.Ref, appended: true, at: lhs})
			} else if tmp, ok := a.appendedActivation(arg, fn); ok {
				g = append(g, edge{dst: lr.Ref, src: tmp, appended: true, at: lhs})
			}
		}
		return g
	}
	if lit, ok := ast.Unparen(rhs).(*ast.CompositeLit); ok {
		if _, isSlice := a.info.TypeOf(lit).Underlying().(*types.Slice); isSlice {
			// as := [][]float64{x}: each element counts as an append.
			var g []edge
			for _, elt := range lit.Elts {
				sr, _ := a.RootOf(elt)
				g = append(g, edge{dst: lr.Ref, src: sr.Ref, appended: true, literal: true, at: lhs})
			}
			return g
		}
	}
	if sr, ok := a.RootOf(rhs); ok && !sr.Elem && !lr.Elem {
		return []edge{{dst: lr.Ref, src: sr.Ref, at: lhs}}
	}
	if tok != token.DEFINE || lr.Ref.Kind != actsummary.RefVar {
		a.counter[lr.Ref] = true
	}
	return nil
}

// appendedActivation handles as = append(as, act(z)) as if it were
// t := act(z); as = append(as, t): it pairs z with a temporary for the
// appended value, the same one in every round.
func (a *checker) appendedActivation(arg ast.Expr, fn string) (actsummary.Ref, bool) {
	k, elem, nodes, ok := a.activationOf(arg)
	if !ok {
		return actsummary.Ref{}, false
	}
	zr, ok := a.RootOf(elem)
	if !ok || zr.Elem || zr.Ref.Kind != actsummary.RefVar {
		return actsummary.Ref{}, false
	}
	t := a.snapshot(arg)
	a.addPair(zr.Ref, pair{a: t, Kind: k, evidence: a.evidence("appended by "+fn, arg), Dispatch: a.dispatchOf(arg)})
	a.define(nodes, t)
	return t, true
}

// callEvidence handles A.Set(i, j, act(Z.At(i, j))), A.SetVec(i, …) and
// A.Apply(act, Z) statements.
func (a *checker) callEvidence(call *ast.CallExpr, fn string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	f, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok || !actsummary.IsMat(f) {
		return
	}
	var k actsummary.Kind
	var elem ast.Expr
	var nodes []ast.Node
	switch f.Name() {
	case "Set", "SetVec":
		if len(call.Args) == 0 {
			return
		}
		if k, elem, nodes, ok = a.activationOf(call.Args[len(call.Args)-1]); !ok {
			return
		}
	case "Apply":
		if k, elem, nodes, ok = a.activationOf(call); !ok {
			return
		}
	default:
		return
	}
	ar, aok := a.RootOf(sel.X)
	zr, zok := a.RootOf(elem)
	if aok && zok && ar.Ref != zr.Ref {
		a.addPair(zr.Ref, pair{a: ar.Ref, Kind: k, evidence: a.evidence("assigned by "+fn, call)})
		a.define(nodes, ar.Ref)
	}
}

// literalEdges lists the stores of a composite literal: map entries with
// constant keys and struct fields filled from plain references.
func (a *checker) literalEdges(lit *ast.CompositeLit, fn string) []edge {
	var g []edge
	t := a.info.TypeOf(lit)
	if t == nil {
		return nil
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		var dst actsummary.Ref
		switch u := t.Underlying().(type) {
		case *types.Map:
			tv := a.info.Types[kv.Key]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				continue
			}
			dst = actsummary.Ref{Kind: actsummary.RefKey, MapType: types.TypeString(u, nil), Key: constant.StringVal(tv.Value)}
		case *types.Struct:
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			f, ok := a.info.ObjectOf(id).(*types.Var)
			if !ok {
				continue
			}
			dst = actsummary.Ref{Kind: actsummary.RefField, Obj: f}
		default:
			continue
		}
		if sr, ok := a.RootOf(kv.Value); ok && !sr.Elem {
			g = append(g, edge{dst: dst, src: sr.Ref, at: kv})
		} else if k, elem, nodes, ok := a.activationOf(kv.Value); ok {
			if zr, ok := a.RootOf(elem); ok {
				a.addPair(zr.Ref, pair{a: dst, Kind: k, evidence: a.evidence("assigned by "+fn, kv), Dispatch: a.dispatchOf(kv.Value)})
				a.define(nodes, dst)
			}
		}
	}
	return g
}

// returnEvidence records "return act(z), z" and "return a, z" with a = act(z).
func (a *checker) returnEvidence(decl *ast.FuncDecl, ret *ast.ReturnStmt) {
	fn, ok := a.info.Defs[decl.Name].(*types.Func)
	results := ret.Results
	if len(results) == 0 && decl.Type.Results != nil { // a bare return of named results
		for _, f := range decl.Type.Results.List {
			for _, name := range f.Names {
				results = append(results, name)
			}
		}
	}
	if !ok || len(results) < 2 || a.results[fn] != nil {
		return
	}
	for i, ri := range results {
		for j, rj := range results {
			if i == j {
				continue
			}
			zr, ok := a.RootOf(rj)
			if !ok || zr.Elem {
				continue
			}
			if k, elem, nodes, ok := a.activationOf(ri); ok {
				if er, ok := a.RootOf(elem); ok && er.Ref == zr.Ref {
					a.results[fn] = &resultPairFact{A: i, Z: j, Kind: k}
					a.define(nodes, actsummary.Ref{})
					return
				}
			}
			if ar, ok := a.RootOf(ri); ok && !ar.Elem {
				for _, p := range a.pairs[zr.Ref] {
					if p.a == ar.Ref {
						a.results[fn] = &resultPairFact{A: i, Z: j, Kind: p.Kind, Offset: p.offset, Dispatch: p.Dispatch}
						return
					}
				}
			}
		}
	}
}

// addPair records pair p of z, once, and reports whether it is new.
func (a *checker) addPair(z actsummary.Ref, p pair) bool {
	if z == p.a {
		return false
	}
	for _, q := range a.pairs[z] {
		if q.a == p.a {
			return false
		}
	}
	a.pairs[z] = append(a.pairs[z], p)
	return true
}

// define marks the nodes computing the activation stored in act: they are
// the forward computation of that pair, not a recomputation.
func (a *checker) define(nodes []ast.Node, act actsummary.Ref) {
	for _, n := range nodes {
		a.defining[n] = act
	}
}

// derivePairs pairs containers filled from paired values in one function
// or literal: cache["A1"] = A1 and cache["Z1"] = Z1 with A1 = tanh(Z1) pair
// the keys; A1 := cache["A1"] and Z1 := cache["Z1"] pair the variables.
func (a *checker) derivePairs(groups [][]edge, names []string) {
	for changed := true; changed; {
		changed = false
		for gi, g := range groups {
			appends, lits := map[actsummary.Ref]int{}, map[actsummary.Ref]int{}
			for _, e := range g {
				switch {
				case e.literal:
					lits[e.dst]++
				case e.appended:
					appends[e.dst]++
				}
			}
			for _, ez := range g {
				for _, p := range a.pairs[ez.src] {
					// l.Pre = s; l.Post = act(s): the field already holds it.
					if ez.src.Kind == actsummary.RefVar && ez.dst.Kind != actsummary.RefVar && p.a.Kind != actsummary.RefVar && !ez.appended && a.addPair(ez.dst, pair{a: p.a, Kind: p.Kind, evidence: p.evidence, Dispatch: p.Dispatch}) {
						changed = true
					}
					for _, ea := range g {
						if ea.src != p.a || ea.dst == ez.dst {
							continue
						}
						offset, ok := a.appendOffset(ez, ea, appends, lits)
						if !ok {
							// zs and as appended to a different number of
							// times, or not side by side: their indices do
							// not correspond, whatever their names.
							a.counter[ez.dst], a.counter[ea.dst] = true, true
							continue
						}
						evidence := p.evidence
						if ez.dst.Kind != actsummary.RefVar {
							evidence = a.evidence("stored by "+names[gi], ea.at)
						}
						if offset != 0 {
							evidence = a.evidence(fmt.Sprintf("appended beside %s by %s", ez.dst.Name(), names[gi]), ea.at) +
								fmt.Sprintf(", after the %d element(s) it starts with", offset)
						}
						if a.addPair(ez.dst, pair{a: ea.dst, Kind: p.Kind, evidence: evidence, offset: offset, Dispatch: p.Dispatch}) {
							changed = true
						}
					}
				}
			}
		}
	}
	clear(a.stores)
	for _, g := range groups {
		for _, e := range g {
			a.stores[e.dst] = append(a.stores[e.dst], e.src)
		}
	}
}

// appendOffset says how elements of the slices ez and ea fill correspond:
// the same number of stores, or (Nielsen's layout) one append each, side by
// side in one block, after ea's literal holds offset more elements (the
// input): zs[k] pairs with as[k+offset].
func (a *checker) appendOffset(ez, ea edge, appends, lits map[actsummary.Ref]int) (int, bool) {
	if appends[ez.dst] == appends[ea.dst] && lits[ez.dst] == lits[ea.dst] {
		return 0, true
	}
	offset := lits[ea.dst] - lits[ez.dst]
	if appends[ez.dst] != 1 || appends[ea.dst] != 1 || offset <= 0 || !ez.appended || !ea.appended || ez.literal || ea.literal {
		return 0, false
	}
	bz, bea := a.enclosingBlock(ez.at), a.enclosingBlock(ea.at)
	return offset, bz != nil && bz == bea
}

// enclosingBlock returns the block whose statement holds n.
func (a *checker) enclosingBlock(n ast.Node) *ast.BlockStmt {
	cur, ok := a.insp.Root().FindNode(n)
	if !ok {
		return nil
	}
	for c := cur.Parent(); c.Node() != nil; c = c.Parent() {
		if b, ok := c.Node().(*ast.BlockStmt); ok {
			return b
		}
		if _, ok := c.Node().(ast.Stmt); ok && c.Parent().Node() != nil {
			if _, isBlock := c.Parent().Node().(*ast.BlockStmt); !isBlock {
				return nil // a statement nested in another (if x := …)
			}
		}
	}
	return nil
}

// exportPairs makes field, map-key and result pairs visible to importers.
func (a *checker) exportPairs() {
	var mp mapPairsFact
	for z, ps := range a.pairs {
		exported := false
		for _, p := range ps {
			switch {
			case z.Kind == actsummary.RefField && p.a.Kind == actsummary.RefField && z.Obj.Pkg() == a.pass.Pkg && !exported:
				a.pass.ExportObjectFact(z.Obj, &fieldPairFact{A: p.a.Obj.Name(), Kind: p.Kind, Evidence: p.evidence, Dispatch: p.Dispatch})
				exported = true // one fact per field: the first pair found
			case z.Kind == actsummary.RefKey && p.a.Kind == actsummary.RefKey && !z.Index:
				// Map keys only: an array type's indices (c[0], c[1]) say
				// too little outside the package that paired them.
				mp.Pairs = append(mp.Pairs, mapPair{MapType: z.MapType, A: p.a.Key, Z: z.Key, Kind: p.Kind, Evidence: p.evidence})
			}
		}
	}
	if len(mp.Pairs) > 0 {
		sort.Slice(mp.Pairs, func(i, j int) bool {
			return mp.Pairs[i].Z < mp.Pairs[j].Z || mp.Pairs[i].Z == mp.Pairs[j].Z && mp.Pairs[i].A < mp.Pairs[j].A
		})
		a.pass.ExportPackageFact(&mp)
	}
	for fn, rp := range a.results {
		a.pass.ExportObjectFact(fn, rp)
	}
}

// evidence says how a pair is known and where: "assigned by forward at net.go:12".
func (a *checker) evidence(how string, at ast.Node) string {
	if at == nil {
		return how
	}
	p := a.pass.Fset.Position(at.Pos())
	return fmt.Sprintf("%s at %s:%d", how, filepath.Base(p.Filename), p.Line)
}

// snapshotEdges finds copies of one variable appended before and after it
// is activated in place, side by side in one block:
//
//	zs = append(zs, v.Copy())
//	v.Apply(sigmoid)
//	as = append(as, v.Copy())
//
// The two copies pair (zs[k] with as[k], through derivePairs), as if they
// were z and a = sigmoid(z).
func (a *checker) snapshotEdges(body *ast.BlockStmt, fn string) []edge {
	var g []edge
	ast.Inspect(body, func(n ast.Node) bool {
		block, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		type snap struct {
			dst actsummary.Ref
			at  ast.Expr
			arg ast.Expr
		}
		var last map[types.Object]snap // per copied variable: its last appended copy
		activated := map[types.Object]ast.Expr{}
		last = map[types.Object]snap{}
		for _, st := range block.List {
			switch st := st.(type) {
			case *ast.AssignStmt:
				if len(st.Lhs) != 1 || len(st.Rhs) != 1 {
					continue
				}
				vals := a.Appended(st.Lhs[0], st.Rhs[0])
				lr, ok := a.RootOf(st.Lhs[0])
				if len(vals) != 1 || !ok || lr.Elem {
					continue
				}
				v, ok := a.CopiedVar(vals[0])
				if !ok {
					continue
				}
				if prev, ok := last[v]; ok && activated[v] != nil && prev.dst != lr.Ref {
					k, _, nodes, _ := a.activationOf(activated[v])
					before, after := a.snapshot(prev.arg), a.snapshot(vals[0])
					a.addPair(before, pair{a: after, Kind: k, evidence: a.evidence("applied in place by "+fn, activated[v])})
					a.define(nodes, after)
					g = append(g, edge{dst: prev.dst, src: before, appended: true, at: prev.at},
						edge{dst: lr.Ref, src: after, appended: true, at: st.Lhs[0]})
				}
				last[v] = snap{lr.Ref, st.Lhs[0], vals[0]}
				delete(activated, v)
			case *ast.ExprStmt:
				if v, ok := a.activatedInPlace(st.X); ok {
					activated[v] = st.X
				}
			}
		}
		return true
	})
	return g
}

// snapshot is the temporary that stands for one appended value (a copy,
// or an activation appended directly), the same in every round.
func (a *checker) snapshot(arg ast.Expr) actsummary.Ref {
	tmp, ok := a.temps[arg]
	if !ok {
		tmp = types.NewVar(arg.Pos(), a.pass.Pkg, "", a.info.TypeOf(arg))
		a.temps[arg] = tmp
	}
	return actsummary.Ref{Kind: actsummary.RefVar, Obj: tmp}
}

// activatedInPlace reports whether e overwrites a variable with its
// activation: v.Each(sigmoid) or gonum's v.Apply(sigmoidAt, v).
func (a *checker) activatedInPlace(e ast.Expr) (types.Object, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	s, ok := a.SiteOf(call)
	if !ok || s.Role != actsummary.RoleAct || s.Neg || s.ApplyFn == nil || !s.Kind.Single() {
		return nil, false
	}
	recv, ok := ast.Unparen(sel.X).(*ast.Ident)
	data, isID := ast.Unparen(s.Elem).(*ast.Ident)
	if !ok || !isID || a.info.Uses[recv] != a.info.Uses[data] || !(s.InPlace || len(call.Args) == 2) {
		return nil, false
	}
	v, ok := a.info.Uses[recv].(*types.Var)
	return v, ok
}
