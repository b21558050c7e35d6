package testmodule

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// wiredRE is an expectation on a line of a library package: the check
// named reports there when an importer wires the library's constructor
// (the finding is the importer's, its position the library's).
var wiredRE = regexp.MustCompile("// wired (\\w+) `([^`]*)`")

// RunWired runs a on the importer packages pkgs, as analysistest.Run does,
// and checks the diagnostics it reports in the files of the library
// packages libs against their `// wired CHECK` comments: every comment
// for this check matched by one diagnostic on its line, no other
// diagnostic there. analysistest's own // want checks the importers'
// files as usual.
func RunWired(t *testing.T, a *analysis.Analyzer, libs []string, pkgs ...string) {
	t.Helper()
	type key struct {
		file string
		line int
	}
	want := map[key][]*regexp.Regexp{}
	libFiles := map[string]bool{}
	for _, lib := range libs {
		dir := filepath.Join(Dir(t), "src", lib)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			name := filepath.Join(dir, e.Name())
			libFiles[name] = true
			f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					for _, m := range wiredRE.FindAllStringSubmatch(c.Text, -1) {
						if m[1] != a.Name {
							continue
						}
						rx, err := regexp.Compile(m[2])
						if err != nil {
							t.Fatalf("%s: %v", fset.Position(c.Pos()), err)
						}
						k := key{name, fset.Position(c.Pos()).Line}
						want[k] = append(want[k], rx)
					}
				}
			}
		}
	}
	rec := &recorder{}
	for _, r := range analysistest.Run(rec, Dir(t), a, pkgs...) {
		for _, d := range r.Action.Diagnostics {
			posn := r.Action.Package.Fset.Position(d.Pos)
			if !libFiles[posn.Filename] {
				continue
			}
			k := key{posn.Filename, posn.Line}
			matched := false
			for i, rx := range want[k] {
				if rx.MatchString(d.Message) {
					want[k] = append(want[k][:i], want[k][i+1:]...)
					matched = true
					break
				}
			}
			if !matched {
				t.Errorf("%s: unexpected wiring diagnostic: %s", posn, d.Message)
			}
		}
	}
	inLib := func(msg string) bool {
		file, rest, _ := strings.Cut(msg, ":")
		for name := range libFiles {
			if name == file || strings.HasSuffix(name, string(filepath.Separator)+file) {
				return strings.Contains(rest, ": unexpected diagnostic: ")
			}
		}
		return false
	}
	for _, msg := range rec.errs {
		if !inLib(msg) { // analysistest sees no // want in the library's files: checked above
			t.Error(msg)
		}
	}
	for k, rxs := range want {
		for _, rx := range rxs {
			t.Errorf("%s:%d: no wiring diagnostic matching %q", k.file, k.line, rx)
		}
	}
}

// recorder keeps analysistest's complaints for RunWired to sort.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
