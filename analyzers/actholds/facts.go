package actholds

// Facts: what importers need of this package's pairs. Pairs between fields
// go on the field, pairs between map keys and array slots on the package,
// and a function's summary (where it places its parameters and results,
// and the pairs between them) on the function.

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/objectpath"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// LocFact is a place in a fact: its root's object by package and object
// path, or a map or array type and key, or a parameter or result index.
type LocFact struct {
	Kind      uint8
	Pkg, Obj  string
	Type, Key string
	N         int
	Path      string
}

// PairFact is a Pair in a fact.
type PairFact struct {
	Z, A     LocFact
	Kind     actsummary.Kind
	Off      int64
	Lockstep bool
	Same     bool
	Dispatch string
	Evidence string
}

// HeldFact is a place that holds an activation of something unknown.
type HeldFact struct {
	At       LocFact
	Kind     actsummary.Kind
	Dispatch string
	Evidence string
}

// FieldFact, on a field, lists the pairs and holdings rooted at it.
type FieldFact struct {
	Pairs []PairFact
	Held  []HeldFact
}

func (*FieldFact) AFact() {}
func (f *FieldFact) String() string {
	var parts []string
	for _, p := range f.Pairs {
		parts = append(parts, p.String())
	}
	for _, x := range f.Held {
		parts = append(parts, fmt.Sprintf("%s holds %s (%s)", x.At.short(), x.Kind, x.Evidence))
	}
	return strings.Join(parts, "; ")
}

// KeysFact, on a package, lists the pairs between constant map keys and
// array slots it learned.
type KeysFact struct {
	Pairs []PairFact
	Held  []HeldFact
}

func (*KeysFact) AFact() {}
func (f *KeysFact) String() string {
	var parts []string
	for _, p := range f.Pairs {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, "; ")
}

// PlacementFact is a placement in a fact.
type PlacementFact struct {
	At         LocFact
	OwnerParam int
}

// FuncFact, on a function, is its summary: where its results and
// parameters are placed, and the pairs between its parameters and results.
type FuncFact struct {
	Results, Params [][]PlacementFact
	Pairs           []PairFact
	Held            []HeldFact // results that hold an activation
}

func (*FuncFact) AFact() {}

// hasActivation reports whether the summary pairs or holds an activation.
func (f *FuncFact) hasActivation() bool {
	if len(f.Held) > 0 {
		return true
	}
	for _, p := range f.Pairs {
		if !p.Same {
			return true
		}
	}
	return false
}
func (f *FuncFact) String() string {
	var parts []string
	for i, ps := range f.Results {
		for _, p := range ps {
			parts = append(parts, fmt.Sprintf("result%d at %s", i, p.At.short()))
		}
	}
	for j, ps := range f.Params {
		for _, p := range ps {
			parts = append(parts, fmt.Sprintf("param%d at %s", j, p.At.short()))
		}
	}
	for _, p := range f.Pairs {
		parts = append(parts, p.String())
	}
	for _, x := range f.Held {
		parts = append(parts, fmt.Sprintf("%s holds %s (%s)", x.At.short(), x.Kind, x.Evidence))
	}
	return strings.Join(parts, "; ")
}

func (p PairFact) String() string {
	if p.Same {
		return fmt.Sprintf("%s = %s", p.A.short(), p.Z.short())
	}
	off := ""
	if p.Off != 0 {
		off = fmt.Sprintf("[+%d]", p.Off)
	}
	return fmt.Sprintf("%s%s = %s(%s) (%s)", p.A.short(), off, p.Kind, p.Z.short(), p.Evidence)
}

// short names a place for a fact's text: "out", `map[string]*Dense["A1"]`,
// "result1".
func (l LocFact) short() string {
	var s string
	switch rootKind(l.Kind) {
	case rootField, rootGlobal, rootMethod:
		s = l.Obj[strings.LastIndex(l.Obj, ".")+1:]
		if i := strings.LastIndexAny(s, "0123456789"); i == len(s)-1 {
			s = l.Obj // an object path ends in a field index, not a name
		}
	case rootKey:
		s = "[" + l.Key + "]"
	case rootSlot:
		s = "[" + l.Key + "]"
	case rootParam:
		s = fmt.Sprintf("param%d", l.N)
	case rootResult:
		s = fmt.Sprintf("result%d", l.N)
	}
	return s + l.Path
}

// encodeLoc writes a place for a fact; false when it cannot be (a local).
func (h *holds) encodeLoc(l Loc) (LocFact, bool) {
	r := l.root
	f := LocFact{Kind: uint8(r.kind), Type: r.typ, Key: r.key, N: r.n, Path: l.path}
	switch r.kind {
	case rootLocal:
		return LocFact{}, false
	case rootParam, rootResult:
		return f, true
	case rootKey, rootSlot:
		return f, true
	}
	if r.obj == nil || r.obj.Pkg() == nil {
		return LocFact{}, false
	}
	p, err := h.enc.For(r.obj)
	if err != nil {
		return LocFact{}, false
	}
	f.Pkg, f.Obj = r.obj.Pkg().Path(), string(p)
	if rootKind(f.Kind) == rootField || rootKind(f.Kind) == rootMethod {
		f.Obj = string(p) + "." + r.obj.Name() // readable in fact tests; decodeLoc strips it
	}
	return f, true
}

// decodeLoc reads a place from a fact; fn is the function a parameter or
// result belongs to.
func (h *holds) decodeLoc(f LocFact, fn *types.Func) (Loc, bool) {
	r := root{kind: rootKind(f.Kind), typ: f.Type, key: f.Key, n: f.N}
	switch r.kind {
	case rootParam, rootResult:
		if fn == nil {
			return Loc{}, false
		}
		r.obj = fn
	case rootKey, rootSlot:
	case rootField, rootGlobal, rootMethod:
		pkg := h.pkgByPath()[f.Pkg]
		if pkg == nil {
			return Loc{}, false
		}
		path := f.Obj
		if r.kind != rootGlobal {
			path = path[:strings.LastIndex(path, ".")]
		}
		obj, err := objectpath.Object(pkg, objectpath.Path(path))
		if err != nil {
			return Loc{}, false
		}
		r.obj = obj
	default:
		return Loc{}, false
	}
	return Loc{root: r, path: f.Path}, true
}

// pkgByPath maps the paths of every package this one imports, directly or
// not, to the packages.
func (h *holds) pkgByPath() map[string]*types.Package {
	if h.pkgs != nil {
		return h.pkgs
	}
	h.pkgs = map[string]*types.Package{h.pass.Pkg.Path(): h.pass.Pkg}
	var add func([]*types.Package)
	add = func(ps []*types.Package) {
		for _, p := range ps {
			if h.pkgs[p.Path()] == nil {
				h.pkgs[p.Path()] = p
				add(p.Imports())
			}
		}
	}
	add(h.pass.Pkg.Imports())
	return h.pkgs
}

func (h *holds) encodePair(p *Pair) (PairFact, bool) {
	z, ok1 := h.encodeLoc(p.Z)
	a, ok2 := h.encodeLoc(p.A)
	return PairFact{Z: z, A: a, Kind: p.Kind, Off: p.Off, Lockstep: p.Lockstep, Same: p.Same, Dispatch: p.Dispatch, Evidence: p.Evidence}, ok1 && ok2
}

func (h *holds) decodePair(f PairFact, fn *types.Func) (*Pair, bool) {
	z, ok1 := h.decodeLoc(f.Z, fn)
	a, ok2 := h.decodeLoc(f.A, fn)
	return &Pair{Z: z, A: a, Kind: f.Kind, Off: f.Off, Lockstep: f.Lockstep, Same: f.Same, Dispatch: f.Dispatch, Evidence: f.Evidence}, ok1 && ok2
}

// export writes the facts importers need.
func (h *holds) export() {
	fields := map[*types.Var]*FieldFact{}
	fieldOf := func(r root) *types.Var {
		if v, ok := r.obj.(*types.Var); ok && r.kind == rootField && v.Pkg() == h.pass.Pkg {
			return v
		}
		return nil
	}
	var keys KeysFact
	for _, p := range h.pairs.list {
		if !p.Z.root.abstract() || !p.A.root.abstract() {
			continue
		}
		pf, ok := h.encodePair(p)
		if !ok {
			continue
		}
		switch {
		case fieldOf(p.Z.root) != nil:
			f := fieldOf(p.Z.root)
			if fields[f] == nil {
				fields[f] = new(FieldFact)
			}
			fields[f].Pairs = append(fields[f].Pairs, pf)
		case p.Z.root.kind == rootKey || p.Z.root.kind == rootSlot:
			keys.Pairs = append(keys.Pairs, pf)
		}
	}
	for l, hs := range h.holder {
		at, ok := h.encodeLoc(l)
		if !ok {
			continue
		}
		for _, x := range hs {
			hf := HeldFact{At: at, Kind: x.kind, Dispatch: x.dispatch, Evidence: x.evidence}
			switch {
			case fieldOf(l.root) != nil:
				f := fieldOf(l.root)
				if fields[f] == nil {
					fields[f] = new(FieldFact)
				}
				fields[f].Held = append(fields[f].Held, hf)
			case l.root.kind == rootKey || l.root.kind == rootSlot:
				keys.Held = append(keys.Held, hf)
			}
		}
	}
	for f, ff := range fields {
		sortFacts(ff.Pairs, ff.Held)
		h.pass.ExportObjectFact(f, ff)
	}
	if len(keys.Pairs)+len(keys.Held) > 0 {
		sortFacts(keys.Pairs, keys.Held)
		h.pass.ExportPackageFact(&keys)
	}
	for _, f := range h.fns {
		fn := declared(f)
		if fn == nil || !fn.Exported() && fn.Signature().Recv() == nil {
			continue // a literal, or only this package calls it
		}
		if ff := h.funcFact(fn); ff != nil {
			h.pass.ExportObjectFact(fn, ff)
		}
	}
}

func sortFacts(ps []PairFact, hs []HeldFact) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].String() < ps[j].String() })
	sort.Slice(hs, func(i, j int) bool {
		return hs[i].At.short()+hs[i].Evidence < hs[j].At.short()+hs[j].Evidence
	})
}

// funcFact encodes fn's summary and own pairs; nil when it has none.
func (h *holds) funcFact(fn *types.Func) *FuncFact {
	s := h.summaryOf(fn)
	ff := &FuncFact{}
	some := false
	enc := func(pss [][]placement) [][]PlacementFact {
		out := make([][]PlacementFact, len(pss))
		for i, ps := range pss {
			for _, p := range ps {
				if l, ok := h.encodeLoc(p.loc); ok {
					out[i] = append(out[i], PlacementFact{At: l, OwnerParam: p.ownerParam})
					some = true
				}
			}
		}
		return out
	}
	if s != nil {
		ff.Results, ff.Params = enc(s.results), enc(s.params)
	}
	for _, p := range h.calleePairs(fn) {
		if pf, ok := h.encodePair(p); ok {
			ff.Pairs = append(ff.Pairs, pf)
			some = true
		}
	}
	for l, hs := range h.holder {
		if l.root.kind != rootResult || l.root.obj != fn {
			continue
		}
		at, _ := h.encodeLoc(l)
		for _, x := range hs {
			ff.Held = append(ff.Held, HeldFact{At: at, Kind: x.kind, Dispatch: x.dispatch, Evidence: x.evidence})
			some = true
		}
	}
	if !some {
		return nil
	}
	sortFacts(ff.Pairs, ff.Held)
	return ff
}

// importedFact returns another package's fact on fn, cached.
func (h *holds) importedFact(fn *types.Func) *FuncFact {
	if f, ok := h.imports[fn]; ok {
		return f
	}
	f := new(FuncFact)
	if !h.pass.ImportObjectFact(fn, f) {
		f = nil
	}
	h.imports[fn] = f
	return f
}

// importedSummary is summaryOf for another package's function.
func (h *holds) importedSummary(fn *types.Func) *funcSummary {
	f := h.importedFact(fn)
	if f == nil {
		return nil
	}
	dec := func(pss [][]PlacementFact) [][]placement {
		out := make([][]placement, len(pss))
		for i, ps := range pss {
			for _, p := range ps {
				if l, ok := h.decodeLoc(p.At, fn); ok {
					out[i] = append(out[i], placement{loc: l, ownerParam: p.OwnerParam})
				}
			}
		}
		return out
	}
	return &funcSummary{results: dec(f.Results), params: dec(f.Params)}
}

// importedPairs is calleePairs for another package's function.
func (h *holds) importedPairs(fn *types.Func) []*Pair {
	f := h.importedFact(fn)
	if f == nil {
		return nil
	}
	var ps []*Pair
	for _, pf := range f.Pairs {
		if p, ok := h.decodePair(pf, fn); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// importAbstract adds the pairs and holdings other packages learned about
// the abstract roots this package names: fields of theirs, and map keys.
func (h *holds) importAbstract() {
	for r := range h.byRoot {
		f, ok := r.obj.(*types.Var)
		if r.kind != rootField || !ok || f.Pkg() == h.pass.Pkg || f.Pkg() == nil {
			continue
		}
		var ff FieldFact
		if !h.pass.ImportObjectFact(f, &ff) {
			continue
		}
		h.addImported(ff.Pairs, ff.Held)
	}
	for _, pf := range h.pass.AllPackageFacts() {
		if kf, ok := pf.Fact.(*KeysFact); ok && pf.Package != h.pass.Pkg {
			h.addImported(kf.Pairs, kf.Held)
		}
	}
}

func (h *holds) addImported(ps []PairFact, hs []HeldFact) {
	for _, pf := range ps {
		if p, ok := h.decodePair(pf, nil); ok {
			h.addPair(p)
		}
	}
	for _, hf := range hs {
		if l, ok := h.decodeLoc(hf.At, nil); ok {
			h.holder[l] = appendHeld(h.holder[l], held{hf.Kind, hf.Dispatch, hf.Evidence})
		}
	}
}
