package actsummary

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

const matPkg = "gonum.org/v1/gonum/mat"

// matPkgs are gonum's matrix packages: today's and the legacy mat64 that
// older networks still import.
var matPkgs = map[string]bool{matPkg: true, "github.com/gonum/matrix/mat64": true}

// IsMat reports whether fn belongs to a gonum matrix package.
func IsMat(fn *types.Func) bool {
	return fn != nil && fn.Pkg() != nil && matPkgs[fn.Pkg().Path()]
}

// RefKind says what a ref names.
type RefKind uint8

const (
	RefVar    RefKind = iota + 1 // a variable or parameter
	RefField                     // a field, of whatever value of its struct type
	RefKey                       // a constant key of a map type
	RefMethod                    // a pure method (no argument but indices), of whatever value of its receiver type: u.in(), l.net(j)
)

// Ref identifies a container of values (a matrix, slice or scalar) in a way
// that the forward and the backward code share: the same variable, the same
// field of a struct type, or the same constant key of a map type.
type Ref struct {
	Kind    RefKind
	Obj     types.Object // refVar, refField
	MapType string       // refKey
	Key     string       // refKey
	Index   bool         // refKey: a constant index of an array type, not a map key
}

func (r Ref) Name() string {
	switch r.Kind {
	case RefKey:
		return r.Key
	case RefVar, RefField, RefMethod:
		return r.Obj.Name()
	}
	return ""
}

// Root is where an expression's value comes from: an element (or the whole)
// of the container ref, denoted in the source by expr.
type Root struct {
	Ref  Ref
	Expr ast.Expr // the identifier, selector or map index naming the container
	Elem bool     // the expression is an element of the container, not all of it
	// bound is the closure or range variable through which the expression
	// reaches the container, when it does (then expr lies elsewhere).
	Bound *types.Var
	// index is zs[i] when the element is reached by indexing the slice.
	Index *ast.IndexExpr
}

// Owner returns the value whose field or pure method the root reads: u
// for u.Out and for u.in().
func (r Root) Owner() (ast.Expr, bool) {
	e := r.Expr
	if call, ok := e.(*ast.CallExpr); ok && r.Ref.Kind == RefMethod {
		e = ast.Unparen(call.Fun)
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	return sel.X, true
}

// RootOf finds the container whose element (or whole value) e is: Z for
// z, Z.At(i, j), Z.AtVec(i), Z[i], Z.RawMatrix().Data[k], the value
// parameter of an Apply closure over Z, a range variable over Z, and
// conversions of these.
func (a *Summaries) RootOf(e ast.Expr) (Root, bool) {
	e = a.StripConversions(e)
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := a.info.ObjectOf(e).(*types.Var)
		if !ok || v.IsField() {
			return Root{}, false
		}
		if c, ok := a.containerOfBound(v); ok {
			r, ok := a.RootOf(c)
			if !ok {
				return Root{}, false
			}
			r.Elem, r.Bound = true, v
			return r, true
		}
		return Root{Ref: Ref{Kind: RefVar, Obj: v}, Expr: e}, true
	case *ast.SelectorExpr:
		if sel, ok := a.info.Selections[e]; ok {
			if sel.Kind() != types.FieldVal {
				return Root{}, false
			}
			if e.Sel.Name == "Data" && a.isRawCall(e.X) { // Z.RawMatrix().Data
				r, ok := a.RootOf(e.X.(*ast.CallExpr).Fun.(*ast.SelectorExpr).X)
				r.Elem = true
				return r, ok
			}
			return Root{Ref: Ref{Kind: RefField, Obj: sel.Obj()}, Expr: e}, true
		}
		if v, ok := a.info.Uses[e.Sel].(*types.Var); ok { // pkg.Var
			return Root{Ref: Ref{Kind: RefVar, Obj: v}, Expr: e}, true
		}
	case *ast.IndexExpr:
		t := a.info.TypeOf(e.X)
		if t == nil {
			return Root{}, false
		}
		switch u := t.Underlying().(type) {
		case *types.Map:
			tv, ok := a.info.Types[e.Index]
			if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
				return Root{}, false
			}
			return Root{Ref: Ref{Kind: RefKey, MapType: types.TypeString(u, nil), Key: constant.StringVal(tv.Value)}, Expr: e}, true
		case *types.Slice, *types.Array, *types.Pointer:
			// c[0] = z; c[1] = act(z): an array's constant indices are
			// keys of its type, like a map's, whatever variable holds it.
			if tv, ok := a.info.Types[e.Index]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
				if _, isArray := u.(*types.Array); isArray {
					return Root{Ref: Ref{Kind: RefKey, MapType: types.TypeString(t, nil), Key: tv.Value.ExactString(), Index: true}, Expr: e}, true
				}
			}
			r, ok := a.RootOf(e.X)
			if !r.Elem {
				r.Index = e
			}
			r.Elem = true
			return r, ok
		}
	case *ast.CallExpr:
		if fn, ok := a.pureMethodCall(e); ok {
			// u.in(): recomputed from the receiver each time, the same
			// value wherever it is called, like a field of u.
			return Root{Ref: Ref{Kind: RefMethod, Obj: fn}, Expr: e, Elem: len(e.Args) > 0}, true
		}
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "At" || sel.Sel.Name == "AtVec") {
			if fn, ok := typeutil.Callee(a.info, e).(*types.Func); ok && IsElementAccessor(fn) {
				r, ok := a.RootOf(sel.X)
				r.Elem = true
				return r, ok
			}
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return a.RootOf(e.X)
		}
	case *ast.StarExpr:
		return a.RootOf(e.X)
	}
	return Root{}, false
}

// IsElementAccessor reports whether fn reads one element: gonum's At and
// AtVec, or a hand-written matrix's At taking only integers and returning a
// number or a pointer to one (*m.At(i, j)), alone or with an error or an ok
// flag (v, err := m.At(i, j)).
func IsElementAccessor(fn *types.Func) bool {
	if fn.Name() != "At" && fn.Name() != "AtVec" {
		return false
	}
	if IsMat(fn) {
		return true
	}
	sig := fn.Signature()
	if sig.Recv() == nil || sig.Params().Len() == 0 || sig.Results().Len() == 0 || sig.Results().Len() > 2 {
		return false
	}
	if sig.Results().Len() == 2 {
		second := sig.Results().At(1).Type()
		if b, ok := second.Underlying().(*types.Basic); !(ok && b.Kind() == types.Bool) && !types.Identical(second, errorType) {
			return false
		}
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return false
		}
	}
	t := sig.Results().At(0).Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return IsNumeric(t)
}

var errorType = types.Universe.Lookup("error").Type()

// isRawCall reports whether e is m.RawMatrix() or v.RawVector() on a gonum type.
func (a *Summaries) isRawCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	return ok && IsMat(fn) && (fn.Name() == "RawMatrix" || fn.Name() == "RawVector")
}

// StripConversions removes parentheses and numeric conversions such as
// float64(z) and float32(z).
func (a *Summaries) StripConversions(e ast.Expr) ast.Expr {
	for {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return e
		}
		tv, ok := a.info.Types[call.Fun]
		if !ok || !tv.IsType() {
			return e
		}
		if !IsNumeric(tv.Type) {
			return e
		}
		e = call.Args[0]
	}
}

// IsNumeric reports whether t is a numeric type, or a type parameter whose
// constraint admits only numeric types (T(math.Exp(float64(-t))) in
// generic code).
func IsNumeric(t types.Type) bool {
	if tp, ok := t.(*types.TypeParam); ok {
		return numericSet(tp.Constraint(), 0)
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}

// numericSet reports whether every type an interface's type set admits is
// numeric (and the set is restricted at all).
func numericSet(t types.Type, depth int) bool {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || depth > 8 || iface.NumEmbeddeds() == 0 {
		return false
	}
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := 0; j < e.Len(); j++ {
				switch u := e.Term(j).Type().Underlying().(type) {
				case *types.Basic:
					if u.Info()&types.IsNumeric == 0 {
						return false
					}
				case *types.Interface: // constraints.Integer | constraints.Float
					if !numericSet(u, depth+1) {
						return false
					}
				default:
					return false
				}
			}
		default:
			if b, ok := e.Underlying().(*types.Basic); ok {
				if b.Info()&types.IsNumeric == 0 {
					return false
				}
			} else if !numericSet(e, depth+1) {
				return false
			}
		}
	}
	return true
}

// stripNeg removes a negation (and parentheses), reporting whether there
// was one: -z, and the spellings -1*z, z*-1 and 0-z.
func (a *Summaries) stripNeg(e ast.Expr) (ast.Expr, bool) {
	if inner := a.StripConversions(e); inner != ast.Unparen(e) {
		if x, neg := a.stripNeg(inner); neg {
			return x, true // float64(-t)
		}
	}
	e = ast.Unparen(e)
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.SUB {
			return ast.Unparen(x.X), true
		}
	case *ast.BinaryExpr:
		switch {
		case x.Op == token.MUL && a.isConst(x.X, -1):
			return ast.Unparen(x.Y), true
		case x.Op == token.MUL && a.isConst(x.Y, -1):
			return ast.Unparen(x.X), true
		case x.Op == token.SUB && a.isConst(x.X, 0):
			return ast.Unparen(x.Y), true
		}
	}
	return e, false
}

// containerOfBound returns the container whose elements v takes: the data
// argument of an applier whose closure has v as its value parameter, or the
// ranged expression of "for _, v := range X".
func (a *Summaries) containerOfBound(v *types.Var) (ast.Expr, bool) {
	if x, ok := a.rangeOf[v]; ok {
		return x, true
	}
	lp, ok := a.litParam[v]
	if !ok {
		return nil, false
	}
	call, argIdx := a.litCall[lp.lit].call, a.litCall[lp.lit].arg
	if call == nil {
		return nil, false
	}
	ap, data, ok := a.ApplierOf(call)
	if !ok || ap.FuncParam != argIdx || ap.ValueParam != lp.index {
		return nil, false
	}
	return data, true
}

// ApplierOf reports whether call applies one of its func arguments to every
// element of a container: gonum's Apply, or a function or method with an
// applierFact; data is the container as the call writes it.
func (a *Summaries) ApplierOf(call *ast.CallExpr) (ap ApplierFact, data ast.Expr, ok bool) {
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok {
		return ApplierFact{}, nil, false
	}
	if IsMat(fn) && fn.Name() == "Apply" && len(call.Args) == 2 {
		return ApplierFact{FuncParam: 0, DataParam: 1, ValueParam: 2}, call.Args[1], true
	}
	f := a.applierFactOf(fn)
	if f == nil || f.FuncParam >= len(call.Args) {
		return ApplierFact{}, nil, false
	}
	if f.DataParam == RecvData {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if s, isSel := a.info.Selections[sel]; !ok || !isSel || s.Kind() != types.MethodVal {
			return ApplierFact{}, nil, false
		}
		return *f, sel.X, true
	}
	if f.DataParam < 0 || f.DataParam >= len(call.Args) {
		return ApplierFact{}, nil, false
	}
	return *f, call.Args[f.DataParam], true
}
