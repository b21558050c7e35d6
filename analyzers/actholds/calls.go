package actholds

// Calls: the names values get across a call, from per-function summaries
// (what a function's results and parameters are placed at, in terms of its
// parameters and of places every function shares), from gonum's element
// accessors, and from the appliers that hand a closure the elements of a
// container.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// funcSummary says where a function places its parameters and results:
// results[i] lists the places result i also is, params[j] those parameter
// j is stored at. Places are rooted at the function's own parameters and
// results, or at roots every function shares.
type funcSummary struct {
	results [][]placement
	params  [][]placement
}

// placement is one such place. For an abstract root reached through a
// parameter (return l.out), ownerParam says which.
type placement struct {
	loc        Loc
	ownerParam int // -1: none
}

// calleeOf returns the declared function a call calls statically.
func calleeOf(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return nil
	}
	fn := c.StaticCallee()
	if fn == nil || fn.Object() == nil {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	return obj.Origin()
}

// paramNames: a declared function's parameter is that parameter of every
// call; a closure an applier calls takes the elements of the applier's data.
func (h *holds) paramNames(p *ssa.Parameter) []name {
	fn := p.Parent()
	i := paramIndex(p)
	if obj := declared(fn); obj != nil {
		return []name{{loc: Loc{root: root{kind: rootParam, obj: obj, n: i}}}}
	}
	data, closure, ok := h.appliedTo(fn, i)
	if !ok {
		return nil
	}
	return ext(h.namesOf(data), "[]", &index{bound: closure})
}

func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// appliedTo finds the applier call that hands literal fn the elements of a
// container as parameter i (m.Apply(func(i, j int, v float64) …, Z)), and
// returns the container and the closure value.
func (h *holds) appliedTo(fn *ssa.Function, i int) (ssa.Value, ssa.Value, bool) {
	lit, ok := fn.Syntax().(*ast.FuncLit)
	parent := fn.Parent()
	if !ok || parent == nil {
		return nil, nil, false
	}
	var closure ssa.Value = fn
	if mc := h.madeOnce(fn); mc != nil {
		closure = mc
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			passed := false
			for _, a := range c.Call.Args {
				passed = passed || a == closure
			}
			if !passed {
				continue
			}
			call := h.calls[c.Pos()]
			if call == nil {
				return nil, nil, false
			}
			ap, data, ok := h.sums.ApplierOf(call)
			if !ok || ap.ValueParam != i || ap.FuncParam >= len(call.Args) || ast.Unparen(call.Args[ap.FuncParam]) != lit {
				return nil, nil, false
			}
			v, ok := h.valueOf(data)
			if !ok {
				if v, ok = h.addrs[ast.Unparen(data)]; !ok {
					return nil, nil, false
				}
			}
			return v, closure, true
		}
	}
	return nil, nil, false
}

// callNames names result i of a call: what the callee's summary places it
// at, an element for an element accessor, a pure method's value.
func (h *holds) callNames(c *ssa.Call, i int) []name {
	obj := calleeOf(&c.Call)
	if obj == nil {
		return nil
	}
	args := c.Call.Args
	sig := obj.Signature()
	if i == 0 && sig.Recv() != nil && len(args) > 0 {
		if actsummary.IsElementAccessor(obj) && len(args) > 1 {
			idx := index{known: true}
			for _, a := range args[1:] {
				idx.vals = append(idx.vals, h.cls.find(a))
			}
			if k, ok := constIndex(args[1]); ok && len(args) == 2 {
				idx = index{c: k, known: true}
			}
			return ext(h.namesOf(args[0]), "[]", &idx)
		}
		if h.isPure(c) {
			m := name{loc: Loc{root: root{kind: rootMethod, obj: obj}}, owner: args[0]}
			ns := append([]name{m}, ext(h.namesOf(args[0]), "."+obj.Name()+"()", nil)...)
			if len(args) > 1 { // l.net(j): the j-th element of what l.net() would be
				idx := h.indexOf(args[1])
				if len(args) > 2 {
					idx = index{known: true}
					for _, a := range args[1:] {
						idx.vals = append(idx.vals, h.cls.find(a))
					}
				}
				ns = ext(ns, "[]", &idx)
			}
			return ns
		}
	}
	s := h.summaryOf(obj)
	if s == nil || i >= len(s.results) {
		return nil
	}
	return h.translate(s.results[i], c, nil, "")
}

// argNames names an argument by what the callee does with it: a value
// gonum's Set stores in a matrix, a parameter the callee's summary places
// somewhere.
func (h *holds) argNames(m ssa.Value, c *ssa.Call) []name {
	obj := calleeOf(&c.Call)
	if obj == nil {
		return nil
	}
	args := c.Call.Args
	if actsummary.IsMat(obj) && (obj.Name() == "Set" || obj.Name() == "SetVec") && len(args) >= 3 && args[len(args)-1] == m {
		idx := index{known: true}
		for _, a := range args[1 : len(args)-1] {
			idx.vals = append(idx.vals, h.cls.find(a))
		}
		return with(ext(h.namesOf(args[0]), "[]", &idx), c, "stored")
	}
	s := h.summaryOf(obj)
	if s == nil {
		return nil
	}
	var ns []name
	for j, a := range args {
		if a == m && j < len(s.params) {
			ns = append(ns, h.translate(s.params[j], c, c, obj.Name())...)
		}
	}
	return ns
}

// translate turns a callee's placements into names at call c. With at,
// the names are an argument's, and say which callee stored it where.
func (h *holds) translate(ps []placement, c *ssa.Call, at ssa.Instruction, callee string) []name {
	var ns []name
	args := c.Call.Args
	for _, p := range ps {
		r := p.loc.root
		var more []name
		switch {
		case r.kind == rootParam && r.n < len(args):
			more = ext(h.namesOf(args[r.n]), p.loc.path, nil)
			if at != nil {
				more = with(more, at, h.storedIn(args[r.n], p.loc.path, callee))
			}
		case r.kind == rootResult:
			res := h.resultValue(c, r.n)
			more = ext(h.namesOf(res), p.loc.path, nil)
			if at != nil {
				more = with(more, at, h.storedIn(res, p.loc.path, callee))
			}
		case r.abstract():
			n := name{loc: p.loc}
			if p.ownerParam >= 0 && p.ownerParam < len(args) {
				n.owner = args[p.ownerParam]
			}
			if at != nil {
				n.at, n.how = at, "stored by "+callee
			}
			more = []name{n}
		}
		ns = append(ns, more...)
	}
	return ns
}

// storedIn says where a callee stores an argument: "stored in out.v by
// newNode", naming the container by the variable that takes it.
func (h *holds) storedIn(v ssa.Value, path, callee string) string {
	for _, m := range h.cls.members[h.cls.find(v)] {
		if vars := h.vars[m]; len(vars) > 0 {
			return "stored in " + vars[0].Name() + path + " by " + callee
		}
	}
	return "stored by " + callee
}

// resultValue returns the value of result n of call c: the call itself
// for one result, else its extract (the call when there is none).
func (h *holds) resultValue(c *ssa.Call, n int) ssa.Value {
	if c.Call.Signature().Results().Len() == 1 {
		return c
	}
	for _, r := range *c.Referrers() {
		if e, ok := r.(*ssa.Extract); ok && e.Index == n {
			return e
		}
	}
	return c
}

// isPure reports whether a call calls a pure method (actsummary's: no
// argument but indices, changes nothing): the same value wherever it is
// called on the same receiver with the same indices, like a field.
func (h *holds) isPure(c *ssa.Call) bool {
	call := h.calls[c.Pos()]
	if call == nil {
		return false
	}
	r, ok := h.sums.RootOf(call)
	return ok && r.Ref.Kind == actsummary.RefMethod
}

// summaryOf returns where fn places its parameters and results: computed
// from this package's SSA, imported as a fact for other packages.
func (h *holds) summaryOf(fn *types.Func) *funcSummary {
	if fn.Pkg() != h.pass.Pkg {
		return h.importedSummary(fn)
	}
	if s, ok := h.summary[fn]; ok {
		return s
	}
	if h.inSum[fn] {
		return nil
	}
	f := h.prog.FuncValue(fn)
	if f == nil || len(f.Blocks) == 0 {
		return nil
	}
	h.inSum[fn] = true
	s := &funcSummary{results: make([][]placement, f.Signature.Results().Len()), params: make([][]placement, len(f.Params))}
	first := true
	for _, b := range f.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		for i, r := range ret.Results {
			ps := h.placements(fn, h.namesOf(r), i, true)
			if first {
				s.results[i] = ps
			} else {
				s.results[i] = intersect(s.results[i], ps)
			}
		}
		first = false
	}
	for j, p := range f.Params {
		s.params[j] = h.placements(fn, h.namesOf(p), j, false)
	}
	delete(h.inSum, fn)
	h.summary[fn] = s
	return s
}

// placements keeps the names of a summary: those rooted at the function's
// own parameters and results, or at abstract roots, without indices.
func (h *holds) placements(fn *types.Func, ns []name, self int, isResult bool) []placement {
	var ps []placement
	for _, n := range ns {
		if len(n.idx) > 0 || n.partial {
			continue // an element, or a result on some paths only
		}
		r := n.loc.root
		switch {
		case (r.kind == rootParam || r.kind == rootResult) && r.obj == fn:
			if n.loc.path == "" && (r.kind == rootResult) == isResult && r.n == self {
				continue // itself
			}
			if n.loc.path == "" && r.kind == rootParam {
				continue // one parameter's value is another's: no place of its own
			}
			ps = append(ps, placement{loc: n.loc, ownerParam: -1})
		case r.abstract():
			// A field of an object the function made is its result's
			// field, placed above; a field of an object the caller passes
			// (l.x = x) or a global is shared.
			op := -1
			if p, ok := n.owner.(*ssa.Parameter); ok && declared(p.Parent()) == fn {
				op = paramIndex(p)
			} else if r.kind != rootGlobal {
				continue
			}
			ps = append(ps, placement{loc: n.loc, ownerParam: op})
		}
	}
	return ps
}

func intersect(a, b []placement) []placement {
	var out []placement
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}
