package recomputeact

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// findDerivativeForms marks the activation sites whose value feeds a
// derivative form (1 - t*t, t*(1-t), …), directly or through a variable.
func (a *checker) findDerivativeForms() {
	for _, decl := range a.decls() {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok {
				return true
			}
			var marked []ast.Node
			isT := func(x ast.Expr) bool {
				x = ast.Unparen(x)
				if d, ok := a.definition(x); ok {
					x = d
				}
				s, ok := a.siteOf(x)
				if ok && s.role == roleAct && !s.neg {
					marked = append(marked, s.node)
				}
				return ok && s.role == roleAct && !s.neg
			}
			if k := a.derivForm(b, isT, true); k != noKind {
				for _, m := range marked {
					if s, ok := a.siteOf(m.(ast.Expr)); ok && s.kind == k {
						a.feeding[m] = true
					}
				}
			}
			return true
		})
	}
}

// report walks every function for recomputation sites in backward code.
func (a *checker) report() {
	dirs := a.directives()
	for _, decl := range a.decls() {
		file := a.fileOf(decl.Pos())
		if file == nil || ast.IsGenerated(file) {
			continue
		}
		backward := funcs.re != nil && funcs.re.MatchString(decl.Name.Name)
		covered := map[ast.Node]bool{}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok || covered[e] {
				return true
			}
			s, ok := a.siteOf(e)
			if !ok {
				return true
			}
			if s.inner != nil {
				covered[s.inner] = true
			}
			if !(backward || s.role == roleDeriv || a.feeding[s.node]) {
				return true
			}
			// A site that computes an activation into a container is that
			// container's forward computation; it recomputes only if another
			// container already holds the same activation.
			defines, isDef := a.defining[s.node]
			if isDef && defines == (ref{}) {
				return true
			}
			if d, ok := a.diagnose(decl, s, defines); ok && !dirs.suppress(a.pass.Fset, decl, d.Pos) {
				a.pass.Report(d)
			}
			return true
		})
	}
	dirs.reportUnused(a.pass)
}

// diagnose builds the diagnostic for a site, if its Z has an available A
// other than the one the site itself defines.
func (a *checker) diagnose(decl *ast.FuncDecl, s site, defines ref) (analysis.Diagnostic, bool) {
	zr, ok := a.rootOf(s.elem)
	if !ok {
		return analysis.Diagnostic{}, false
	}
	var (
		p     pair
		via   root
		aText string
		found bool
	)
	for _, c := range a.candidates(zr, s, defines) {
		if !compatible(c.p.kind, s) {
			continue
		}
		if t, ok := a.activationText(c.via, c.p, zr.expr.Pos()); ok && !a.overwritten(decl, c.p.a, s.node.Pos()) {
			p, via, aText, found = c.p, c.via, t, true
			break
		}
	}
	if !found {
		return analysis.Diagnostic{}, false
	}
	exact := p.kind == s.kind && !s.neg

	use := aText
	switch {
	case !exact && p.kind == expKind:
		use = "1/" + aText
	case !exact:
		use = "(1 - " + aText + ")/" + aText
	case s.whole:
		use = fmt.Sprintf("%s for each a in %s", p.kind.derivative("a"), a.replaceIn(s.argW, zr.expr, aText))
	case s.role == roleDeriv || a.feeding[s.node]:
		use = p.kind.derivative(aText)
	}
	recomputed := fmt.Sprintf("%s(%s)", s.kind, a.text(zr.expr))
	if s.neg {
		recomputed = fmt.Sprintf("%s(-%s)", s.kind, a.text(zr.expr))
	}
	if s.role == roleDeriv {
		recomputed = fmt.Sprintf("%s'(%s)", s.kind, a.text(zr.expr))
	}
	how := ""
	if s.via != "" {
		how = " via " + s.via
	}
	d := analysis.Diagnostic{
		Pos:      s.node.Pos(),
		End:      s.node.End(),
		Category: "recompute",
		Message: fmt.Sprintf("%s recomputes %s%s but %s already holds %s (%s); use %s",
			funcName(decl), recomputed, how, aText, p.kind, p.evidence, use),
		URL: docURL,
	}
	if exact && !p.byName {
		if edits, ok := a.fixEdits(decl, s, zr, via, aText); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "use the cached " + aText, TextEdits: edits}}
		}
	}
	return d, true
}

// compatible reports whether a container holding k(Z) answers the site:
// the same activation, or exp(-z) recomputed for a sigmoid or an exp.
func compatible(k kind, s site) bool {
	if s.neg {
		return s.kind == expKind && (k == sigmoidKind || k == expKind)
	}
	return k == s.kind
}

// candidate is a container that may hold Z's activation; via is the root
// its text is built from (an alias's definition when it goes through one).
type candidate struct {
	p   pair
	via root
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
				cs = append(cs, candidate{p, via})
			}
		}
	}
	add(a.evidencePairs(zr), zr)
	if zr.ref.kind == refVar {
		if def, ok := a.varDef[zr.ref.obj.(*types.Var)]; ok {
			if dr, ok := a.rootOf(def); ok && !dr.elem {
				add(a.evidencePairs(dr), dr)
			}
		}
	}
	if len(cs) == 0 && naming {
		if p, ok := a.namePair(zr, s); ok {
			cs = append(cs, candidate{p, zr})
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
			return []pair{{a: ref{kind: refField, obj: v}, kind: f.Kind, evidence: f.Evidence}}
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

// lookup resolves a name in the scope at pos.
func (a *checker) lookup(name string, pos token.Pos) types.Object {
	scope := a.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	_, obj := scope.LookupParent(name, pos)
	return obj
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
		return a.text(ix.X) + "[" + strconv.Quote(p.a.key) + "]", true
	}
	return "", false
}

// resolvesSame reports whether every identifier in e means the same at pos.
func (a *checker) resolvesSame(e ast.Expr, pos token.Pos) bool {
	same := true
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := a.info.Uses[id]; obj != nil {
				if _, isPkg := obj.(*types.PkgName); !isPkg && obj.Parent() != nil && obj.Parent() != types.Universe && a.lookup(id.Name, pos) != obj {
					same = false
				}
			}
		}
		return true
	})
	return same
}

// mutators are the gonum methods that change their receiver.
var mutators = map[string]bool{
	"Add": true, "AddScaled": true, "Apply": true, "Copy": true, "DivElem": true, "Exp": true, "Inverse": true,
	"Mul": true, "MulElem": true, "Outer": true, "Pow": true, "Product": true, "Reset": true, "Scale": true,
	"Set": true, "SetCol": true, "SetRow": true, "SetVec": true, "Sub": true, "Zero": true, "CloneFrom": true,
	"AddVec": true, "SubVec": true, "MulVec": true, "ScaleVec": true, "MulElemVec": true, "CopyVec": true,
}

// overwritten reports whether decl changes A (assigns it something other
// than its activation, or calls a mutating method on it) before pos.
func (a *checker) overwritten(decl *ast.FuncDecl, act ref, pos token.Pos) bool {
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return true
			}
			for i, lhs := range n.Lhs {
				if r, ok := a.rootOf(lhs); ok && r.ref == act {
					if len(n.Lhs) == len(n.Rhs) {
						if _, _, _, ok := a.activationOf(n.Rhs[i]); ok {
							continue
						}
					}
					found = true
				}
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || !mutators[sel.Sel.Name] {
				return true
			}
			if fn, ok := typeutil.Callee(a.info, n).(*types.Func); !ok || fn.Pkg() == nil || fn.Pkg().Path() != matPkg {
				return true
			}
			if _, def := a.defining[n]; def {
				return true
			}
			if r, ok := a.rootOf(sel.X); ok && r.ref == act {
				found = true
			}
		}
		return true
	})
	return found
}

// fixEdits rewrites the site to use A: the activation becomes A's element,
// a derivative helper becomes the derivative written on A, an applier's
// function is replaced and its data becomes A. Edits are granular, so the
// rest of the line keeps its text. No fix when the rewrite would not be
// exact or would not compile.
func (a *checker) fixEdits(decl *ast.FuncDecl, s site, zr, via root, aText string) ([]analysis.TextEdit, bool) {
	if s.whole {
		return nil, false // a matrix-valued derivative has no one-expression rewrite
	}
	rootEdit := analysis.TextEdit{Pos: zr.expr.Pos(), End: zr.expr.End(), NewText: []byte(aText)}
	if zr.bound != nil && a.useCount(zr.bound) != 1 {
		return nil, false // the closure parameter means Z elsewhere too
	}
	var edits []analysis.TextEdit
	switch {
	case s.applyFn != nil:
		lit, ok := a.applyLiteral(s.applyFn, s.kind, s.role)
		if !ok {
			return nil, false
		}
		edits = []analysis.TextEdit{{Pos: s.applyFn.Pos(), End: s.applyFn.End(), NewText: []byte(lit)}, rootEdit}
	case s.role == roleAct && s.unwrap:
		edits = []analysis.TextEdit{
			{Pos: s.node.Pos(), End: s.argW.Pos()},
			rootEdit,
			{Pos: s.argW.End(), End: s.node.End()},
		}
	default:
		elem := a.text(s.argW)
		if zr.bound == nil {
			elem = a.replaceIn(s.argW, zr.expr, aText)
		}
		repl := elem
		if s.role == roleDeriv {
			repl = s.kind.derivative(elem)
			if a.needsParens(s.node) {
				repl = "(" + repl + ")"
			}
		}
		edits = []analysis.TextEdit{{Pos: s.node.Pos(), End: s.node.End(), NewText: []byte(repl)}}
		if zr.bound != nil {
			edits = append(edits, rootEdit)
		}
	}
	// Z's variable may lose its last use: delete its declaration too.
	if zr.ref.kind == refVar {
		v := zr.ref.obj.(*types.Var)
		if a.useCount(v) == 1 {
			del, ok := a.declarationEdit(decl, v)
			if !ok {
				return nil, false
			}
			edits = append(edits, del)
		}
	}
	return edits, true
}

// applyLiteral writes a function literal of the applier argument's type that
// returns the activation's value (or derivative) from the element a.
func (a *checker) applyLiteral(fn ast.Expr, k kind, r role) (string, bool) {
	sig, ok := a.info.TypeOf(fn).(*types.Signature)
	if !ok || sig.Results().Len() != 1 {
		return "", false
	}
	h := a.funcValueSummary(fn)
	if h == nil {
		return "", false
	}
	qual := types.RelativeTo(a.pass.Pkg)
	// Parameters as gofmt users write them: func(_, _ int, a float64).
	var params []string
	var names []string
	for i := 0; i < sig.Params().Len(); i++ {
		name := "_"
		if i == h.Param {
			name = "a"
		}
		names = append(names, name)
		t := types.TypeString(sig.Params().At(i).Type(), qual)
		if i+1 < sig.Params().Len() && types.Identical(sig.Params().At(i).Type(), sig.Params().At(i+1).Type()) {
			continue
		}
		params = append(params, strings.Join(names, ", ")+" "+t)
		names = nil
	}
	body := "a"
	if r == roleDeriv {
		body = k.derivative("a")
	}
	return fmt.Sprintf("func(%s) %s { return %s }", strings.Join(params, ", "), types.TypeString(sig.Results().At(0).Type(), qual), body), true
}

// needsParens reports whether replacing n by a binary expression needs
// parentheses to keep its meaning.
func (a *checker) needsParens(n ast.Expr) bool {
	cur, ok := a.insp.Root().FindNode(n)
	if !ok {
		return true
	}
	switch cur.Parent().Node().(type) {
	case *ast.BinaryExpr, *ast.UnaryExpr, *ast.StarExpr, *ast.SelectorExpr, *ast.IndexExpr, *ast.CallExpr:
		_, isCall := cur.Parent().Node().(*ast.CallExpr)
		return !isCall || cur.ParentEdgeKind().String() == "CallExpr.Fun"
	}
	return false
}

// useCount counts the uses of v in the package.
func (a *checker) useCount(v *types.Var) int {
	if a.uses == nil {
		a.uses = map[*types.Var]int{}
		for _, obj := range a.info.Uses {
			if u, ok := obj.(*types.Var); ok {
				a.uses[u]++
			}
		}
	}
	return a.uses[v]
}

// declarationEdit deletes "v := expr" with its line, or turns v into _ in
// "z, a := forward(x)", so that the fix leaves no unused variable.
func (a *checker) declarationEdit(decl *ast.FuncDecl, v *types.Var) (analysis.TextEdit, bool) {
	var stmt *ast.AssignStmt
	var ident *ast.Ident
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, lhs := range as.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && a.info.Defs[id] == v {
					stmt, ident = as, id
				}
			}
		}
		return stmt == nil
	})
	if stmt == nil {
		return analysis.TextEdit{}, false
	}
	if len(stmt.Lhs) > 1 {
		for _, lhs := range stmt.Lhs {
			if id, ok := lhs.(*ast.Ident); ok && id != ident && id.Name != "_" && a.info.Defs[id] != nil {
				return analysis.TextEdit{Pos: ident.Pos(), End: ident.End(), NewText: []byte("_")}, true
			}
		}
		return analysis.TextEdit{}, false // "_, _ :=" would not compile
	}
	tf := a.pass.Fset.File(stmt.Pos())
	src := a.source(stmt.Pos())
	start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
	for start > 0 && (src[start-1] == '\t' || src[start-1] == ' ') {
		start--
	}
	if end < len(src) && src[end] == '\n' {
		end++
	}
	return analysis.TextEdit{Pos: tf.Pos(start), End: tf.Pos(end)}, true
}

// text returns the source text of n.
func (a *checker) text(n ast.Node) string {
	src := a.source(n.Pos())
	tf := a.pass.Fset.File(n.Pos())
	if src == nil || tf == nil {
		return types.ExprString(n.(ast.Expr))
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// replaceIn returns the text of outer with inner's text replaced by repl.
func (a *checker) replaceIn(outer, inner ast.Node, repl string) string {
	if inner.Pos() < outer.Pos() || inner.End() > outer.End() {
		return a.text(outer)
	}
	src := a.source(outer.Pos())
	tf := a.pass.Fset.File(outer.Pos())
	if src == nil {
		return a.text(outer)
	}
	o0, o1 := tf.Offset(outer.Pos()), tf.Offset(outer.End())
	i0, i1 := tf.Offset(inner.Pos()), tf.Offset(inner.End())
	return string(src[o0:i0]) + repl + string(src[i1:o1])
}

// source returns the content of the file holding pos.
func (a *checker) source(pos token.Pos) []byte {
	tf := a.pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	if b, ok := a.sources[tf.Name()]; ok {
		return b
	}
	b, err := a.pass.ReadFile(tf.Name())
	if err != nil {
		b = nil
	}
	if a.sources == nil {
		a.sources = map[string][]byte{}
	}
	a.sources[tf.Name()] = b
	return b
}

// fileOf returns the syntax tree of the file holding pos.
func (a *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range a.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}
