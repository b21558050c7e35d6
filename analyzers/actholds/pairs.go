package actholds

// Pairs: "the place A holds act(the place Z)", learned to a fixed point.
// A pair relates the values its places name; two related values relate
// every other pair of places they have. So z = dot(w, x); a = sigmoid(z)
// pairs z with a, and l.z[i] = z; l.out[i] = a then pairs the fields.

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// Pair says that the place A holds Kind of the place Z: element for
// element, A's index k+Off for Z's index k at the first "[]" below them.
type Pair struct {
	Z, A     Loc
	Kind     actsummary.Kind
	Off      int64
	Lockstep bool   // appended side by side: indices counted from the end align too
	Dispatch string // the interface or func table a mixed kind comes through
	Evidence string // "stored by Layer.Forward at layer.go:27"
	at       token.Pos
	seed     bool // between an activation's argument and its value
	fill     bool // between a matrix and the one an applier fills with its activation
	stored   bool // the evidence is the store of A itself
	packed   bool // between containers whose elements pair at offsets no index tells
	// Same: not an activation, an equality. Z and A hold the same content
	// (one value is at both): results[i] = n.Neurons[i].z.
	Same bool
}

type pairKey struct {
	z, a Loc
	off  int64
	same bool
}

type pairSet struct {
	list   []*Pair
	byKey  map[pairKey]*Pair
	byZ    map[root][]*Pair // activation pairs by Z's root
	byA    map[root][]*Pair // activation pairs by A's root
	sameAt map[root][]*Pair // equalities by either side's root
	queue  []*Pair
}

func newPairSet() *pairSet {
	return &pairSet{byKey: map[pairKey]*Pair{}, byZ: map[root][]*Pair{}, byA: map[root][]*Pair{}, sameAt: map[root][]*Pair{}}
}

// maxPairs bounds the pairs of one package: a guard against a blowup on
// code that is no network, where nothing would be reported anyway.
const maxPairs = 50000

// addPair records p unless it is known; a second kind for the same places
// joins the first (a field one layer fills with tanh and another with
// sigmoid holds one of them).
func (h *holds) addPair(p *Pair) bool {
	for p.Off == 0 && strings.HasSuffix(p.Z.path, "[]") && strings.HasSuffix(p.A.path, "[]") {
		p.Z.path, p.A.path = p.Z.path[:len(p.Z.path)-2], p.A.path[:len(p.A.path)-2] // elements pair when their containers do
	}
	if p.Z == p.A || !p.Same && p.Z.path == p.A.path && h.oneValue(p.Z.root, p.A.root) || len(h.pairs.list) >= maxPairs {
		return false // no value is an activation of itself: t.data beside the receiver's data, a recursive type's two names for one object
	}
	if p.Same && p.Z.String() > p.A.String() {
		p.Z, p.A = p.A, p.Z // one order for an equality
	}
	k := pairKey{p.Z, p.A, p.Off, p.Same}
	if q, ok := h.pairs.byKey[k]; ok {
		q.packed = q.packed || p.packed
		if p.stored && !q.stored {
			q.Evidence, q.at, q.stored = p.Evidence, p.at, true // say where A was stored
		}
		if q.Kind|p.Kind != q.Kind {
			q.Kind |= p.Kind
			if p.Dispatch != q.Dispatch {
				q.Dispatch = ""
			}
		}
		return false
	}
	h.pairs.byKey[k] = p
	h.pairs.list = append(h.pairs.list, p)
	if p.Same {
		h.pairs.sameAt[p.Z.root] = append(h.pairs.sameAt[p.Z.root], p)
		if p.A.root != p.Z.root {
			h.pairs.sameAt[p.A.root] = append(h.pairs.sameAt[p.A.root], p)
		}
	} else {
		h.pairs.byZ[p.Z.root] = append(h.pairs.byZ[p.Z.root], p)
		h.pairs.byA[p.A.root] = append(h.pairs.byA[p.A.root], p)
	}
	h.pairs.queue = append(h.pairs.queue, p)
	return true
}

// entry is a value with one of its names.
type entry struct {
	val ssa.Value // class representative
	n   name
}

// indexNames lists, per root, every value named under it.
func (h *holds) indexNames() {
	h.byRoot = map[root][]entry{}
	h.byPlace = map[Loc][]entry{}
	seen := map[ssa.Value]bool{}
	for _, v := range h.all {
		r := h.cls.find(v)
		if seen[r] || !interesting(r) {
			continue
		}
		seen[r] = true
		for _, n := range h.namesOf(r) {
			h.byRoot[n.loc.root] = append(h.byRoot[n.loc.root], entry{r, n})
			h.byPlace[n.loc] = append(h.byPlace[n.loc], entry{r, n})
		}
	}
}

// under splits a path below loc: the rest, when path is loc's path or
// continues it by whole steps.
func under(path, prefix string) (string, bool) {
	if !strings.HasPrefix(path, prefix) {
		return "", false
	}
	rest := path[len(prefix):]
	if rest != "" && rest[0] != '.' && rest[0] != '[' {
		return "", false
	}
	return rest, true
}

// propagate runs the queue: each pair relates the values its places name,
// and related values pair their other places.
func (h *holds) propagate() {
	for len(h.pairs.queue) > 0 {
		p := h.pairs.queue[0]
		h.pairs.queue = h.pairs.queue[1:]
		if p.Same {
			h.substituteAll(p)
			continue
		}
		h.substitute(p)
		h.relatePlaces(p)
		for _, ez := range h.byRoot[p.Z.root] {
			restZ, ok := under(ez.n.loc.path, p.Z.path)
			if !ok || ez.n.partial {
				continue // a dispatcher's result is this value on one path only
			}
			// A's places below the pair's by the same steps as Z's.
			for _, ea := range h.byPlace[Loc{root: p.A.root, path: p.A.path + restZ}] {
				if ea.n.partial || !h.sameFunc(ez.val, ea.val) {
					continue
				}
				if off, ok := matches(p, ez.n.idx, ea.n.idx, wildcards(p.Z.path)); ok {
					h.relate(ez.val, ea.val, off, p)
				}
			}
		}
	}
}

// matches reports whether A's indices follow Z's as the pair says: those
// of the pair's own places equal, the first below shifted by Off, the rest
// equal. It returns the offset left between the two values themselves
// (when no index below takes it).
func matches(p *Pair, iz, ia []index, w int) (int64, bool) {
	if len(iz) != len(ia) || len(iz) < w {
		return 0, false
	}
	if _, _, _, ok := align(iz[:w], ia[:w]); !ok {
		return 0, false
	}
	if off, at, _, ok := align(iz[:w], ia[:w]); !ok || at >= 0 || off != 0 {
		return 0, false
	}
	rz, ra := iz[w:], ia[w:]
	if len(rz) == 0 {
		return p.Off, true
	}
	off, at, lockstep, ok := align(rz, ra)
	switch {
	case !ok:
		return 0, false
	case lockstep && p.Lockstep && at < 0:
		return 0, true // counted from the end, appended side by side
	case at == 0 && off == p.Off || at < 0 && p.Off == 0:
		return 0, true
	}
	return 0, false
}

// relate pairs every place of vz with every place of va whose indices
// align (va = act(vz), off further down).
func (h *holds) relate(vz, va ssa.Value, off int64, p *Pair) {
	if vz == va {
		return
	}
	key := relKey{vz, va, off}
	if h.related[key] != nil {
		return
	}
	h.related[key] = p
	// A fresh container stored before it is filled (l.a = NewDense(…);
	// l.a.Apply(act, z)) is no evidence of where A is stored.
	h.relateNames(h.namesOf(vz), h.namesOf(va), off, p, h.empty(va))
}

// relatePlaces relates the places a pair between two places of one
// function's values names, when no value was read from them: a callee
// says its result is act(n.z), and the caller never reads n.z itself.
func (h *holds) relatePlaces(p *Pair) {
	if p.Z.root.kind != rootLocal || p.A.root.kind != rootLocal || p.Z.path == "" && p.A.path == "" ||
		wildcards(p.Z.path)+wildcards(p.A.path) > 0 || !h.sameFunc(p.Z.root.val, p.A.root.val) {
		return
	}
	h.relateNames(h.placeNames(p.Z), h.placeNames(p.A), p.Off, p, false)
}

// placeNames lists the names of a place below a value: n.z for the
// neuron n is also l.Neurons[i].z, and field z of any Neuron.
func (h *holds) placeNames(l Loc) []name {
	ns := h.namesOf(l.root.val)
	for _, st := range steps(l.path) {
		owner := ns
		ns = ext(ns, st, nil)
		if st[0] == '.' && !strings.HasSuffix(st, ")") && len(owner) > 0 {
			if f := fieldNamed(l.root.val.Type(), st[1:]); f != nil && st == l.path {
				ns = append(ns, name{loc: Loc{root: root{kind: rootField, obj: f}}, owner: l.root.val})
			}
		}
		if strings.HasSuffix(st, "()") && st == l.path && len(owner) > 0 {
			// n.in() for the neuron n is also in() of any Neuron, as
			// when the call is made in this function
			if m := h.pureMethodNamed(l.root.val.Type(), strings.TrimSuffix(st[1:], "()")); m != nil {
				ns = append(ns, name{loc: Loc{root: root{kind: rootMethod, obj: m}}, owner: l.root.val})
			}
		}
	}
	return ns
}

// pureMethodNamed returns t's method called name, when it is one of the
// package's pure methods.
func (h *holds) pureMethodNamed(t types.Type, name string) *types.Func {
	obj, _, _ := types.LookupFieldOrMethod(t, true, h.pass.Pkg, name)
	m, ok := obj.(*types.Func)
	if !ok || !h.sums.IsPure(m) {
		return nil
	}
	return m
}

// fieldNamed returns the field of the struct t (or *t) called name.
func fieldNamed(t types.Type, name string) *types.Var {
	st, ok := deref(t).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			return st.Field(i)
		}
	}
	return nil
}

// relateNames pairs names of two related places, where their indices
// align; the stores that named A are the evidence, unless A was stored
// empty.
func (h *holds) relateNames(nzs, nas []name, off int64, p *Pair, emptyA bool) {
	for _, nz := range nzs {
		for _, na := range nas {
			if !p.Same && h.misaligned(nz, na) {
				// gates[n+k] beside f[k]: the container packs several
				// arguments at offsets; its pairs say which activations
				// were stored, not which element is whose.
				h.markPacked(nz)
				zc, ac := strings.TrimSuffix(nz.loc.path, "[]"), strings.TrimSuffix(na.loc.path, "[]")
				if strings.HasSuffix(na.loc.path, "[]") && wildcards(zc) == wildcards(ac) && na.at != nil {
					h.addPair(&Pair{Z: Loc{root: nz.loc.root, path: zc}, A: Loc{root: na.loc.root, path: ac}, Kind: p.Kind, Dispatch: p.Dispatch,
						Evidence: h.evidence(na.at, "assigned"), at: na.at.Pos(), stored: true, packed: true})
				}
			}
			if q, ok := derive(nz, na, off, p); ok {
				if q.Off != 0 && na.how == "appended" && na.at != nil {
					// Nielsen's layout: as starts with the input, zs does not.
					q.Evidence = h.where(fmt.Sprintf("appended beside %s by %s", h.nameOf(q.Z), funcName(na.at.Parent())), na.at.Pos()) +
						fmt.Sprintf(", after the %d element(s) it starts with", q.Off)
					q.at = na.at.Pos()
					q.stored = true
				} else if emptyA || p.fill && na.at != nil && na.at.Pos() < p.at {
					q.stored = true // l.a = NewDense(…); l.a.Apply(act, z): the fill is where A is stored
				} else if na.at != nil {
					how := na.how
					if p.seed && (how == "stored" || how == "assigned") {
						how = "assigned" // the activation itself is what is stored
					}
					q.Evidence = h.evidence(na.at, how)
					q.at = na.at.Pos()
					q.stored = true
				}
				h.addPair(q)
			}
		}
	}
}

type relKey struct {
	z, a ssa.Value
	off  int64
}

// derive makes the pair two aligned names of related values give, cut to
// the places above their common steps.
func derive(nz, na name, offRel int64, p *Pair) (*Pair, bool) {
	off, at, lockstep, ok := align(nz.idx, na.idx)
	if !ok || off != 0 && offRel != 0 {
		return nil, false
	}
	zs, as := steps(nz.loc.path), steps(na.loc.path)
	q := &Pair{Kind: p.Kind, Dispatch: p.Dispatch, Evidence: p.Evidence, at: p.at, Lockstep: p.Lockstep || lockstep, packed: p.packed}
	if nz.partial || na.partial {
		if p.Same {
			return nil, false // a result that is this value on one path only
		}
		q.Kind |= actsummary.OtherKind // a dispatcher's result: this activation, or another
	}
	switch {
	case off != 0:
		// Cut before the wildcard that differs; the steps below must agree.
		cz, ca := cutAt(zs, at), cutAt(as, at)
		if cz < 0 || ca < 0 || strings.Join(zs[cz:], "") != strings.Join(as[ca:], "") {
			return nil, false
		}
		zs, as = zs[:cz], as[:ca]
		q.Off = off
	case offRel != 0:
		q.Off = offRel
	default:
		// Elements pair when their containers do (l.z[i] and l.out[i]:
		// l.z and l.out); a common field does not (x.v and out.v say
		// nothing of x.g and out.g).
		for len(zs) > 0 && len(as) > 0 && zs[len(zs)-1] == "[]" && as[len(as)-1] == "[]" {
			zs, as = zs[:len(zs)-1], as[:len(as)-1]
		}
	}
	if wildcards(strings.Join(zs, "")) != wildcards(strings.Join(as, "")) {
		return nil, false
	}
	q.Z = Loc{root: nz.loc.root, path: strings.Join(zs, "")}
	q.A = Loc{root: na.loc.root, path: strings.Join(as, "")}
	if sameField(q.Z, q.A) || sameField(q.A, q.Z) {
		return nil, false // field v of any node beside v of one node: two objects of one type, not a pair
	}
	return q, q.Z != q.A
}

// sameField reports whether a is a field of any value of its type (no
// steps) and b ends in that same field.
func sameField(a, b Loc) bool {
	return a.root.kind == rootField && a.path == "" && (b.root == a.root || strings.HasSuffix(b.path, "."+a.root.obj.Name()))
}

// cutAt returns the position of the step holding wildcard number w.
func cutAt(ss []string, w int) int {
	n := 0
	for i, s := range ss {
		if s == "[]" {
			if n == w {
				return i
			}
			n++
		}
	}
	return -1
}

// sameFunc reports whether two classes have a member in one function:
// only there do their indices mean the same.
func (h *holds) sameFunc(a, b ssa.Value) bool {
	fa := h.funcsOf(a)
	for f := range h.funcsOf(b) {
		if fa[f] {
			return true
		}
	}
	return false
}

func (h *holds) funcsOf(v ssa.Value) map[*ssa.Function]bool {
	if fs, ok := h.fnsOf[v]; ok {
		return fs
	}
	fs := map[*ssa.Function]bool{}
	for _, m := range h.cls.members[v] {
		if f := parentOf(m); f != nil {
			fs[f] = true
		}
	}
	h.fnsOf[v] = fs
	return fs
}

func parentOf(v ssa.Value) *ssa.Function {
	switch x := v.(type) {
	case ssa.Instruction:
		return x.Parent()
	case *ssa.Parameter:
		return x.Parent()
	case *ssa.FreeVar:
		return x.Parent()
	}
	return nil
}

// interesting reports whether a value can hold an activation or a
// pre-activation: a number, or a container, pointer or struct of them.
func interesting(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Builtin:
		return false
	}
	return mayHold(v.Type(), 0)
}

// where formats evidence with a position: "how at file.go:12".
func (h *holds) where(how string, pos token.Pos) string {
	if !pos.IsValid() {
		return how
	}
	p := h.pass.Fset.Position(pos)
	return fmt.Sprintf("%s at %s:%d", how, filepath.Base(p.Filename), p.Line)
}

// nameOf names a place for evidence: the variable a local value is in.
func (h *holds) nameOf(l Loc) string {
	if l.root.kind == rootLocal {
		for _, m := range h.cls.members[l.root.val] {
			if vs := h.vars[m]; len(vs) > 0 {
				return vs[0].Name() + l.path
			}
		}
	}
	return l.String()
}

// substitute rewrites an activation pair through the equalities known at
// its places: act(Z) at A, Z the same as Z', gives act(Z') at A.
func (h *holds) substitute(p *Pair) {
	for _, side := range []bool{true, false} {
		l := p.A
		if side {
			l = p.Z
		}
		for _, s := range h.pairs.sameAt[l.root] {
			h.through(p, s, side)
		}
	}
}

// substituteAll applies a new equality to the pairs known at its places.
func (h *holds) substituteAll(s *Pair) {
	for _, r := range []root{s.Z.root, s.A.root} {
		for _, p := range h.pairs.byZ[r] {
			h.through(p, s, true)
		}
		for _, p := range h.pairs.byA[r] {
			h.through(p, s, false)
		}
	}
}

// through rewrites p's Z (or A) side when it lies under one side of the
// equality s, to the same steps under s's other side.
func (h *holds) through(p, s *Pair, zSide bool) {
	l := p.A
	if zSide {
		l = p.Z
	}
	for _, ends := range [][2]Loc{{s.Z, s.A}, {s.A, s.Z}} {
		from, to := ends[0], ends[1]
		if from.root != l.root {
			continue
		}
		rest, ok := under(l.path, from.path)
		if !ok {
			continue
		}
		q := *p
		q.seed = false
		if zSide {
			q.Z = Loc{root: to.root, path: to.path + rest}
		} else {
			q.A = Loc{root: to.root, path: to.path + rest}
		}
		if wildcards(q.Z.path) == wildcards(q.A.path) && len(steps(q.Z.path)) <= maxSteps+2 && len(steps(q.A.path)) <= maxSteps+2 {
			h.addPair(&q)
		}
	}
}

// oneValue reports whether two roots name one SSA value: a parameter by its
// function, by itself, and as a closure's captured variable.
func (h *holds) oneValue(a, b root) bool {
	va, vb := h.rootValue(a), h.rootValue(b)
	return va != nil && vb != nil && h.cls.find(h.captured(va)) == h.cls.find(h.captured(vb))
}

// captured sees through a variable a closure captures by reference to the
// one value stored in it.
func (h *holds) captured(v ssa.Value) ssa.Value {
	if s, ok := soleStore(h.bindingOf(v)); ok {
		return s
	}
	return v
}

// rootValue is the value a local or parameter root names.
func (h *holds) rootValue(r root) ssa.Value {
	switch r.kind {
	case rootLocal:
		return r.val
	case rootParam:
		if fn, ok := r.obj.(*types.Func); ok {
			if f := h.prog.FuncValue(fn); f != nil && r.n < len(f.Params) {
				return f.Params[r.n]
			}
		}
	}
	return nil
}

// misaligned reports whether an activation's argument is an element at
// its value's index plus a non-constant offset, the other indices the
// same: an LSTM's gates[n+k] for the forget gate's f[k].
func (h *holds) misaligned(nz, na name) bool {
	n := len(nz.idx)
	if n == 0 || n != len(na.idx) || !strings.HasSuffix(nz.loc.path, "[]") || !strings.HasSuffix(na.loc.path, "[]") {
		return false
	}
	if _, _, _, ok := align(nz.idx[:n-1], na.idx[:n-1]); !ok {
		return false
	}
	z, a := nz.idx[n-1], na.idx[n-1]
	if len(z.vals) != 1 || len(a.vals) != 1 || z.c != 0 || a.c != 0 || z.end || a.end || z.bound != nil || a.bound != nil {
		return false
	}
	b, ok := z.vals[0].(*ssa.BinOp)
	if !ok || b.Op != token.ADD {
		return false
	}
	k := h.cls.find(a.vals[0])
	_, xConst := constIndex(b.X)
	_, yConst := constIndex(b.Y)
	return h.cls.find(b.Y) == k && !xConst || h.cls.find(b.X) == k && !yConst
}

// markPacked records the container of an element read at such an index.
func (h *holds) markPacked(nz name) {
	if h.packed == nil {
		h.packed = map[Loc]bool{}
	}
	h.packed[Loc{root: nz.loc.root, path: strings.TrimSuffix(nz.loc.path, "[]")}] = true
}
