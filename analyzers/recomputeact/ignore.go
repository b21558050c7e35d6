package recomputeact

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// directive is one "//nnvet:ignore recomputeact <reason>" comment. On a
// function's doc comment it covers the function; elsewhere it covers its own
// line and the next one.
type directive struct {
	pos    token.Pos
	file   string
	line   int
	fn     *ast.FuncDecl // set for a function-level directive
	reason string
	used   bool
}

type directives []*directive

var directiveRE = regexp.MustCompile(`^//\s*nnvet:ignore\s+(\S+)\s*(.*)$`)

// directives collects the ignore directives naming this analyzer.
func (a *checker) directives() directives {
	var ds directives
	for _, f := range a.pass.Files {
		docOf := map[*ast.CommentGroup]*ast.FuncDecl{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
				docOf[fd.Doc] = fd
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				m := directiveRE.FindStringSubmatch(c.Text)
				if m == nil || !namesCheck(m[1]) {
					continue
				}
				p := a.pass.Fset.Position(c.Pos())
				reason, _, _ := strings.Cut(m[2], "//") // a trailing comment is not the reason
				ds = append(ds, &directive{pos: c.Pos(), file: p.Filename, line: p.Line, fn: docOf[cg], reason: strings.TrimSpace(reason)})
			}
		}
	}
	return ds
}

// namesCheck reports whether a comma-separated list of checks names this one.
func namesCheck(list string) bool {
	for _, name := range strings.Split(list, ",") {
		if name == analyzerName || name == "all" {
			return true
		}
	}
	return false
}

// suppress reports whether a directive with a reason covers pos, and marks it used.
func (ds directives) suppress(fset *token.FileSet, decl *ast.FuncDecl, pos token.Pos) bool {
	p := fset.Position(pos)
	for _, d := range ds {
		if d.reason == "" {
			continue
		}
		if d.fn == decl || (d.fn == nil && d.file == p.Filename && (d.line == p.Line || d.line+1 == p.Line)) {
			d.used = true
			return true
		}
	}
	return false
}

// reportUnused reports directives without a reason and directives that
// suppressed nothing: both are mistakes that would hide future findings.
func (ds directives) reportUnused(pass *analysis.Pass) {
	for _, d := range ds {
		switch {
		case d.reason == "":
			pass.Reportf(d.pos, "nnvet:ignore %s needs a reason", analyzerName)
		case !d.used:
			pass.Reportf(d.pos, "nnvet:ignore %s suppresses nothing; remove it", analyzerName)
		}
	}
}
