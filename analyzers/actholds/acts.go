package actholds

// Activations: the SSA values (and the containers an applier fills) that
// are act(z), recognized by actsummary's sites on the syntax they come
// from. Each gives the first pair, between z and the value itself.

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// act is one recognized activation: a = act(z) in fn.
type act struct {
	site  actsummary.Site
	z, a  ssa.Value
	fn    *ssa.Function
	instr ssa.Instruction
	// inPlace: a is z itself, overwritten with its activation
	inPlace bool
}

// siteOf returns actsummary's site for an SSA call or binary operation.
func (h *holds) siteOf(instr ssa.Instruction) (actsummary.Site, bool) {
	var e ast.Expr
	switch x := instr.(type) {
	case *ssa.Call:
		if c := h.calls[x.Pos()]; c != nil {
			e = c
		}
	case *ssa.BinOp:
		if b := h.bins[x.Pos()]; b != nil {
			e = b
		}
	}
	if e == nil {
		return actsummary.Site{}, false
	}
	return h.sums.SiteOf(e)
}

// actSite returns the activation an instruction computes: an
// activation site, or an applier handed a literal that returns the
// activation of its element (m.Apply(func(_, _ int, v float64) float64 {
// return math.Tanh(v) }, z)), whose own sites actsummary finds inside it.
func (h *holds) actSite(instr ssa.Instruction) (actsummary.Site, bool) {
	s, ok := h.siteOf(instr)
	if ok {
		return s, s.Role == actsummary.RoleAct && !s.Neg
	}
	c, ok := instr.(*ssa.Call)
	if !ok {
		return actsummary.Site{}, false
	}
	call := h.calls[c.Pos()]
	if call == nil {
		return actsummary.Site{}, false
	}
	ap, data, ok := h.sums.ApplierOf(call)
	if !ok || ap.FuncParam >= len(call.Args) {
		return actsummary.Site{}, false
	}
	fnArg := call.Args[ap.FuncParam]
	if _, isLit := ast.Unparen(fnArg).(*ast.FuncLit); !isLit {
		return actsummary.Site{}, false
	}
	f := h.sums.FuncValueSummary(fnArg)
	if f == nil || f.Role != actsummary.RoleAct || f.Param != ap.ValueParam || f.Elem {
		return actsummary.Site{}, false
	}
	inPlace := false
	if obj := calleeOf(&c.Call); obj != nil {
		inPlace = actsummary.InPlaceApplier(obj, ap)
	}
	return actsummary.Site{Node: call, Kind: f.Kind, Role: actsummary.RoleAct, ArgW: data, Elem: h.sums.StripConversions(data),
		ApplyFn: fnArg, Impls: f.Impls, Dispatch: f.Dispatch, InPlace: inPlace}, true
}

// activations lists fn's activations.
func (h *holds) activations(fn *ssa.Function) []act {
	var acts []act
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := h.actSite(instr)
			if !ok {
				continue
			}
			z, ok := h.valueOf(s.Elem)
			if !ok {
				if z, ok = h.addrs[ast.Unparen(s.Elem)]; !ok {
					continue
				}
			}
			a, inPlace, ok := h.filled(instr, s, z)
			if !ok {
				continue
			}
			acts = append(acts, act{site: s, z: z, a: a, fn: fn, instr: instr, inPlace: inPlace})
		}
	}
	return acts
}

// filled returns the value that holds the activation a site computes: the
// call or expression itself, or the matrix an applier fills (m.Apply(f, z)
// fills m; z.Each(f) overwrites z).
func (h *holds) filled(instr ssa.Instruction, s actsummary.Site, z ssa.Value) (ssa.Value, bool, bool) {
	v, isValue := instr.(ssa.Value)
	if s.InPlace {
		return z, true, true
	}
	if s.ApplyFn == nil {
		return v, false, isValue
	}
	c, ok := instr.(*ssa.Call)
	if !ok {
		return nil, false, false
	}
	obj := calleeOf(&c.Call)
	if obj != nil && actsummary.IsMat(obj) && obj.Name() == "Apply" && len(c.Call.Args) == 3 {
		dst := c.Call.Args[0]
		return dst, h.cls.find(dst) == h.cls.find(z), true
	}
	if c.Call.Signature().Results().Len() == 1 {
		return c, false, true
	}
	return nil, false, false
}

// markInPlace finds the containers activations overwrite in place, before
// values are united: a copy of such a container is not the container.
func (h *holds) markInPlace(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := h.actSite(instr)
			if !ok || s.ApplyFn == nil && !s.InPlace {
				continue
			}
			c := instr.(*ssa.Call)
			z, ok := h.valueOf(s.Elem)
			if !ok {
				z, ok = h.addrs[ast.Unparen(s.Elem)]
			}
			if !ok {
				continue
			}
			if s.InPlace {
				h.inPlace[z] = true
				continue
			}
			if obj := calleeOf(&c.Call); obj != nil && actsummary.IsMat(obj) && obj.Name() == "Apply" && len(c.Call.Args) == 3 && c.Call.Args[0] == z {
				h.inPlace[z] = true
			}
		}
	}
}

// seed turns activations into the first pairs: z's class pairs with a's;
// for a container activated in place, the copy taken before pairs with the
// copy taken after, and the source of a copy with the copy.
func (h *holds) seed(acts []act) {
	for _, x := range acts {
		ev := h.evidence(x.instr, "assigned")
		if !x.inPlace {
			h.addPair(&Pair{Z: localLoc(h.cls.find(x.z)), A: localLoc(h.cls.find(x.a)), Kind: x.site.Kind, Dispatch: x.site.Dispatch, Evidence: ev, at: x.instr.Pos(), seed: x.site.ApplyFn == nil, fill: x.site.ApplyFn != nil})
			continue
		}
		// c := z.Copy(); c.Apply(act, c): c holds act(z).
		for _, m := range h.cls.members[h.cls.find(x.z)] {
			if c, ok := m.(*ssa.Call); ok {
				if src, dst, ok := h.copyOf(c); ok && h.cls.find(dst) == h.cls.find(x.z) {
					h.addPair(&Pair{Z: localLoc(h.cls.find(src)), A: localLoc(h.cls.find(x.z)), Kind: x.site.Kind, Dispatch: x.site.Dispatch, Evidence: ev, at: x.instr.Pos()})
				}
			}
		}
		// zs = append(zs, v.Copy()); v.Apply(act); as = append(as, v.Copy())
		before, after := h.snapshots(x)
		if before != nil && after != nil {
			h.addPair(&Pair{Z: localLoc(h.cls.find(before)), A: localLoc(h.cls.find(after)), Kind: x.site.Kind, Dispatch: x.site.Dispatch, Evidence: h.evidence(x.instr, "applied in place"), at: x.instr.Pos()})
		}
	}
}

// snapshots returns the last copy of an in-place activated container taken
// before the activation and the first taken after, in its block.
func (h *holds) snapshots(x act) (before, after ssa.Value) {
	b := x.instr.Block()
	seen := false
	for _, instr := range b.Instrs {
		if instr == x.instr {
			seen = true
			continue
		}
		c, ok := instr.(*ssa.Call)
		if !ok {
			continue
		}
		if src, dst, ok := h.copyOf(c); ok && dst == ssa.Value(c) && h.cls.find(src) == h.cls.find(x.z) {
			if !seen {
				before = c
			} else if after == nil {
				after = c
			}
			continue
		}
		if seen && after == nil && h.mutates(c, x.z) {
			return before, nil // changed again before the copy
		}
	}
	return before, after
}

// mutates reports whether a call may change container z: z is its
// receiver or an argument.
func (h *holds) mutates(c *ssa.Call, z ssa.Value) bool {
	for _, a := range c.Call.Args {
		if h.cls.find(a) == h.cls.find(z) {
			return true
		}
	}
	return false
}

func localLoc(v ssa.Value) Loc { return Loc{root: root{kind: rootLocal, val: v}} }

// evidence says how and where: "stored by Layer.Forward at layer.go:27".
// A how that names its doer already ("stored in out.v by newNode") is
// kept as it is.
func (h *holds) evidence(instr ssa.Instruction, how string) string {
	pos := instr.Pos()
	if pos == token.NoPos {
		if v, ok := instr.(ssa.Value); ok {
			pos = v.Pos()
		}
	}
	if !strings.Contains(how, " by ") {
		how += " by " + funcName(instr.Parent())
	}
	return h.where(how, pos)
}
