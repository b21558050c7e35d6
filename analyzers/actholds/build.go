package actholds

// Building the package's SSA form, and the maps between it and the syntax
// the later stages report on.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// holds is the stage's state over one package.
type holds struct {
	pass *analysis.Pass
	sums *actsummary.Summaries

	prog   *ssa.Program
	fns    []*ssa.Function               // the package's functions and the literals inside them
	fnOf   map[ast.Node]*ssa.Function    // FuncDecl or FuncLit → its function
	exprs  map[ast.Expr]ssa.Value        // every expression's value (debug references)
	addrs  map[ast.Expr]ssa.Value        // every addressable expression's address
	vars   map[ssa.Value][]*types.Var    // local variables that take a value
	refs   map[*types.Var][]varRef       // each reference to a local variable, with its value there
	stores map[ast.Expr]*ssa.Store       // assignments' targets, with their store
	calls  map[token.Pos]*ast.CallExpr   // calls by their '(' position
	bins   map[token.Pos]*ast.BinaryExpr // binary expressions by their operator

	cls      classes
	all      []ssa.Value
	closures map[*ssa.Function]*ssa.MakeClosure
	inPlace  map[ssa.Value]bool    // containers an activation overwrites in place
	scrubber map[*ssa.Function]int // pass-through functions (finite(v)): the parameter returned, or -1

	names   map[ssa.Value][]name // per class representative
	pending map[ssa.Value]bool   // names being computed (recursion guard)
	summary map[*types.Func]*funcSummary
	inSum   map[*types.Func]bool

	byRoot  map[root][]entry // every value under each root
	byPlace map[Loc][]entry  // every value at each place
	fnsOf   map[ssa.Value]map[*ssa.Function]bool
	pairs   *pairSet
	related map[relKey]*Pair // values known to be act of others, by the pair that says so
	holder  map[Loc][]held   // places that hold an activation of something unknown
	packed  map[Loc]bool     // containers whose elements are arguments of activations stored at other offsets
	sided   map[Loc]bool     // twoSided's answers, once the pairs are solved

	enc     objectpath.Encoder
	pkgs    map[string]*types.Package
	imports map[*types.Func]*FuncFact
	params  map[*types.Var]bool
	written map[*types.Var]int
}

// buildSSA builds the package's SSA form with debug references, so that
// every expression of the syntax has its value.
func (h *holds) buildSSA() {
	pass := h.pass
	prog := ssa.NewProgram(pass.Fset, ssa.GlobalDebug)
	// The packages the code refers to, not every package below them: the
	// builder needs a package for each object a body names (a method of a
	// type from an indirect import is named too).
	created := map[*types.Package]bool{pass.Pkg: true}
	create := func(p *types.Package) {
		if p != nil && !created[p] {
			created[p] = true
			prog.CreatePackage(p, nil, nil, true)
		}
	}
	for _, p := range pass.Pkg.Imports() {
		create(p)
	}
	for _, obj := range pass.TypesInfo.Uses {
		create(obj.Pkg())
	}
	for _, sel := range pass.TypesInfo.Selections {
		create(sel.Obj().Pkg())
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	h.prog = prog

	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		h.fns = append(h.fns, f)
		if syn := f.Syntax(); syn != nil {
			h.fnOf[syn] = f
		}
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if fn := prog.FuncValue(obj); fn != nil {
				add(fn)
			}
		}
	}
	sels := map[*ast.Ident]*ast.SelectorExpr{} // an assignment's reference names a field target by its selector's Sel
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				h.calls[n.Lparen] = n
			case *ast.BinaryExpr:
				h.bins[n.OpPos] = n
			case *ast.SelectorExpr:
				sels[n.Sel] = n
			}
			return true
		})
	}
	for _, fn := range h.fns {
		for _, b := range fn.Blocks {
			for i, instr := range b.Instrs {
				ref, ok := instr.(*ssa.DebugRef)
				if !ok {
					continue
				}
				if i > 0 {
					// An assignment's store, then its target's reference.
					if st, ok := b.Instrs[i-1].(*ssa.Store); ok && st.Val == ref.X && !ref.IsAddr {
						e := ast.Unparen(ref.Expr)
						if id, ok := e.(*ast.Ident); ok && sels[id] != nil {
							e = sels[id]
						}
						h.stores[e] = st
					}
				}
				e := ast.Unparen(ref.Expr)
				if ref.IsAddr {
					h.addrs[e] = ref.X
				} else {
					h.exprs[e] = ref.X
				}
				if v, ok := ref.Object().(*types.Var); ok && !v.IsField() {
					h.refs[v] = append(h.refs[v], varRef{ref.Pos(), ref.X, fn})
					if ref.IsAddr {
						// The variable lives in memory (an Alloc): it names what the Alloc holds.
						if _, isAlloc := ref.X.(*ssa.Alloc); isAlloc {
							h.vars[ref.X] = appendVar(h.vars[ref.X], v)
						}
					} else {
						h.vars[ref.X] = appendVar(h.vars[ref.X], v)
					}
				}
			}
		}
	}
}

// varRef is a variable's value at one place of the source.
type varRef struct {
	pos token.Pos
	val ssa.Value
	fn  *ssa.Function
}

func appendVar(vs []*types.Var, v *types.Var) []*types.Var {
	for _, w := range vs {
		if w == v {
			return vs
		}
	}
	return append(vs, v)
}

// valueOf returns the SSA value of an expression of the syntax.
func (h *holds) valueOf(e ast.Expr) (ssa.Value, bool) {
	e = ast.Unparen(e)
	v, ok := h.exprs[e]
	if !ok {
		return nil, false
	}
	return v, true
}

// funcName names a function for messages: "train", "Net.forward"; a
// literal is named by the function it is in.
func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// declared returns the declared function of fn, nil for a literal.
func declared(fn *ssa.Function) *types.Func {
	if fn.Parent() != nil {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		return nil
	}
	return obj.Origin()
}
