package actholds

// Holdings: places that hold an activation whether or not its
// pre-activation is kept anywhere (the wrong-derivative check needs only
// this). They start where an activation is stored and flow, like pairs,
// to every place known to hold the same content.

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// held is what a place holding an activation of something unknown holds.
type held struct {
	kind     actsummary.Kind
	dispatch string
	evidence string
}

// flowHolders carries holdings to the places that hold the same content:
// the other side of an equality, the other places of a value, the result
// of a call (for a callee's result), and a parameter that every caller
// passes a holding of.
func (h *holds) flowHolders(closed map[*types.Func][]*ssa.Call) {
	calls := h.staticCalls()
	var queue []Loc
	for l := range h.holder {
		queue = append(queue, l)
	}
	add := func(l Loc, xs []held) {
		if len(steps(l.path)) > maxSteps+2 {
			return // t.left.left.left…: a recursive type, bounded as pairs are
		}
		if h.abstractArgument(l) {
			// out[1] = act(out[0]) in any [2]Matrix: a layer that stores one
			// value in both slots (a dropout's) does not make out[0] hold it
			return
		}
		n := len(h.holder[l])
		for _, x := range xs {
			h.holder[l] = appendHeld(h.holder[l], x)
		}
		if len(h.holder[l]) > n {
			queue = append(queue, l)
		}
	}
	for round := 0; round < 4 && len(queue) > 0; round++ {
		for len(queue) > 0 {
			l := queue[0]
			queue = queue[1:]
			xs := h.holder[l]
			for _, s := range h.pairs.sameAt[l.root] {
				for _, ends := range [][2]Loc{{s.Z, s.A}, {s.A, s.Z}} {
					if rest, ok := under(l.path, ends[0].path); ok && ends[0].root == l.root {
						add(Loc{root: ends[1].root, path: ends[1].path + rest}, xs)
					}
				}
			}
			for _, e := range h.byRoot[l.root] {
				rest, ok := under(l.path, e.n.loc.path)
				if !ok || len(e.n.idx) > 0 || e.n.partial {
					continue
				}
				for _, m := range h.namesOf(e.val) {
					if len(m.idx) == 0 && !m.partial && m.loc != e.n.loc {
						add(Loc{root: m.loc.root, path: m.loc.path + rest}, xs)
					}
				}
			}
			if l.root.kind == rootResult {
				fn, _ := l.root.obj.(*types.Func)
				for _, c := range calls[fn] {
					add(Loc{root: root{kind: rootLocal, val: h.cls.find(h.resultValue(c, l.root.n))}, path: l.path}, xs)
				}
			}
		}
		// Parameters every caller passes a holding of, at the same steps.
		for fn, cs := range closed {
			f := h.prog.FuncValue(fn)
			if f == nil || len(cs) == 0 {
				continue
			}
			for j := range f.Params {
				// The argument itself holds one (an element of an output).
				if xs := h.heldBy(cs[0], j); len(xs) > 0 {
					all := true
					for _, c := range cs[1:] {
						all = all && len(h.heldBy(c, j)) > 0
					}
					if all {
						add(Loc{root: root{kind: rootParam, obj: fn, n: j}}, xs)
					}
				}
				for _, path := range h.heldPaths(cs[0], j) {
					all := true
					for _, c := range cs[1:] {
						all = all && j < len(c.Call.Args) && len(h.holder[Loc{root: root{kind: rootLocal, val: h.cls.find(c.Call.Args[j])}, path: path}]) > 0
					}
					if all {
						arg := Loc{root: root{kind: rootLocal, val: h.cls.find(cs[0].Call.Args[j])}, path: path}
						add(Loc{root: root{kind: rootParam, obj: fn, n: j}, path: path}, h.holder[arg])
					}
				}
			}
		}
	}
}

// abstractArgument reports whether l is, for any object of its type, the
// argument of an activation kept at another such place: a holding that
// flows there contradicts the pair, and is no evidence.
func (h *holds) abstractArgument(l Loc) bool {
	if !l.root.abstract() {
		return false
	}
	for _, p := range h.pairs.byZ[l.root] {
		if _, below := under(l.path, p.Z.path); below && !p.packed && p.A.root.abstract() {
			return true
		}
	}
	return false
}

// heldBy returns what argument j of call c holds, through its names.
func (h *holds) heldBy(c *ssa.Call, j int) []held {
	if j >= len(c.Call.Args) {
		return nil
	}
	var xs []held
	for _, n := range h.namesOf(c.Call.Args[j]) {
		for _, x := range h.holder[n.loc] {
			xs = appendHeld(xs, x)
		}
	}
	return xs
}

// heldPaths lists the steps at which argument j of call c holds an
// activation.
func (h *holds) heldPaths(c *ssa.Call, j int) []string {
	if j >= len(c.Call.Args) {
		return nil
	}
	r := root{kind: rootLocal, val: h.cls.find(c.Call.Args[j])}
	var paths []string
	for l := range h.holder {
		if l.root == r {
			paths = append(paths, l.path)
		}
	}
	return paths
}

// staticCalls indexes the package's static calls by callee, and adds the
// holdings another package's facts give its functions' results.
func (h *holds) staticCalls() map[*types.Func][]*ssa.Call {
	calls := map[*types.Func][]*ssa.Call{}
	for _, f := range h.fns {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				obj := calleeOf(&c.Call)
				if obj == nil {
					continue
				}
				calls[obj] = append(calls[obj], c)
				if obj.Pkg() != h.pass.Pkg {
					h.importHeld(obj, c)
				}
			}
		}
	}
	return calls
}

// importHeld adds, at call c, the holdings of the callee's results that
// its package exported.
func (h *holds) importHeld(fn *types.Func, c *ssa.Call) {
	f := h.importedFact(fn)
	if f == nil {
		return
	}
	for _, hf := range f.Held {
		l, ok := h.decodeLoc(hf.At, fn)
		if !ok || l.root.kind != rootResult {
			continue
		}
		at := Loc{root: root{kind: rootLocal, val: h.cls.find(h.resultValue(c, l.root.n))}, path: l.path}
		h.holder[at] = appendHeld(h.holder[at], held{hf.Kind, hf.Dispatch, hf.Evidence})
	}
}
