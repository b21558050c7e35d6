// Package ignore reads the "//nnvet:ignore CHECK <reason>" directives that
// suppress a check's findings on a line or a function, and reports the
// ones without a reason or that suppress nothing.
package ignore

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// directive is one "//nnvet:ignore CHECK <reason>" comment. On a
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

// Directives are the directives of one package that name one check.
type Directives struct {
	check string
	list  []*directive
}

var directiveRE = regexp.MustCompile(`^//\s*nnvet:ignore\s+(\S+)\s*(.*)$`)

// Collect gathers the directives of pass's files that name check (or "all").
func Collect(pass *analysis.Pass, check string) *Directives {
	ds := &Directives{check: check}
	for _, f := range pass.Files {
		docOf := map[*ast.CommentGroup]*ast.FuncDecl{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
				docOf[fd.Doc] = fd
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				m := directiveRE.FindStringSubmatch(c.Text)
				if m == nil || !namesCheck(m[1], check) {
					continue
				}
				p := pass.Fset.Position(c.Pos())
				reason, _, _ := strings.Cut(m[2], "//") // a trailing comment is not the reason
				ds.list = append(ds.list, &directive{pos: c.Pos(), file: p.Filename, line: p.Line, fn: docOf[cg], reason: strings.TrimSpace(reason)})
			}
		}
	}
	return ds
}

// namesCheck reports whether a comma-separated list of checks names check.
func namesCheck(list, check string) bool {
	for _, name := range strings.Split(list, ",") {
		if name == check || name == "all" {
			return true
		}
	}
	return false
}

// Suppress reports whether a directive with a reason covers pos in decl,
// and marks it used.
func (ds *Directives) Suppress(fset *token.FileSet, decl *ast.FuncDecl, pos token.Pos) bool {
	p := fset.Position(pos)
	for _, d := range ds.list {
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

// ReportUnused reports directives without a reason and directives that
// suppressed nothing: both are mistakes that would hide future findings.
func (ds *Directives) ReportUnused(pass *analysis.Pass) {
	for _, d := range ds.list {
		switch {
		case d.reason == "":
			pass.Reportf(d.pos, "nnvet:ignore %s needs a reason", ds.check)
		case !d.used:
			pass.Reportf(d.pos, "nnvet:ignore %s suppresses nothing; remove it", ds.check)
		}
	}
}
