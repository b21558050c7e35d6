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

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// compatible reports whether a container holding p's activation answers
// the site: the same activation; exp(-z) recomputed for a sigmoid or an
// exp; an activation among a dispatcher's choices; or, for a call through
// an interface or func table with several implementations, A stored
// through the same dispatch and one of the same activations.
func compatible(p pair, s actsummary.Site) bool {
	k := p.Kind
	switch {
	case s.Neg:
		return s.Kind == actsummary.ExpKind && (k == actsummary.SigmoidKind || k == actsummary.ExpKind)
	case s.Kind.Single():
		return k == s.Kind || !k.Single() && k&s.Kind != 0
	}
	return !k.Single() && p.Dispatch == s.Dispatch && k&s.Kind&^actsummary.OtherKind != 0
}

// candidate is a container that may hold Z's activation; via is the root
// its text is built from (an alias's definition when it goes through one).
type candidate struct {
	p    pair
	via  actsummary.Root
	text string // A as the fix writes it, when via does not say (out.v)
}

// candidates lists the containers holding act(Z) for Z's root: by evidence
// (here or in facts), through a local alias (Z1 := cache["Z1"]), and only
// when there is no evidence at all, by name.
// The container the site itself defines is not a candidate.
func (a *checker) candidates(zr actsummary.Root, s actsummary.Site, defines actsummary.Ref) []candidate {
	var cs []candidate
	add := func(ps []pair, via actsummary.Root) {
		for _, p := range ps {
			if p.a != defines {
				cs = append(cs, candidate{p: p, via: via})
			}
		}
	}
	add(a.evidencePairs(zr), zr)
	if zr.Ref.Kind == actsummary.RefVar {
		if def, ok := a.VarDef[zr.Ref.Obj.(*types.Var)]; ok {
			// Z1 := cache["Z1"], or z := zs[len(zs)-l]: an element reached by index.
			if dr, ok := a.RootOf(def); ok && (!dr.Elem || dr.Index != nil && dr.Bound == nil) {
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

func (a *checker) evidencePairs(zr actsummary.Root) []pair {
	if ps := a.pairs[zr.Ref]; len(ps) > 0 {
		return ps
	}
	switch zr.Ref.Kind {
	case actsummary.RefField:
		var f fieldPairFact
		sel, ok := zr.Expr.(*ast.SelectorExpr)
		if !ok || zr.Ref.Obj.Pkg() == a.pass.Pkg || !a.pass.ImportObjectFact(zr.Ref.Obj, &f) {
			return nil
		}
		obj, _, _ := types.LookupFieldOrMethod(a.info.TypeOf(sel.X), true, zr.Ref.Obj.Pkg(), f.A)
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			return []pair{{a: actsummary.Ref{Kind: actsummary.RefField, Obj: v}, Kind: f.Kind, evidence: f.Evidence, Dispatch: f.Dispatch}}
		}
	case actsummary.RefKey:
		var ps []pair
		for _, pf := range a.pass.AllPackageFacts() {
			mp, ok := pf.Fact.(*mapPairsFact)
			if !ok {
				continue
			}
			for _, m := range mp.Pairs {
				if m.MapType == zr.Ref.MapType && m.Z == zr.Ref.Key {
					ps = append(ps, pair{a: actsummary.Ref{Kind: actsummary.RefKey, MapType: m.MapType, Key: m.A}, Kind: m.Kind, evidence: m.Evidence})
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
func (a *checker) namePair(zr actsummary.Root, s actsummary.Site) (pair, bool) {
	for _, cand := range nameCandidates(zr.Ref.Name()) {
		var ar actsummary.Ref
		switch zr.Ref.Kind {
		case actsummary.RefVar:
			obj := a.lookup(cand, zr.Expr.Pos())
			v, ok := obj.(*types.Var)
			if !ok || !types.Identical(v.Type(), zr.Ref.Obj.Type()) {
				continue
			}
			ar = actsummary.Ref{Kind: actsummary.RefVar, Obj: v}
		case actsummary.RefField:
			sel := zr.Expr.(*ast.SelectorExpr)
			obj, _, _ := types.LookupFieldOrMethod(a.info.TypeOf(sel.X), true, zr.Ref.Obj.Pkg(), cand)
			v, ok := obj.(*types.Var)
			if !ok || !v.IsField() || !types.Identical(v.Type(), zr.Ref.Obj.Type()) {
				continue
			}
			ar = actsummary.Ref{Kind: actsummary.RefField, Obj: v}
		case actsummary.RefKey:
			if !a.KeysSeen[zr.Ref.MapType][cand] {
				continue
			}
			ar = actsummary.Ref{Kind: actsummary.RefKey, MapType: zr.Ref.MapType, Key: cand}
		default:
			continue // a pure method: only evidence pairs it
		}
		if a.counter[ar] || a.storedFromNonActivation(ar) || a.isActivationOfOther(ar, zr.Ref) {
			continue
		}
		return pair{a: ar, Kind: s.Kind, evidence: "paired by name", byName: true}, true
	}
	return pair{}, false
}

func (a *checker) isActivationOfOther(ar, z actsummary.Ref) bool {
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
func (a *checker) storedFromNonActivation(ar actsummary.Ref) bool {
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
func (a *checker) activationText(via actsummary.Root, p pair, pos token.Pos) (string, bool) {
	switch p.a.Kind {
	case actsummary.RefVar:
		if a.lookup(p.a.Obj.Name(), pos) == p.a.Obj {
			return p.a.Obj.Name(), true
		}
		return "", false
	case actsummary.RefField:
		x, ok := via.Owner()
		if !ok || !a.resolvesSame(x, pos) {
			return "", false
		}
		return a.text(x) + "." + p.a.Obj.Name(), true
	case actsummary.RefKey:
		for v, def := range a.VarDef {
			if r, ok := a.RootOf(def); ok && !r.Elem && r.Ref == p.a && a.lookup(v.Name(), pos) == v && v.Pos() < pos {
				return v.Name(), true
			}
		}
		ix, ok := via.Expr.(*ast.IndexExpr)
		if !ok || !a.resolvesSame(ix.X, pos) {
			return "", false
		}
		key := strconv.Quote(p.a.Key)
		if p.a.Index {
			key = p.a.Key // an array's index
		}
		return a.text(ix.X) + "[" + key + "]", true
	}
	return "", false
}
