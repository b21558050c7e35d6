package actholds

// Answers: what an expression's value holds, and how to write the other
// place of its pair at a position of the source.

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// Held is one thing a value holds, and how that is known.
type Held struct {
	Kind     actsummary.Kind
	Dispatch string // for a mixed kind: the interface or func table
	Evidence string // "stored by Layer.Forward at layer.go:27"
	// Off: the other place's element is this many further than the
	// expression's (as[l+1] for zs[l]), at the first index below the pair.
	Off int64
	// Lockstep: the two containers were appended side by side, so elements
	// counted from the end (zs[len(zs)-l]) align too.
	Lockstep bool
	// Known: the other place is known (for an activation, where its
	// pre-activation is kept); false for a place that holds an activation of
	// something kept nowhere.
	Known bool
	// Packed: the pre-activation's container also holds arguments of
	// activations stored at other offsets (an LSTM's four gates in one
	// slice), so the pair's other place may not be this element's.
	Packed bool

	echo  bool // the pair relates the value to itself under another name
	pair  *Pair
	self  name   // the expression's name that matched
	rest  string // the steps of that name below the pair's place
	other Loc    // the pair's other place
}

// Content is what an expression's value holds.
type Content struct {
	Act []Held // the value is an activation
	Pre []Held // the value is a pre-activation whose activation is held elsewhere
}

// Of says what the value of expression e holds.
func (r *Holds) Of(e ast.Expr) Content {
	var c Content
	if r == nil || r.h == nil {
		return c
	}
	h := r.h
	v, ok := h.valueOf(e)
	if !ok {
		return c
	}
	own := map[Loc]bool{}
	for _, n := range h.namesOf(v) {
		if !n.partial { // a result that is v on one path only is another value on the others
			own[n.loc] = true
		}
	}
	// self: no value is an activation of itself. A pair that relates one
	// of v's names to another (out.left.data beside t.data once out.left =
	// t, t.data beside a second load of it) is a recursive type's echo;
	// it is marked, not dropped, as a check may still need it to see that
	// a site is forward's own computation.
	self := func(other Loc, rest string) bool {
		if own[Loc{root: other.root, path: other.path + rest}] {
			return true
		}
		if other.root.kind != rootLocal {
			return false
		}
		for _, m := range h.namesOf(other.root.val) {
			if !m.partial && own[Loc{root: m.loc.root, path: m.loc.path + other.path + rest}] {
				return true
			}
		}
		return false
	}
	for _, n := range h.namesOf(v) {
		packedIn := h.packed[Loc{root: n.loc.root, path: strings.TrimSuffix(n.loc.path, "[]")}]
		if h.twoSided(n.loc) {
			continue // the field holds activations in some objects and their arguments in others
		}
		for _, p := range h.pairs.byZ[n.loc.root] {
			if rest, ok := under(n.loc.path, p.Z.path); ok && h.indicesFit(p, n, true) {
				c.Pre = appendHeldOnce(c.Pre, Held{Kind: p.Kind, Dispatch: p.Dispatch, Evidence: p.Evidence, Off: p.Off, Lockstep: p.Lockstep, Known: true, Packed: packedIn || p.packed || h.packed[p.Z], echo: self(p.A, rest), pair: p, self: n, rest: rest, other: p.A})
			}
		}
		for _, p := range h.pairs.byA[n.loc.root] {
			if rest, ok := under(n.loc.path, p.A.path); ok && h.indicesFit(p, n, false) {
				c.Act = appendHeldOnce(c.Act, Held{Kind: p.Kind, Dispatch: p.Dispatch, Evidence: p.Evidence, Off: p.Off, Lockstep: p.Lockstep, Known: true, echo: self(p.Z, rest), pair: p, self: n, rest: rest, other: p.Z})
			}
		}
		for _, x := range h.holder[n.loc] {
			c.Act = appendHeldOnce(c.Act, Held{Kind: x.kind, Dispatch: x.dispatch, Evidence: x.evidence, self: n})
		}
	}
	sortHeld(c.Pre)
	sortHeld(c.Act)
	return c
}

// twoSided reports whether an abstract place (a field, a key, a slot) is
// both an activation and the argument of one, of the same kind: an autograd
// node's value field holds sigmoid(x.v) in out and x.v in x. Reading it says
// nothing on its own; only what is known of the object it is read from does.
func (h *holds) twoSided(l Loc) bool {
	if !l.root.abstract() {
		return false
	}
	if b, ok := h.sided[l]; ok {
		return b
	}
	var asZ, asA actsummary.Kind
	for _, p := range h.pairs.byZ[l.root] {
		if _, ok := under(l.path, p.Z.path); ok {
			asZ |= p.Kind
		}
	}
	for _, p := range h.pairs.byA[l.root] {
		if _, ok := under(l.path, p.A.path); ok {
			asA |= p.Kind
		}
	}
	if l.root.kind == rootField && l.path == "" {
		// The field of one object on either side counts too: x.v as the
		// argument of sigmoid in out.v = sigmoid(x.v).
		for _, p := range h.pairs.list {
			if !p.Same && endsIn(p.Z, l.root.obj) {
				asZ |= p.Kind
			}
			if !p.Same && endsIn(p.A, l.root.obj) {
				asA |= p.Kind
			}
		}
	}
	for _, x := range h.holder[l] {
		asA |= x.kind
	}
	b := asZ&asA != 0
	if h.sided == nil {
		h.sided = map[Loc]bool{}
	}
	h.sided[l] = b
	return b
}

// endsIn reports whether place l is field f of some value.
func endsIn(l Loc, f types.Object) bool {
	return l.root.kind == rootField && l.root.obj == f && l.path == "" || strings.HasSuffix(l.path, "."+f.Name()) && l.root.kind != rootField
}

// indicesFit reports whether name n can be the Z side (or the A side) of
// p: the pair's own wildcards are there.
func (h *holds) indicesFit(p *Pair, n name, z bool) bool {
	l := p.A
	if z {
		l = p.Z
	}
	return len(n.idx) >= wildcards(l.path)
}

func appendHeldOnce(hs []Held, x Held) []Held {
	for _, y := range hs {
		if y.pair == x.pair && y.pair != nil && y.rest == x.rest || y.pair == nil && x.pair == nil && y.Kind == x.Kind && y.Evidence == x.Evidence {
			return hs
		}
	}
	return append(hs, x)
}

// sortHeld orders evidence by what a message best cites: a place other
// functions share (the store forward made) before a parameter, before a
// value of this function.
func sortHeld(hs []Held) {
	sort.SliceStable(hs, func(i, j int) bool {
		ri, rj := rank(hs[i]), rank(hs[j])
		if ri != rj {
			return ri < rj
		}
		return hs[i].pair != nil && hs[j].pair != nil && hs[i].pair.stored && !hs[j].pair.stored // the store of A itself first
	})
}

func rank(x Held) int {
	if x.pair == nil {
		return 9
	}
	switch x.other.root.kind {
	case rootField, rootKey, rootSlot, rootMethod, rootGlobal:
		return 1
	case rootParam:
		return 2
	case rootLocal:
		return 3
	}
	return 4
}

// Defines reports whether the value of e is itself stored as the
// activation x names: the forward computation of that place, not a
// recomputation of it.
func (r *Holds) Defines(e ast.Expr, x Held) bool {
	if r == nil || r.h == nil || x.pair == nil {
		return false
	}
	h := r.h
	v, ok := h.valueOf(e)
	if !ok {
		return false
	}
	for _, n := range h.namesOf(v) {
		if rest, ok := under(n.loc.path, x.other.path); ok && n.loc.root == x.other.root && rest == x.rest {
			return true
		}
	}
	return false
}

// Kept reports whether the value of e is stored or returned: it has a
// place other than the local value itself (out.data, a result, an
// element). A forward step keeps its activation; a recomputation inside a
// backward step does not.
func (r *Holds) Kept(e ast.Expr) bool {
	if r == nil || r.h == nil {
		return false
	}
	v, ok := r.h.valueOf(e)
	if !ok {
		return false
	}
	for _, n := range r.h.namesOf(v) {
		if !n.partial && (n.loc.path != "" || n.loc.root.kind != rootLocal) {
			return true
		}
	}
	return false
}

// Other writes, at position at, the place of x's pair that e's value is
// not: the container at the pair's level (l.out for l.z[i], acts for
// zs[l][j], A1 for Z1.At(i, j)). It also returns the expression that
// stands for e's own place at that level, which the other replaces, and
// the expression it was found in: a sub-expression of e, of the
// definition of the local variable e is (z := zs[len(zs)-k]), or the
// container expression bound, when given (for an element an applier or a
// range hands a variable).
func (r *Holds) Other(e ast.Expr, bound ast.Expr, x Held, at token.Pos) (in, c ast.Expr, text string, ok bool) {
	if r == nil || r.h == nil || x.pair == nil {
		return nil, nil, "", false
	}
	h := r.h
	mine := x.pair.Z
	if x.other == x.pair.Z {
		mine = x.pair.A
	}
	w := wildcards(mine.path)
	var cn name
	var elem ast.Expr // the index of a pure method's call, l.net(j)
	try := func(sub ast.Expr) bool {
		v, ok := h.valueOf(sub)
		if !ok {
			return false
		}
		for _, n := range h.namesOf(v) {
			if n.loc == mine && len(n.idx) == w && len(x.self.idx) >= w && sameIdx(n.idx, x.self.idx[:w]) {
				c, cn = sub, n
				return true
			}
		}
		if call, ok := sub.(*ast.CallExpr); ok && len(call.Args) == 1 && mine.root.kind == rootMethod {
			// l.net(j) is its own container: the j-th of what l.net() names
			for _, n := range h.namesOf(v) {
				if n.loc.root == mine.root && n.loc.path == mine.path+"[]" && len(n.idx) == w+1 {
					c, cn, elem = sub, name{loc: mine, idx: n.idx[:w], owner: n.owner}, call.Args[0]
					return true
				}
			}
		}
		return false
	}
	walk := func(e ast.Expr) bool {
		for sub := ast.Unparen(e); sub != nil; sub = h.inner(sub) {
			if try(sub) {
				return true
			}
		}
		return false
	}
	in = e
	if !walk(e) {
		if d, ok := h.sums.Definition(e); ok && walk(d) {
			in = d
		} else if bound != nil && try(ast.Unparen(bound)) {
			in = bound
		}
	}
	if c == nil {
		debugf("  no container in %s for %s", types.ExprString(e), mine)
		return nil, nil, "", false
	}
	text, ok = h.render(x.other, cn, at)
	if elem != nil {
		text += "[" + types.ExprString(elem) + "]"
	}
	debugf("  container %s: other %q %v", types.ExprString(c), text, ok)
	return in, c, text, ok
}

// inner returns the container an access expression reads from: X of
// X[i], X.f, *X, &X and X.At(i, j); nil for anything else.
func (h *holds) inner(e ast.Expr) ast.Expr {
	switch x := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		return x.X
	case *ast.SelectorExpr:
		if s, ok := h.pass.TypesInfo.Selections[x]; ok && s.Kind() == types.FieldVal {
			return x.X
		}
	case *ast.StarExpr:
		return x.X
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return x.X
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && (sel.Sel.Name == "At" || sel.Sel.Name == "AtVec") {
			return sel.X
		}
		if len(x.Args) == 1 {
			if tv, ok := h.pass.TypesInfo.Types[x.Fun]; ok && tv.IsType() {
				return x.Args[0] // a conversion
			}
		}
	}
	return nil
}

// render writes place l at position at, for the name cn its partner was
// reached by (whose owner and indices it shares): a local variable in
// scope that holds it, or its owner's text and its steps.
func (h *holds) render(l Loc, cn name, at token.Pos) (string, bool) {
	if s, ok := h.varHolding(l, cn, at); ok {
		return s, true
	}
	var base string
	switch r := l.root; r.kind {
	case rootLocal:
		s, ok := h.exprFor(r.val, at, 0)
		if !ok {
			return "", false
		}
		base = s
	case rootParam:
		fn := h.prog.FuncValue(r.obj.(*types.Func))
		if fn == nil || r.n >= len(fn.Params) {
			return "", false
		}
		s, ok := h.exprFor(fn.Params[r.n], at, 0)
		if !ok {
			return "", false
		}
		base = s
	case rootField, rootMethod:
		if cn.owner == nil {
			return "", false
		}
		o, ok := h.exprFor(cn.owner, at, 0)
		if !ok {
			return "", false
		}
		base = o + "." + r.obj.Name()
		if r.kind == rootMethod {
			base += "()"
		}
	case rootKey, rootSlot:
		if cn.owner == nil {
			return "", false
		}
		o, ok := h.exprFor(cn.owner, at, 0)
		if !ok {
			return "", false
		}
		base = o + "[" + r.key + "]"
	case rootGlobal:
		if r.obj.Pkg() != h.pass.Pkg {
			return "", false
		}
		base = r.obj.Name()
	default:
		return "", false
	}
	return h.renderPath(base, l.path, cn.idx, at)
}

// renderPath writes the steps of a path after base, its "[]" steps with
// the indices of idx.
func (h *holds) renderPath(base, path string, idx []index, at token.Pos) (string, bool) {
	k := 0
	var b strings.Builder
	b.WriteString(base)
	for _, s := range steps(path) {
		if s != "[]" {
			b.WriteString(s)
			continue
		}
		if k >= len(idx) {
			return "", false
		}
		t, ok := h.indexText(idx[k], at)
		if !ok {
			return "", false
		}
		b.WriteString("[" + t + "]")
		k++
	}
	return b.String(), true
}

func (h *holds) indexText(i index, at token.Pos) (string, bool) {
	if i.block != nil || i.end || i.bound != nil || len(i.vals) > 1 {
		return "", false
	}
	if len(i.vals) == 0 {
		return strconv.FormatInt(i.c, 10), true
	}
	s, ok := h.exprFor(i.vals[0], at, 0)
	if !ok {
		return "", false
	}
	switch {
	case i.c > 0:
		s += "+" + strconv.FormatInt(i.c, 10)
	case i.c < 0:
		s += strconv.FormatInt(i.c, 10)
	}
	return s, true
}

// varHolding finds a local variable, in scope at pos and assigned once,
// whose value is place l reached like cn (A1 := cache["A1"]).
func (h *holds) varHolding(l Loc, cn name, at token.Pos) (string, bool) {
	var best string
	for v, vars := range h.vars {
		for _, n := range h.namesOf(v) {
			if n.loc != l || !sameIdx(n.idx, cn.idx) || l.root.abstract() && (n.owner == nil || cn.owner == nil || h.cls.find(n.owner) != h.cls.find(cn.owner)) {
				continue
			}
			for _, obj := range vars {
				if h.visible(obj, at, v) && (best == "" || obj.Name() < best) {
					best = obj.Name()
				}
			}
		}
	}
	return best, best != ""
}

// visible reports whether a local variable is what its name means at pos
// and holds val there: it is assigned once, or the last reference to it
// before pos, in source order, sees val.
func (h *holds) visible(v *types.Var, pos token.Pos, val ssa.Value) bool {
	scope := h.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	if _, obj := scope.LookupParent(v.Name(), pos); obj != v {
		return false
	}
	if h.paramVars()[v] && h.writes()[v] == 0 || !h.paramVars()[v] && h.writes()[v] == 1 {
		return true
	}
	var last *varRef
	for i, r := range h.refs[v] {
		if r.pos < pos && (last == nil || r.pos > last.pos) {
			last = &h.refs[v][i]
		}
	}
	return last != nil && val != nil && h.cls.find(last.val) == h.cls.find(val)
}

// writes counts the assignments to each local variable (its declaration
// with a value included); a variable whose address is taken counts as
// written twice, since it may change through the pointer.
func (h *holds) writes() map[*types.Var]int {
	if h.written != nil {
		return h.written
	}
	h.written = map[*types.Var]int{}
	info := h.pass.TypesInfo
	count := func(e ast.Expr, n int) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok && !v.IsField() {
				h.written[v] += n
			}
		}
	}
	for _, f := range h.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					count(l, 1)
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					count(id, 1)
				}
			case *ast.IncDecStmt:
				count(n.X, 2)
			case *ast.RangeStmt:
				if n.Key != nil {
					count(n.Key, 2)
				}
				if n.Value != nil {
					count(n.Value, 2)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					count(n.X, 2)
				}
			}
			return true
		})
	}
	return h.written
}

// paramVars lists the parameters of the package's functions and literals.
func (h *holds) paramVars() map[*types.Var]bool {
	if h.params != nil {
		return h.params
	}
	h.params = map[*types.Var]bool{}
	for _, fn := range h.fns {
		for _, p := range fn.Params {
			if v, ok := p.Object().(*types.Var); ok {
				h.params[v] = true
			}
		}
	}
	return h.params
}

// exprFor writes an expression that evaluates to v at pos: a variable that
// holds it, a parameter, a field, element or key of such, a constant.
func (h *holds) exprFor(v ssa.Value, pos token.Pos, depth int) (string, bool) {
	if depth > 6 || v == nil {
		return "", false
	}
	r := h.cls.find(v)
	var names []string
	for _, m := range h.cls.members[r] {
		for _, obj := range h.vars[m] {
			if h.visible(obj, pos, m) {
				names = append(names, obj.Name())
			}
		}
	}
	if p, ok := v.(*ssa.Parameter); ok {
		if obj, ok := p.Object().(*types.Var); ok && h.visible(obj, pos, p) {
			names = append(names, obj.Name())
		}
	}
	if len(names) > 0 {
		sort.Strings(names)
		return names[0], true
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value != nil {
			return x.Value.ExactString(), true
		}
	case *ssa.FreeVar:
		if b := h.bindingOf(x); b != x {
			return h.exprFor(b, pos, depth+1)
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			switch a := x.X.(type) {
			case *ssa.FieldAddr:
				if f := fieldVar(a.X.Type(), a.Field); f != nil {
					if s, ok := h.exprFor(a.X, pos, depth+1); ok {
						return s + "." + f.Name(), true
					}
				}
			case *ssa.IndexAddr:
				s, ok1 := h.exprFor(a.X, pos, depth+1)
				i, ok2 := h.exprFor(a.Index, pos, depth+1)
				if ok1 && ok2 {
					return s + "[" + i + "]", true
				}
			case *ssa.Global:
				if a.Object().Pkg() == h.pass.Pkg {
					return a.Object().Name(), true
				}
			}
			if s, ok := soleStore(h.bindingOf(x.X)); ok {
				return h.exprFor(s, pos, depth+1)
			}
			if _, isStruct := x.Type().Underlying().(*types.Struct); isStruct {
				return h.exprFor(x.X, pos, depth+1) // *p: p.f selects the same field
			}
		}
	case *ssa.FieldAddr: // the address of a struct-valued field: m.Hid in m.Hid.Post
		if f := fieldVar(x.X.Type(), x.Field); f != nil {
			if s, ok := h.exprFor(x.X, pos, depth+1); ok {
				return s + "." + f.Name(), true
			}
		}
	case *ssa.IndexAddr:
		s, ok1 := h.exprFor(x.X, pos, depth+1)
		i, ok2 := h.exprFor(x.Index, pos, depth+1)
		if ok1 && ok2 {
			return s + "[" + i + "]", true
		}
	case *ssa.Field:
		if f := fieldVar(x.X.Type(), x.Field); f != nil {
			if s, ok := h.exprFor(x.X, pos, depth+1); ok {
				return s + "." + f.Name(), true
			}
		}
	case *ssa.Lookup:
		if k, ok := x.Index.(*ssa.Const); ok && !x.CommaOk {
			if s, ok := h.exprFor(x.X, pos, depth+1); ok {
				return s + "[" + k.Value.ExactString() + "]", true
			}
		}
	}
	return "", false
}

// Built reports whether the stage looked at the package: one that can hold
// no activation is skipped, and every answer is empty.
func (r *Holds) Built() bool { return r != nil && r.h != nil }

// Says reports whether the code says what a place holds: it stores there
// a value that is no empty allocation (an activation, or l.a = input). A
// name that calls the place an activation is a guess only where it does
// not. The place is a variable or field obj, or (obj nil) the constant key
// of a map type, as Loc writes it.
func (r *Holds) Says(obj types.Object, mapType, key string) bool {
	if r == nil || r.h == nil {
		return false
	}
	h := r.h
	var at root
	switch o := obj.(type) {
	case nil:
		at = root{kind: rootKey, typ: mapType, key: key}
	case *types.Var:
		if !o.IsField() {
			param := h.paramVars()[o]
			for v, vars := range h.vars {
				for _, w := range vars {
					if w == o && !h.empty(h.cls.find(v)) && (!param || h.isActivation(h.cls.find(v))) {
						return true
					}
				}
			}
			return false
		}
		at = root{kind: rootField, obj: o}
	default:
		return false
	}
	for _, e := range h.byRoot[at] {
		if e.n.at != nil && !h.empty(e.val) {
			return true
		}
	}
	return len(h.pairs.byA[at]) > 0
}

// isActivation reports whether a value is known to be act of another.
func (h *holds) isActivation(v ssa.Value) bool {
	for k := range h.related {
		if k.a == v {
			return true
		}
	}
	return false
}

// empty reports whether a value is a fresh, empty container or a constant.
func (h *holds) empty(v ssa.Value) bool {
	for _, m := range h.cls.members[v] {
		switch x := m.(type) {
		case *ssa.Const, *ssa.MakeSlice, *ssa.MakeMap, *ssa.Alloc:
		case *ssa.Call:
			if !freshMatrix(x) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// freshMatrix reports whether a call makes an empty gonum matrix or vector:
// mat.NewDense(r, c, nil), mat.NewVecDense(n, nil).
func freshMatrix(c *ssa.Call) bool {
	obj := calleeOf(&c.Call)
	args := c.Call.Args
	return obj != nil && actsummary.IsMat(obj) && strings.HasPrefix(obj.Name(), "New") && len(args) > 0 && isNil(args[len(args)-1])
}

// IsOther reports whether writing to e (an assignment's target, a matrix
// a method changes) writes x's other place: for a field, of an object that
// may be the one x was reached through. Assigning a variable writes no
// place: it gives the name another value.
func (r *Holds) IsOther(e ast.Expr, receiver bool, x Held) bool {
	if r == nil || r.h == nil || x.pair == nil {
		return false
	}
	h := r.h
	for _, n := range h.targetNames(ast.Unparen(e), receiver) {
		if n.loc.root != x.other.root {
			continue
		}
		if _, ok := under(x.other.path, n.loc.path); !ok {
			if _, ok := under(n.loc.path, x.other.path); !ok {
				continue
			}
		}
		if n.owner != nil && x.self.owner != nil && h.distinct(n.owner, x.self.owner) {
			continue
		}
		return true
	}
	return false
}

// targetNames names what writing to e writes: X[i], X.f, *X, or for a
// method's receiver the container itself.
func (h *holds) targetNames(e ast.Expr, receiver bool) []name {
	if st, ok := h.stores[e]; ok && !receiver {
		if _, isVar := e.(*ast.Ident); !isVar {
			return h.placesOf(st.Addr)
		}
	}
	value := func(x ast.Expr) []name {
		v, ok := h.valueOf(x)
		if !ok {
			return nil
		}
		return h.namesOf(v)
	}
	switch t := e.(type) {
	case *ast.Ident:
		if receiver {
			return value(t) // the container the receiver points to
		}
		return nil
	case *ast.IndexExpr:
		i := index{}
		return ext(value(t.X), "[]", &i)
	case *ast.SelectorExpr:
		s, ok := h.pass.TypesInfo.Selections[t]
		if !ok || s.Kind() != types.FieldVal {
			return value(t)
		}
		f := s.Obj().(*types.Var)
		owner, ok := h.addrs[ast.Unparen(t.X)]
		if !ok {
			owner, _ = h.valueOf(t.X)
		}
		return append([]name{{loc: Loc{root: root{kind: rootField, obj: f}}, owner: owner}}, ext(value(t.X), "."+f.Name(), nil)...)
	case *ast.StarExpr:
		return value(t.X)
	}
	return value(e)
}

// distinct reports whether two values are certainly different objects:
// different fields of one object (m.Hid and m.Out).
func (h *holds) distinct(a, b ssa.Value) bool {
	fa, oka := loadedField(a)
	fb, okb := loadedField(b)
	if !oka || !okb {
		return false
	}
	if h.cls.find(fa.X) == h.cls.find(fb.X) {
		return fa.Field != fb.Field
	}
	return h.distinct(fa.X, fb.X)
}

func loadedField(v ssa.Value) (*ssa.FieldAddr, bool) {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		fa, ok := u.X.(*ssa.FieldAddr)
		return fa, ok
	}
	fa, ok := v.(*ssa.FieldAddr)
	return fa, ok
}

// String describes x for debugging: the pair and the name it matched.
func (x Held) String() string {
	if x.pair == nil {
		return fmt.Sprintf("holds %s (%s)", x.Kind, x.Evidence)
	}
	return fmt.Sprintf("%s holds %s(%s) off %d, through %s rest %q (%s)", x.pair.A, x.Kind, x.pair.Z, x.pair.Off, x.self.loc, x.rest, x.Evidence)
}

// Local reports whether x's other place is a value of one function (a
// variable, a call's result), not a place other functions reach.
func (x Held) Local() bool { return x.pair != nil && x.other.root.kind == rootLocal }

// Within reports whether x's pair was learned from code in n (a function
// and the closures inside it) and the expression matched it by a name of
// its own (a variable, a parameter), not by a field every object shares:
// what a function itself made, out.v = sigmoid(x.v), outranks what the v
// field holds in other objects.
func (x Held) Within(n ast.Node) bool {
	return x.pair != nil && !x.pair.Same && !x.echo && !x.self.loc.root.abstract() &&
		x.pair.at.IsValid() && n.Pos() <= x.pair.at && x.pair.at < n.End()
}

// Relates reports whether a (an activation held) and z (a pre-activation
// held) come from one pair: the two values are an activation and its own
// argument.
func Relates(a, z Held) bool { return a.pair != nil && a.pair == z.pair }
