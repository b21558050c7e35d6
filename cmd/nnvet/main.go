// Command nnvet runs the nnvet analyzers: standalone as "nnvet ./..." (exit
// status 3 on findings, with -fix, -diff and -json), with a SARIF 2.1.0 log
// for code scanning as "nnvet -sarif=FILE ./...", or as a vet tool,
// "go vet -vettool=$(which nnvet) ./..." (exit status 1 on findings).
// "nnvet help recomputeact" and "nnvet help wrongderiv" print a check's
// documentation.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/nnvet/nnvet/analyzers/recomputeact"
	"github.com/nnvet/nnvet/analyzers/wrongderiv"
)

var analyzers = []*analysis.Analyzer{recomputeact.Analyzer, wrongderiv.Analyzer}

func main() {
	if sarifRequested(os.Args[1:]) {
		os.Exit(runSARIF(os.Args[1:], analyzers, os.Stdout, os.Stderr))
	}
	multichecker.Main(analyzers...)
}
