package recomputeact

import (
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/source"
)

// checker is the reporting stage over one package. It reads actsummary's
// sites (embedded) and asks actholds what a site's argument holds.
type checker struct {
	*actsummary.Summaries
	holds *actholds.Holds
	pass  *analysis.Pass
	info  *types.Info
	insp  *inspector.Inspector

	src  *source.Text
	uses map[*types.Var]int // lazily: uses of each variable
}

func newChecker(pass *analysis.Pass, sums *actsummary.Summaries, holds *actholds.Holds, insp *inspector.Inspector) *checker {
	return &checker{Summaries: sums, holds: holds, pass: pass, info: pass.TypesInfo, insp: insp, src: source.New(pass, insp)}
}
