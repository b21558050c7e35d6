// Command nnvet runs the nnvet analyzers: standalone as "nnvet ./..." (exit
// status 3 on findings, with -fix, -diff and -json) or as a vet tool,
// "go vet -vettool=$(which nnvet) ./..." (exit status 1 on findings).
// "nnvet help recomputeact" prints a check's documentation.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/nnvet/nnvet/analyzers/recomputeact"
)

func main() {
	multichecker.Main(recomputeact.Analyzer)
}
