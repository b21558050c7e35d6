package actholds

// Canonical values: SSA values that hold the same content are one class,
// so that a conversion, a copy, a captured variable or the slice an append
// loop grows is the value it came from.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// classes is a union-find over SSA values.
type classes struct {
	parent  map[ssa.Value]ssa.Value
	members map[ssa.Value][]ssa.Value // filled by freeze
}

func (c *classes) find(v ssa.Value) ssa.Value {
	if v == nil {
		return nil
	}
	for {
		p, ok := c.parent[v]
		if !ok || p == v {
			return v
		}
		if g, ok := c.parent[p]; ok && g != p {
			c.parent[v] = g
		}
		v = p
	}
}

func (c *classes) union(a, b ssa.Value) {
	if _, ok := a.(*ssa.Const); ok {
		return // constants are not shared: a nil slice is a new one
	}
	if _, ok := b.(*ssa.Const); ok {
		return
	}
	ra, rb := c.find(a), c.find(b)
	if ra == rb || ra == nil || rb == nil {
		return
	}
	// Keep the earlier-defined value as the representative: a stable choice.
	if rb.Pos() < ra.Pos() {
		ra, rb = rb, ra
	}
	c.parent[rb] = ra
}

// freeze lists each class's members.
func (c *classes) freeze(all []ssa.Value) {
	c.members = map[ssa.Value][]ssa.Value{}
	for _, v := range all {
		r := c.find(v)
		c.members[r] = append(c.members[r], v)
	}
}

// canonicalize unites the values of fn that hold the same content.
func (h *holds) canonicalize(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			v, ok := instr.(ssa.Value)
			if ok {
				h.all = append(h.all, v)
			}
			switch x := instr.(type) {
			case *ssa.Convert:
				h.cls.union(x, x.X)
			case *ssa.ChangeType:
				h.cls.union(x, x.X)
			case *ssa.MultiConvert:
				h.cls.union(x, x.X)
			case *ssa.MakeInterface: // a *mat.Dense appended to a []mat.Matrix
				h.cls.union(x, x.X)
			case *ssa.TypeAssert:
				if !x.CommaOk {
					h.cls.union(x, x.X)
				}
			case *ssa.Slice:
				if isWhole(x) {
					h.cls.union(x, x.X)
				}
			case *ssa.UnOp:
				if x.Op == token.MUL {
					if s, ok := soleStore(h.bindingOf(x.X)); ok {
						h.cls.union(x, s)
					}
				}
			case *ssa.Store:
				// out := Value{…}: the literal, built in its own Alloc, is
				// copied whole into the variable's.
				if dst, ok := x.Addr.(*ssa.Alloc); ok && storedOnce(dst) {
					if ld, ok := x.Val.(*ssa.UnOp); ok && ld.Op == token.MUL {
						if src, ok := ld.X.(*ssa.Alloc); ok {
							h.cls.union(dst, src)
						}
					}
				}
			case *ssa.Call:
				h.canonCall(x)
			case *ssa.Phi:
				h.canonPhi(x)
			}
		}
	}
	for _, fv := range fn.FreeVars {
		h.all = append(h.all, fv)
		if b := h.bindingOf(fv); b != fv {
			h.cls.union(fv, b)
		}
	}
	for _, p := range fn.Params {
		h.all = append(h.all, p)
	}
}

// isWhole reports whether a slice expression takes all of its operand: s[:].
func isWhole(s *ssa.Slice) bool {
	if s.High != nil || s.Max != nil {
		return false
	}
	if s.Low == nil {
		return true
	}
	c, ok := s.Low.(*ssa.Const)
	return ok && c.Value != nil && c.Int64() == 0
}

// canonCall unites the result of append with the slice it grows, and a
// copy with its source (unless the copy is then activated in place: the
// two differ then, and inPlacePairs pairs them).
func (h *holds) canonCall(c *ssa.Call) {
	if b, ok := c.Call.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "append":
			if len(c.Call.Args) == 2 {
				switch {
				case !isNil(c.Call.Args[0]):
					h.cls.union(c, c.Call.Args[0])
				case !h.appendedValues(c):
					h.cls.union(c, c.Call.Args[1]) // append([]T(nil), src...): a copy
				}
			}
		case "copy":
			// copy(out, x) into a fresh slice: out is x; copying into a
			// slice that holds other things makes no one content.
			if len(c.Call.Args) == 2 && isFresh(c.Call.Args[0]) {
				h.cls.union(c.Call.Args[0], c.Call.Args[1])
			}
		}
		return
	}
	if k, ok := h.passThrough(c.Call.StaticCallee()); ok && k < len(c.Call.Args) {
		h.cls.union(c, c.Call.Args[k]) // finite(act(z)): still act(z)
	}
	// A copy is its source, unless either is then activated in place:
	// copies taken before and after differ, and seed pairs them.
	if src, dst, ok := h.copyOf(c); ok && !h.inPlace[dst] && !h.inPlace[src] && (dst == ssa.Value(c) || isFresh(dst)) {
		h.cls.union(dst, src)
	}
}

// appendedValues reports whether an append's second argument is the
// varargs array of listed values (append(s, a, b)), not a spread slice.
func (h *holds) appendedValues(c *ssa.Call) bool {
	s, ok := c.Call.Args[1].(*ssa.Slice)
	if !ok {
		return false
	}
	a, ok := s.X.(*ssa.Alloc)
	return ok && a.Comment == "varargs"
}

// isFresh reports whether a container is made right there: make, new, a
// local variable.
func isFresh(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.MakeSlice, *ssa.Alloc:
		return true
	}
	return false
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil
}

// copyOf recognizes a call that makes a copy of a container: x.Copy() or
// x.Clone() returning x's type, mat.DenseCopyOf(x), mat.VecDenseCopyOf(x),
// slices.Clone(x), and gonum's dst.Copy(x) and dst.CloneFrom(x). It returns
// the source and the value that holds the copy.
func (h *holds) copyOf(c *ssa.Call) (src, dst ssa.Value, ok bool) {
	obj, args := calleeOf(&c.Call), c.Call.Args
	if c.Call.IsInvoke() {
		obj, args = c.Call.Method, append([]ssa.Value{c.Call.Value}, args...) // m.DeepCopy() on an interface
	}
	if obj == nil || obj.Pkg() == nil {
		return nil, nil, false
	}
	sig := obj.Signature()
	switch {
	case actsummary.IsMat(obj) && (obj.Name() == "Copy" || obj.Name() == "CloneFrom" || obj.Name() == "CopyVec") && sig.Recv() != nil && len(args) == 2:
		return args[1], args[0], true
	case actsummary.IsMat(obj) && (obj.Name() == "DenseCopyOf" || obj.Name() == "VecDenseCopyOf") && len(args) == 1:
		return args[0], c, true
	case obj.Pkg().Path() == "slices" && obj.Name() == "Clone" && len(args) == 1:
		return args[0], c, true
	case sig.Recv() != nil && sig.Params().Len() == 0 && sig.Results().Len() == 1 && len(args) == 1 &&
		(obj.Name() == "Copy" || obj.Name() == "Clone" || obj.Name() == "DeepCopy") &&
		types.Identical(sig.Results().At(0).Type(), sig.Recv().Type()):
		return args[0], c, true
	}
	return nil, nil, false
}

// canonPhi unites a loop's φ with the appends that grow it, and a φ whose
// edges are all one value (apart from itself).
func (h *holds) canonPhi(p *ssa.Phi) {
	var other ssa.Value
	same := true
	for _, e := range p.Edges {
		if e == p || isNil(e) {
			continue // a nil slice is the same variable before anything was appended
		}
		if c, ok := e.(*ssa.Call); ok && isAppendTo(c, p) {
			h.cls.union(p, c)
			continue
		}
		if other != nil && other != e {
			same = false
		}
		other = e
	}
	if same && other != nil {
		h.cls.union(p, other)
	}
}

// isAppendTo reports whether c is append(p, …), also through a chain of
// appends (append(append(p, a), b)).
func isAppendTo(c *ssa.Call, p ssa.Value) bool {
	for range 8 {
		b, ok := c.Call.Value.(*ssa.Builtin)
		if !ok || b.Name() != "append" || len(c.Call.Args) == 0 {
			return false
		}
		if c.Call.Args[0] == p {
			return true
		}
		if c, ok = c.Call.Args[0].(*ssa.Call); !ok {
			return false
		}
	}
	return false
}

// bindingOf resolves a closure's free variable to what the enclosing
// function binds to it, when the closure is made once; any other value is
// itself.
func (h *holds) bindingOf(v ssa.Value) ssa.Value {
	for range 8 {
		fv, ok := v.(*ssa.FreeVar)
		if !ok {
			return v
		}
		fn := fv.Parent()
		idx := -1
		for i, w := range fn.FreeVars {
			if w == fv {
				idx = i
			}
		}
		mc := h.madeOnce(fn)
		if idx < 0 || mc == nil || idx >= len(mc.Bindings) {
			return v
		}
		v = mc.Bindings[idx]
	}
	return v
}

// madeOnce returns the one MakeClosure instruction that makes fn.
func (h *holds) madeOnce(fn *ssa.Function) *ssa.MakeClosure {
	mc, ok := h.closures[fn]
	if ok {
		return mc
	}
	var found *ssa.MakeClosure
	if parent := fn.Parent(); parent != nil {
		for _, b := range parent.Blocks {
			for _, instr := range b.Instrs {
				if m, ok := instr.(*ssa.MakeClosure); ok && m.Fn == fn {
					if found != nil {
						h.closures[fn] = nil
						return nil
					}
					found = m
				}
			}
		}
	}
	h.closures[fn] = found
	return found
}

// soleStore returns the value stored in a local Alloc, when it is stored
// once and its address goes nowhere but loads, that store and closures
// that capture it.
func soleStore(addr ssa.Value) (ssa.Value, bool) {
	alloc, ok := addr.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	var stored ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || stored != nil {
				return nil, false
			}
			stored = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil, false
			}
		case *ssa.MakeClosure:
		case *ssa.DebugRef:
		default:
			return nil, false
		}
	}
	return stored, stored != nil
}

// passThrough reports whether fn returns its parameter k unchanged, or a
// constant where that parameter is NaN or infinite (a guard against
// overflow: finite(v)), and nothing else: its result is its argument for
// every finite value. Functions with code in view only.
func (h *holds) passThrough(fn *ssa.Function) (int, bool) {
	if fn == nil || len(fn.Blocks) == 0 || fn.Signature.Results().Len() != 1 || !isFloat(fn.Signature.Results().At(0).Type()) {
		return 0, false
	}
	if k, ok := h.scrubber[fn]; ok {
		return k, k >= 0
	}
	k := scrubbedParam(fn)
	h.scrubber[fn] = k
	return k, k >= 0
}

// scrubbedParam finds the parameter a pass-through function returns, or -1.
func scrubbedParam(fn *ssa.Function) int {
	param := -1
	is := func(v ssa.Value) bool { // v is the parameter, maybe converted
		for {
			cv, ok := v.(*ssa.Convert)
			if !ok {
				break
			}
			v = cv.X
		}
		p, ok := v.(*ssa.Parameter)
		if !ok {
			return false
		}
		for i, q := range fn.Params {
			if q == p && (param < 0 || param == i) {
				param = i
				return true
			}
		}
		return false
	}
	returnsParam := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Return:
				if _, isConst := x.Results[0].(*ssa.Const); isConst {
					continue
				}
				if !is(x.Results[0]) {
					return -1
				}
				returnsParam = true
			case *ssa.If:
				if !nonFiniteTest(x.Cond, is) {
					return -1
				}
			case *ssa.Call:
				if !nonFiniteTest(x, is) {
					return -1
				}
			case *ssa.UnOp:
				if x.Op != token.NOT || !nonFiniteTest(x, is) {
					return -1
				}
			case *ssa.Convert, *ssa.Jump, *ssa.DebugRef:
			default:
				return -1
			}
		}
	}
	if !returnsParam {
		return -1
	}
	return param
}

// nonFiniteTest reports whether v is math.IsNaN or math.IsInf of the
// parameter, or its negation.
func nonFiniteTest(v ssa.Value, isParam func(ssa.Value) bool) bool {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.NOT {
		v = u.X
	}
	c, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	callee := calleeOf(&c.Call)
	if callee == nil || callee.Pkg() == nil || callee.Pkg().Path() != "math" || callee.Name() != "IsNaN" && callee.Name() != "IsInf" {
		return false
	}
	return len(c.Call.Args) > 0 && isParam(c.Call.Args[0])
}

func isFloat(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsFloat != 0
}
