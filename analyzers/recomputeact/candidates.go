package recomputeact

// Finding the container that holds a site's activation: evidence first,
// then names.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"
)

// compatible reports whether a container holding p's activation answers
// the site: the same activation; exp(-z) recomputed for a sigmoid or an
// exp; an activation among a dispatcher's choices; or, for a call through
// an interface or func table with several implementations, A stored
// through the same dispatch and one of the same activations.
func compatible(p pair, s site) bool {
	k := p.kind
	switch {
	case s.neg:
		return s.kind == expKind && (k == sigmoidKind || k == expKind)
	case s.kind.single():
		return k == s.kind || !k.single() && k&s.kind != 0
	}
	return !k.single() && p.dispatch == s.dispatch && k&s.kind&^otherKind != 0
}

// candidate is a container that may hold Z's activation; via is the root
// its text is built from (an alias's definition when it goes through one).
type candidate struct {
	p    pair
	via  root
	text string // A as the fix writes it, when via does not say (out.v)
}

// candidates lists the containers holding act(Z) for Z's root: by evidence
// (here or in facts), through a local alias (Z1 := cache["Z1"]), and only
// when there is no evidence at all, by name.
// The container the site itself defines is not a candidate.
func (a *checker) candidates(zr root, s site, defines ref) []candidate {
	var cs []candidate
	add := func(ps []pair, via root) {
		for _, p := range ps {
			if p.a != defines {
				cs = append(cs, candidate{p: p, via: via})
			}
		}
	}
	add(a.evidencePairs(zr), zr)
	if zr.ref.kind == refVar {
		if def, ok := a.varDef[zr.ref.obj.(*types.Var)]; ok {
			// Z1 := cache["Z1"], or z := zs[len(zs)-l]: an element reached by index.
			if dr, ok := a.rootOf(def); ok && (!dr.elem || dr.index != nil && dr.bound == nil) {
				add(a.evidencePairs(dr), dr)
			}
		}
	}
	if len(cs) == 0 && naming {
		if p, ok := a.namePair(zr, s); ok {
			cs = append(cs, candidate{p: p, via: zr})
		}
	}
	return cs
}

func (a *checker) evidencePairs(zr root) []pair {
	if ps := a.pairs[zr.ref]; len(ps) > 0 {
		return ps
	}
	switch zr.ref.kind {
	case refField:
		var f fieldPairFact
		sel, ok := zr.expr.(*ast.SelectorExpr)
		if !ok || zr.ref.obj.Pkg() == a.pass.Pkg || !a.pass.ImportObjectFact(zr.ref.obj, &f) {
			return nil
		}
		obj, _, _ := types.LookupFieldOrMethod(a.info.TypeOf(sel.X), true, zr.ref.obj.Pkg(), f.A)
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			return []pair{{a: ref{kind: refField, obj: v}, kind: f.Kind, evidence: f.Evidence, dispatch: f.Dispatch}}
		}
	case refKey:
		var ps []pair
		for _, pf := range a.pass.AllPackageFacts() {
			mp, ok := pf.Fact.(*mapPairsFact)
			if !ok {
				continue
			}
			for _, m := range mp.Pairs {
				if m.MapType == zr.ref.mapType && m.Z == zr.ref.key {
					ps = append(ps, pair{a: ref{kind: refKey, mapType: m.MapType, key: m.A}, kind: m.Kind, evidence: m.Evidence})
				}
			}
		}
		return ps
	}
	return nil
}

// namePair pairs Z with an A named like it (Z1↔A1, z↔a, zs↔as, preact↔act)
// unless the code says otherwise: A assigned something that is not an
// activation, or A being the activation of another container.
func (a *checker) namePair(zr root, s site) (pair, bool) {
	for _, cand := range nameCandidates(zr.ref.name()) {
		var ar ref
		switch zr.ref.kind {
		case refVar:
			obj := a.lookup(cand, zr.expr.Pos())
			v, ok := obj.(*types.Var)
			if !ok || !types.Identical(v.Type(), zr.ref.obj.Type()) {
				continue
			}
			ar = ref{kind: refVar, obj: v}
		case refField:
			sel := zr.expr.(*ast.SelectorExpr)
			obj, _, _ := types.LookupFieldOrMethod(a.info.TypeOf(sel.X), true, zr.ref.obj.Pkg(), cand)
			v, ok := obj.(*types.Var)
			if !ok || !v.IsField() || !types.Identical(v.Type(), zr.ref.obj.Type()) {
				continue
			}
			ar = ref{kind: refField, obj: v}
		case refKey:
			if !a.keysSeen[zr.ref.mapType][cand] {
				continue
			}
			ar = ref{kind: refKey, mapType: zr.ref.mapType, key: cand}
		}
		if a.counter[ar] || a.storedFromNonActivation(ar) || a.isActivationOfOther(ar, zr.ref) {
			continue
		}
		return pair{a: ar, kind: s.kind, evidence: "paired by name", byName: true}, true
	}
	return pair{}, false
}

func (a *checker) isActivationOfOther(ar, z ref) bool {
	for z2, ps := range a.pairs {
		for _, p := range ps {
			if p.a == ar && z2 != z {
				return true
			}
		}
	}
	return false
}

// storedFromNonActivation reports whether the code stores into ar a value
// that is no activation of anything (l.a = input): then its name lies.
func (a *checker) storedFromNonActivation(ar ref) bool {
	for _, src := range a.stores[ar] {
		isAct := false
		for _, ps := range a.pairs {
			for _, p := range ps {
				isAct = isAct || p.a == src
			}
		}
		if !isAct {
			return true
		}
	}
	return false
}

// nameCandidates lists the names an activation of a container named n may
// have: Z1→A1, z→a, zs→as, zHidden→aHidden, preact→act/activation.
func nameCandidates(n string) []string {
	var out []string
	if n == "" {
		return nil
	}
	if n[0] == 'z' || n[0] == 'Z' {
		rest := n[1:]
		r, _ := firstRune(rest)
		if rest == "" || rest == "s" || unicode.IsDigit(r) || unicode.IsUpper(r) || r == '_' {
			out = append(out, string(n[0]-'z'+'a')+rest)
		}
	}
	lower := strings.ToLower(n)
	if i := strings.Index(lower, "preact"); i >= 0 {
		c := n[:i] + n[i+3:]
		if i == 0 {
			c = strings.ToLower(c[:1]) + c[1:]
		}
		out = append(out, c)
		if strings.EqualFold(c[i:], "act") {
			out = append(out, c[:i]+c[i:i+1]+"ctivation")
		}
	}
	return out
}

func firstRune(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// activationText names A's container at pos the way the fix will write it:
// the variable, base.field, or m["A1"] — or a variable in scope that was
// read from it (A1 := cache["A1"]).
func (a *checker) activationText(via root, p pair, pos token.Pos) (string, bool) {
	switch p.a.kind {
	case refVar:
		if a.lookup(p.a.obj.Name(), pos) == p.a.obj {
			return p.a.obj.Name(), true
		}
		return "", false
	case refField:
		sel, ok := via.expr.(*ast.SelectorExpr)
		if !ok || !a.resolvesSame(sel.X, pos) {
			return "", false
		}
		return a.text(sel.X) + "." + p.a.obj.Name(), true
	case refKey:
		for v, def := range a.varDef {
			if r, ok := a.rootOf(def); ok && !r.elem && r.ref == p.a && a.lookup(v.Name(), pos) == v && v.Pos() < pos {
				return v.Name(), true
			}
		}
		ix, ok := via.expr.(*ast.IndexExpr)
		if !ok || !a.resolvesSame(ix.X, pos) {
			return "", false
		}
		key := strconv.Quote(p.a.key)
		if p.a.index {
			key = p.a.key // an array's index
		}
		return a.text(ix.X) + "[" + key + "]", true
	}
	return "", false
}
