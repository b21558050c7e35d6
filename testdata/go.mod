// The analysistest packages of nnvet: a module of its own so that they
// compile against the real gonum (and math32), as users' code does.
module nnvet.test

go 1.26

require (
	github.com/chewxy/math32 v1.11.1
	github.com/gonum/matrix v0.0.0
	gonum.org/v1/gonum v0.17.0
)

// The legacy mat64 API, written here (stubs/gonum-matrix): see its go.mod.
replace github.com/gonum/matrix => ./stubs/gonum-matrix
