package actholds_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/internal/testmodule"
)

func TestMain(m *testing.M) { testmodule.Main(m) }

// probe reports, for every call probe(x) in the package under test, what
// actholds says x holds: the first activation and pre-activation, with
// their evidence, or that it holds nothing. The stage reports nothing
// itself, so this is how its answers are asserted.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report what actholds says each probe(x) argument holds",
	Requires: []*analysis.Analyzer{inspect.Analyzer, actholds.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		holds := pass.ResultOf[actholds.Analyzer].(*actholds.Holds)
		defer holds.Use()()
		insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		insp.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
			call := n.(*ast.CallExpr)
			id, ok := call.Fun.(*ast.Ident)
			if !ok || id.Name != "probe" || len(call.Args) != 1 {
				return
			}
			c := holds.Of(call.Args[0])
			var says []string
			if len(c.Act) > 0 {
				says = append(says, fmt.Sprintf("act %s (%s)", c.Act[0].Kind, c.Act[0].Evidence))
			}
			for _, h := range c.Pre {
				if !h.Packed {
					says = append(says, fmt.Sprintf("pre of %s (%s)", h.Kind, h.Evidence))
					break
				}
			}
			var packed []string
			for _, h := range c.Pre {
				if k := h.Kind.String(); h.Packed && !slices.Contains(packed, k) {
					packed = append(packed, k)
				}
			}
			if len(packed) > 0 {
				slices.Sort(packed)
				says = append(says, "packed pre of "+strings.Join(packed, " or "))
			}
			if len(says) == 0 {
				says = append(says, "nothing")
			}
			pass.Reportf(call.Pos(), "%s: %s", types.ExprString(call.Args[0]), strings.Join(says, "; "))
		})
		return nil, nil
	},
}

// Each package asserts the stage's answers with // want on probe calls;
// every package pairs what holds with its twin that does not.
func TestReturnedAndAliased(t *testing.T) {
	analysistest.Run(t, testmodule.Dir(t), probe, "./src/holds")
}
