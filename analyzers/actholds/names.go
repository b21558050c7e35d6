package actholds

// Names: every place a value is read from or written to, found from its
// definition (a load, a map lookup, a field of a struct value, an element
// accessor, a parameter) and from its uses (a store, a map update, an
// append, a return, an argument a callee places somewhere).

import (
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

const (
	maxNames = 24 // names of one value
	maxSteps = 5  // steps of one path
)

// namesOf returns the names of v's class, computing them on first use.
func (h *holds) namesOf(v ssa.Value) []name {
	r := h.cls.find(v)
	if r == nil {
		return nil
	}
	if ns, ok := h.names[r]; ok {
		return ns
	}
	if h.pending[r] {
		return nil // a cycle (a linked structure): what is known so far
	}
	h.pending[r] = true
	ns := []name{{loc: Loc{root: root{kind: rootLocal, val: r}}}}
	add := func(more []name) {
		for _, n := range more {
			if len(ns) >= maxNames || len(steps(n.loc.path)) > maxSteps {
				return
			}
			if !hasName(ns, n) {
				ns = append(ns, n)
			}
		}
	}
	for _, m := range h.cls.members[r] {
		add(h.defNames(m))
		if refs := m.Referrers(); refs != nil {
			for _, instr := range *refs {
				add(h.useNames(m, instr))
			}
		}
	}
	delete(h.pending, r)
	h.names[r] = ns
	return ns
}

func hasName(ns []name, n name) bool {
	for _, m := range ns {
		if m.loc == n.loc && sameIdx(m.idx, n.idx) {
			return true
		}
	}
	return false
}

func sameIdx(a, b []index) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if !sameVals(x.vals, y.vals) || x.c != y.c || x.end != y.end || x.block != y.block || x.known != y.known || x.bound != y.bound {
			return false
		}
	}
	return true
}

// ext extends names by one step (and its index, for "[]").
func ext(ns []name, step string, idx *index) []name {
	out := make([]name, 0, len(ns))
	for _, n := range ns {
		m := n
		m.loc.path += step
		if idx != nil {
			m.idx = append(append([]index(nil), n.idx...), *idx)
		}
		out = append(out, m)
	}
	return out
}

// with sets the origin of names.
func with(ns []name, at ssa.Instruction, how string) []name {
	for i := range ns {
		ns[i].at, ns[i].how = at, how
	}
	return ns
}

// defNames are the names a value has by its definition.
func (h *holds) defNames(m ssa.Value) []name {
	switch x := m.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return h.placesOf(x.X)
		}
	case *ssa.Lookup:
		if !x.CommaOk {
			return h.keyNames(x.X, x.Index)
		}
	case *ssa.Field:
		f := fieldVar(x.X.Type(), x.Field)
		if f == nil {
			return nil
		}
		if isRawData(x) { // m.RawMatrix().Data: the matrix's own elements
			return h.namesOf(x.X.(*ssa.Call).Call.Args[0])
		}
		return append([]name{{loc: Loc{root: root{kind: rootField, obj: f}}, owner: x.X}}, ext(h.namesOf(x.X), "."+f.Name(), nil)...)
	case *ssa.Index:
		return h.elemNames(x.X, x.Index, false)
	case *ssa.Parameter:
		return h.paramNames(x)
	case *ssa.Call:
		return h.callNames(x, 0)
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			return h.callNames(c, x.Index)
		}
	}
	return nil
}

// useNames are the names a use gives value m.
func (h *holds) useNames(m ssa.Value, instr ssa.Instruction) []name {
	switch x := instr.(type) {
	case *ssa.Store:
		if x.Val == m {
			how := "assigned"
			ns := h.placesOf(x.Addr)
			if len(ns) > 0 && (len(ns[0].idx) > 0 || ns[0].loc.root.kind == rootLocal) {
				how = "stored"
			}
			if isVarargs(x.Addr) {
				how = "appended"
			}
			return with(ns, x, how)
		}
	case *ssa.MapUpdate:
		if x.Value == m {
			return with(h.keyNames(x.Map, x.Key), x, "stored")
		}
	case *ssa.Return:
		fn := declared(x.Parent())
		if fn == nil {
			return nil
		}
		var ns []name
		for i, r := range x.Results {
			if r == m {
				ns = append(ns, name{loc: Loc{root: root{kind: rootResult, obj: fn, n: i}}, at: x, how: "returned", partial: h.returnsOthers(x, i, m)})
			}
		}
		return ns
	case *ssa.Call:
		return h.argNames(m, x)
	}
	return nil
}

// placesOf names the place an address points to.
func (h *holds) placesOf(addr ssa.Value) []name {
	switch a := addr.(type) {
	case *ssa.FieldAddr:
		f := fieldVar(a.X.Type(), a.Field)
		if f == nil {
			return nil
		}
		return append([]name{{loc: Loc{root: root{kind: rootField, obj: f}}, owner: a.X}}, ext(h.namesOf(a.X), "."+f.Name(), nil)...)
	case *ssa.IndexAddr:
		if alloc, ok := a.X.(*ssa.Alloc); ok {
			if app := appendOf(alloc); app != nil { // append(s, v): v is s's next element
				k, _ := constIndex(a.Index)
				return h.appendNames(app, k)
			}
			if lit := sliceOf(alloc); lit != nil { // []T{a, b}: the slice's elements
				return h.elemNames(lit, a.Index, true)
			}
		}
		return h.elemNames(a.X, a.Index, true)
	case *ssa.Global:
		return []name{{loc: Loc{root: root{kind: rootGlobal, obj: a.Object()}}}}
	case *ssa.Alloc:
		if _, isStruct := deref(a.Type()).Underlying().(*types.Struct); !isStruct && !storedOnce(a) {
			return nil // a scalar written several times: no one content
		}
	}
	return h.namesOf(h.bindingOf(addr))
}

// storedOnce reports whether an Alloc is stored at most once.
func storedOnce(a *ssa.Alloc) bool {
	n := 0
	for _, r := range *a.Referrers() {
		if s, ok := r.(*ssa.Store); ok && s.Addr == a {
			n++
		}
	}
	return n <= 1
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// fieldVar returns field i of the struct that t (or *t) is.
func fieldVar(t types.Type, i int) *types.Var {
	st, ok := deref(t).Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// elemNames names element idx of container x: a constant index of an array
// is a slot of the array's type; anything else an element of x's names.
func (h *holds) elemNames(x, idx ssa.Value, addr bool) []name {
	t := x.Type()
	if addr {
		t = deref(t)
	}
	if k, ok := constIndex(idx); ok {
		if _, isArray := t.Underlying().(*types.Array); isArray {
			ks := strconv.FormatInt(k, 10)
			slot := name{loc: Loc{root: root{kind: rootSlot, typ: types.TypeString(t, nil), key: ks}}, owner: x}
			return append([]name{slot}, ext(h.namesOf(x), "["+ks+"]", nil)...)
		}
	}
	i := h.indexOf(idx)
	return ext(h.namesOf(x), "[]", &i)
}

// keyNames names m[key] for a constant key: the key of any map of m's
// type, and the key of m's own names.
func (h *holds) keyNames(m, key ssa.Value) []name {
	c, ok := key.(*ssa.Const)
	if !ok || c.Value == nil {
		return nil
	}
	var ks string
	switch c.Value.Kind() {
	case constant.String:
		ks = strconv.Quote(constant.StringVal(c.Value))
	case constant.Int:
		ks = c.Value.ExactString()
	default:
		return nil
	}
	typ := types.TypeString(m.Type().Underlying(), nil)
	k := name{loc: Loc{root: root{kind: rootKey, typ: typ, key: ks}}, owner: m}
	return append([]name{k}, ext(h.namesOf(m), "["+ks+"]", nil)...)
}

// constIndex returns a constant integer index.
func constIndex(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	k, exact := constant.Int64Val(c.Value)
	return k, exact
}

// indexOf describes an index value: v, v+c, len(x)-v, or a constant.
func (h *holds) indexOf(v ssa.Value) index {
	if k, ok := constIndex(v); ok {
		return index{c: k, known: true}
	}
	if b, ok := v.(*ssa.BinOp); ok {
		if k, ok := constIndex(b.Y); ok && (b.Op == token.ADD || b.Op == token.SUB) {
			if b.Op == token.SUB {
				k = -k
			}
			return index{vals: []ssa.Value{h.cls.find(b.X)}, c: k, known: true}
		}
		if k, ok := constIndex(b.X); ok && b.Op == token.ADD {
			return index{vals: []ssa.Value{h.cls.find(b.Y)}, c: k, known: true}
		}
		if b.Op == token.SUB && isLen(b.X) {
			if k, ok := constIndex(b.Y); ok {
				return index{end: true, c: k, known: true}
			}
			return index{end: true, vals: []ssa.Value{h.cls.find(b.Y)}, known: true}
		}
	}
	return index{vals: []ssa.Value{h.cls.find(v)}, known: true}
}

func isLen(v ssa.Value) bool {
	c, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := c.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "len"
}

// isVarargs reports whether an address is an element of the array that
// holds an append's listed values.
func isVarargs(addr ssa.Value) bool {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	a, ok := ia.X.(*ssa.Alloc)
	return ok && appendOf(a) != nil
}

// appendOf returns the append call whose listed values alloc holds.
func appendOf(alloc *ssa.Alloc) *ssa.Call {
	if alloc.Comment != "varargs" {
		return nil
	}
	for _, r := range *alloc.Referrers() {
		s, ok := r.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, u := range *s.Referrers() {
			if c, ok := u.(*ssa.Call); ok {
				if b, ok := c.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(c.Call.Args) == 2 && c.Call.Args[1] == s {
					return c
				}
			}
		}
	}
	return nil
}

// sliceOf returns the slice a composite literal's backing array, or a
// variadic call's, becomes.
func sliceOf(alloc *ssa.Alloc) *ssa.Slice {
	if alloc.Comment != "slicelit" && alloc.Comment != "varargs" {
		return nil
	}
	for _, r := range *alloc.Referrers() {
		if s, ok := r.(*ssa.Slice); ok {
			return s
		}
	}
	return nil
}

// appendNames names the k-th value an append adds: an element of the
// slice's class at the append's rank, the length before the loop plus k.
func (h *holds) appendNames(app *ssa.Call, k int64) []name {
	base := app.Call.Args[0]
	init, known := h.initLen(app)
	i := index{block: app.Block(), c: init + k, known: known}
	if known {
		if phi, s0, ok := h.loopCounter(app.Block()); ok {
			// Element init+k of pass n, when the counter is s0+n.
			i.counted = &index{vals: []ssa.Value{h.cls.find(phi)}, c: init + k - s0, known: true}
		}
	}
	if isNil(base) {
		i = index{c: k, known: true} // append(nil, a, b): the first elements
		return ext([]name{{loc: Loc{root: root{kind: rootLocal, val: h.cls.find(app)}}}}, "[]", &i)
	}
	return ext(h.namesOf(app), "[]", &i)
}

// initLen is the length of an appended slice before the block of app runs
// for the first time: the elements its class starts with and those
// appended before the loop. Unknown when some other append of the class
// runs in the loop too, or a start has no constant length.
func (h *holds) initLen(app *ssa.Call) (int64, bool) {
	r := h.cls.find(app)
	var n int64
	for _, m := range h.cls.members[r] {
		switch x := m.(type) {
		case *ssa.Phi:
			for _, e := range x.Edges {
				if c, ok := e.(*ssa.Const); ok && c.Value == nil {
					continue
				}
				if h.cls.find(e) != r {
					return 0, false
				}
			}
		case *ssa.Call:
			if x == app {
				continue
			}
			b, ok := x.Call.Value.(*ssa.Builtin)
			if !ok || b.Name() != "append" {
				continue // a copy or a call the class reaches: no elements of its own
			}
			if x.Block() == app.Block() || !dominates(x.Block(), app.Block()) || reaches(app.Block(), x.Block()) {
				return 0, false // also appended in the loop, or after it
			}
			k, ok := appendCount(x)
			if !ok {
				return 0, false
			}
			n += k
		case *ssa.Slice:
			if a, ok := x.X.(*ssa.Alloc); ok && a.Comment == "slicelit" {
				at, ok := deref(a.Type()).Underlying().(*types.Array)
				if !ok {
					return 0, false
				}
				n += at.Len()
			}
		case *ssa.MakeSlice:
			k, ok := constIndex(x.Len)
			if !ok {
				return 0, false
			}
			n += k
		}
	}
	return n, true
}

// appendCount is how many values an append adds.
func appendCount(c *ssa.Call) (int64, bool) {
	s, ok := c.Call.Args[1].(*ssa.Slice)
	if !ok {
		return 0, false
	}
	a, ok := s.X.(*ssa.Alloc)
	if !ok || a.Comment != "varargs" {
		return 0, false
	}
	at, ok := deref(a.Type()).Underlying().(*types.Array)
	if !ok {
		return 0, false
	}
	return at.Len(), true
}

func dominates(a, b *ssa.BasicBlock) bool { return a.Dominates(b) }

// reaches reports whether control can go from a to b.
func reaches(a, b *ssa.BasicBlock) bool { return reachesAvoiding(a, b, nil) }

// isRawData reports whether a field is the Data of a gonum RawMatrix() or
// RawVector() result.
func isRawData(f *ssa.Field) bool {
	c, ok := f.X.(*ssa.Call)
	if !ok {
		return false
	}
	fn := c.Call.StaticCallee()
	if fn == nil || fn.Object() == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && actsummary.IsMat(obj) && (obj.Name() == "RawMatrix" || obj.Name() == "RawVector") && fieldVar(f.X.Type(), f.Field).Name() == "Data"
}

// returnsOthers reports whether another return of ret's function gives
// result i a value of another class than m (nil aside: an error path's
// empty slice; a zero is a value, relu's).
func (h *holds) returnsOthers(ret *ssa.Return, i int, m ssa.Value) bool {
	for _, b := range ret.Parent().Blocks {
		other, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || other == ret || i >= len(other.Results) {
			continue
		}
		if r := other.Results[i]; h.cls.find(r) != h.cls.find(m) {
			if c, ok := r.(*ssa.Const); !ok || !c.IsNil() {
				return true
			}
		}
	}
	return false
}

// loopCounter returns the counter of the innermost loop around block b,
// when b runs exactly once a pass: a φ in the loop's header that starts
// at a constant s0 and grows by one each pass (a range loop's index, or
// for i := 0; …; i++).
func (h *holds) loopCounter(b *ssa.BasicBlock) (*ssa.Phi, int64, bool) {
	var header *ssa.BasicBlock
	var latches []*ssa.BasicBlock
	for hd := b; hd != nil; hd = hd.Idom() {
		var back []*ssa.BasicBlock
		for _, p := range hd.Preds {
			if hd.Dominates(p) && (p == b || reachesAvoiding(b, p, hd)) {
				back = append(back, p)
			}
		}
		if len(back) > 0 {
			header, latches = hd, back
			break
		}
	}
	if header == nil {
		return nil, 0, false
	}
	for _, l := range latches {
		if !b.Dominates(l) {
			return nil, 0, false // not every pass runs b
		}
	}
	for _, instr := range header.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			continue
		}
		s0, counts := int64(0), true
		seen := false
		for i, e := range phi.Edges {
			pred := header.Preds[i]
			if header.Dominates(pred) {
				inc, ok := e.(*ssa.BinOp)
				if !ok {
					counts = false
					continue
				}
				k, isConst := constIndex(inc.Y)
				counts = counts && inc.Op == token.ADD && inc.X == phi && isConst && k == 1
				continue
			}
			k, ok := constIndex(e)
			if !ok || seen && k != s0 {
				counts = false
			}
			s0, seen = k, true
		}
		if counts && seen {
			return phi, s0, true
		}
	}
	return nil, 0, false
}

// reachesAvoiding reports whether control can go from a to b without
// passing through block not.
func reachesAvoiding(a, b, not *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{not: true}
	stack := []*ssa.BasicBlock{a}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range x.Succs {
			if s == b {
				return true
			}
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return false
}
