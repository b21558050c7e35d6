package actholds

// The order of the work: values united, activations found, names indexed,
// then pairs to a fixed point, in rounds that carry pairs across calls
// (a callee's pairs between its parameters and results hold for every
// call; parameters every caller passes as z and act(z) pair in the callee).

import (
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

func (h *holds) solve() {
	for _, fn := range h.fns {
		h.markInPlace(fn)
	}
	for _, fn := range h.fns {
		h.canonicalize(fn)
	}
	for _, fn := range h.fns {
		h.numberValues(fn)
	}
	h.cls.freeze(h.all)
	var acts []act
	for _, fn := range h.fns {
		acts = append(acts, h.activations(fn)...)
	}
	h.indexNames()
	h.importAbstract()
	h.equalities()
	h.seed(acts)
	closed := h.closedFuncs()
	for range 6 {
		h.propagate()
		n := len(h.pairs.list)
		h.acrossCalls()
		h.agreeParams(closed)
		if len(h.pairs.list) == n && len(h.pairs.queue) == 0 {
			break
		}
	}
	h.collectHolders()
	h.flowHolders(closed)
}

// acrossCalls instantiates each callee's pairs between its own parameters
// and results at every call: zs, as := feed(x) pairs zs with as when feed
// returns them paired.
func (h *holds) acrossCalls() {
	for _, fn := range h.fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				obj := calleeOf(&c.Call)
				if obj == nil {
					continue
				}
				for _, p := range h.calleePairs(obj) {
					z, zok := h.atCall(p.Z, c)
					a, aok := h.atCall(p.A, c)
					if !zok || !aok {
						continue
					}
					how := "passed to " + obj.Name()
					if p.Z.root.kind == rootResult && p.A.root.kind == rootResult {
						how = "returned together by " + obj.Name()
					}
					h.addPair(&Pair{Z: z, A: a, Kind: p.Kind, Off: p.Off, Lockstep: p.Lockstep, Dispatch: p.Dispatch,
						Evidence: h.where(how, c.Pos()), at: c.Pos(), Same: p.Same, packed: p.packed})
				}
			}
		}
	}
}

// calleePairs lists the pairs between a function's own parameters and
// results: this package's, or another's from its fact.
func (h *holds) calleePairs(fn *types.Func) []*Pair {
	if fn.Pkg() != h.pass.Pkg {
		return h.importedPairs(fn)
	}
	var ps []*Pair
	for _, p := range h.pairs.list {
		if ownRoot(p.Z.root, fn) && ownRoot(p.A.root, fn) {
			ps = append(ps, p)
		}
	}
	return ps
}

func ownRoot(r root, fn *types.Func) bool {
	return (r.kind == rootParam || r.kind == rootResult) && r.obj == fn
}

// atCall places a callee's parameter or result at a call: the argument's
// or the result's value.
func (h *holds) atCall(l Loc, c *ssa.Call) (Loc, bool) {
	switch l.root.kind {
	case rootParam:
		if l.root.n >= len(c.Call.Args) {
			return Loc{}, false
		}
		return Loc{root: root{kind: rootLocal, val: h.cls.find(c.Call.Args[l.root.n])}, path: l.path}, true
	case rootResult:
		return Loc{root: root{kind: rootLocal, val: h.cls.find(h.resultValue(c, l.root.n))}, path: l.path}, true
	}
	return Loc{}, false
}

// closed lists the package's functions whose every call is in the package
// and static: unexported, never used as a value, and for methods never
// behind an interface of the package. With their calls.
func (h *holds) closedFuncs() map[*types.Func][]*ssa.Call {
	ifaceMethods := map[string]bool{}
	scope := h.pass.Pkg.Scope()
	for _, n := range scope.Names() {
		if it, ok := scope.Lookup(n).Type().Underlying().(*types.Interface); ok {
			for i := 0; i < it.NumMethods(); i++ {
				ifaceMethods[it.Method(i).Name()] = true
			}
		}
	}
	calledAt := map[*ast.Ident]bool{}
	for _, call := range h.calls {
		fun := ast.Unparen(call.Fun)
		if ix, ok := fun.(*ast.IndexExpr); ok {
			fun = ix.X
		}
		switch f := fun.(type) {
		case *ast.Ident:
			calledAt[f] = true
		case *ast.SelectorExpr:
			calledAt[f.Sel] = true
		}
	}
	open := map[*types.Func]bool{}
	for id, obj := range h.pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && !calledAt[id] {
			open[fn.Origin()] = true
		}
	}
	closed := map[*types.Func][]*ssa.Call{}
	for fn := range h.sums.FuncOf {
		if fn.Exported() || open[fn] || fn.Signature().Recv() != nil && ifaceMethods[fn.Name()] || h.sums.HelperOf(fn) != nil {
			continue
		}
		closed[fn] = nil
	}
	for _, f := range h.fns {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(*ssa.Call); ok {
					if obj := calleeOf(&c.Call); obj != nil {
						if _, ok := closed[obj]; ok {
							closed[obj] = append(closed[obj], c)
						}
					}
				}
			}
		}
	}
	return closed
}

// agreeParams pairs parameters i and j of a closed function when every
// call passes related arguments: learn(z, sigmoid(z), t) makes the second
// parameter hold sigmoid of the first. A parameter every call passes an
// activation holds one.
func (h *holds) agreeParams(closed map[*types.Func][]*ssa.Call) {
	fns := make([]*types.Func, 0, len(closed))
	for fn := range closed {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		calls := closed[fn]
		f := h.prog.FuncValue(fn)
		if len(calls) == 0 || f == nil {
			continue
		}
		n := len(f.Params)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if i == j {
					continue
				}
				var first *Pair
				kind := actsummary.NoKind
				for _, c := range calls {
					if len(c.Call.Args) != n {
						first = nil
						break
					}
					p := h.related[relKey{h.cls.find(c.Call.Args[i]), h.cls.find(c.Call.Args[j]), 0}]
					if p == nil || first != nil && p.Kind != kind {
						first = nil
						break
					}
					if first == nil {
						first, kind = p, p.Kind
					}
				}
				if first == nil {
					continue
				}
				c := calls[0]
				h.addPair(&Pair{
					Z: Loc{root: root{kind: rootParam, obj: fn, n: i}}, A: Loc{root: root{kind: rootParam, obj: fn, n: j}},
					Kind: kind, Dispatch: first.Dispatch, Evidence: h.where("passed with it by "+funcName(c.Parent()), c.Pos()), at: c.Pos(),
				})
			}
		}
	}
}

// collectHolders records the places that hold an activation, whether or
// not its pre-activation is kept: every place a value that is act(z) is
// stored at (a local slice's elements too, for the function's own code).
func (h *holds) collectHolders() {
	for k, p := range h.related {
		for _, n := range h.namesOf(k.a) {
			if n.at == nil || n.partial {
				continue
			}
			how := n.how
			if p.seed && (how == "stored" || how == "assigned") {
				how = "assigned" // the activation itself is what is stored
			}
			h.holder[n.loc] = appendHeld(h.holder[n.loc], held{p.Kind, p.Dispatch, h.evidence(n.at, how)})
		}
	}
}

func appendHeld(hs []held, x held) []held {
	for _, y := range hs {
		if y.kind == x.kind && y.dispatch == x.dispatch {
			return hs
		}
	}
	return append(hs, x)
}

// equalities records the places of a function's parameters and results
// that hold the same content because one value is at both, for its
// callers: return zs, where zs[i] = n.Neurons[i].z.
func (h *holds) equalities() {
	for r, entries := range h.byRoot {
		if r.kind != rootResult && r.kind != rootParam {
			continue
		}
		for _, e := range entries {
			if e.n.partial {
				continue
			}
			for _, m := range h.namesOf(e.val) {
				mr := m.loc.root
				if m.partial {
					continue
				}
				if m.loc == e.n.loc || !sameIdx(m.idx, e.n.idx) || mr == r || mr.kind != rootResult && mr.kind != rootParam || mr.obj != r.obj {
					continue // only between the function's own parameters and results: what a call can use
				}
				if q, ok := derive(e.n, m, 0, &Pair{}); ok {
					q.Same = true
					h.addPair(q)
				}
			}
		}
	}
}
