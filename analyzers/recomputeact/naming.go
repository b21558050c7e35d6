package recomputeact

// The naming fallback: when nothing in the code says where A is, a
// container named like Z's activation (Z1↔A1, z↔a, zs↔as, preact↔act) is
// taken for it, unless the code says what it holds.

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
	"unicode"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// namePair finds the container named like Z's activation, and its text.
func (a *checker) namePair(zr actsummary.Root, s actsummary.Site) (actholds.Held, string, bool) {
	held := actholds.Held{Kind: s.Kind, Evidence: "paired by name"}
	for _, cand := range nameCandidates(zr.Ref.Name()) {
		switch zr.Ref.Kind {
		case actsummary.RefVar:
			v, ok := a.src.Lookup(cand, zr.Expr.Pos()).(*types.Var)
			if !ok || !types.Identical(v.Type(), zr.Ref.Obj.Type()) || a.holds.Says(v, "", "") {
				continue
			}
			return held, cand, true
		case actsummary.RefField:
			sel := zr.Expr.(*ast.SelectorExpr)
			obj, _, _ := types.LookupFieldOrMethod(a.info.TypeOf(sel.X), true, zr.Ref.Obj.Pkg(), cand)
			v, ok := obj.(*types.Var)
			if !ok || !v.IsField() || !types.Identical(v.Type(), zr.Ref.Obj.Type()) || a.holds.Says(v, "", "") {
				continue
			}
			if !a.src.ResolvesSame(sel.X, s.Node.Pos()) {
				continue
			}
			return held, a.src.Of(sel.X) + "." + cand, true
		case actsummary.RefKey:
			ix, ok := zr.Expr.(*ast.IndexExpr)
			if !ok || !a.KeysSeen[zr.Ref.MapType][cand] || a.holds.Says(nil, zr.Ref.MapType, strconv.Quote(cand)) || !a.src.ResolvesSame(ix.X, s.Node.Pos()) {
				continue
			}
			return held, a.src.Of(ix.X) + "[" + strconv.Quote(cand) + "]", true
		}
	}
	return actholds.Held{}, "", false
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
