// Package factcache looks up per-function summaries that a stage computes
// for its own package and imports as facts for other packages, importing
// each fact once per callee rather than once per call.
package factcache

import (
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
)

// Imports caches the facts one pass imported, and their absences.
type Imports struct {
	pass *analysis.Pass
	seen map[key]any
}

// key identifies an imported fact of one type about one function.
type key struct {
	fn *types.Func
	t  reflect.Type
}

// New returns an empty cache for pass, whose analyzer owns the facts.
func New(pass *analysis.Pass) *Imports {
	return &Imports{pass: pass, seen: map[key]any{}}
}

// Summary returns fn's summary of type F: from local for the package's
// own functions, imported as a fact for other packages'. A generic
// function's instances share their origin's summary.
func Summary[F any, PF interface {
	*F
	analysis.Fact
}](im *Imports, local map[*types.Func]PF, fn *types.Func) PF {
	fn = fn.Origin()
	if f, ok := local[fn]; ok {
		return f
	}
	if fn.Pkg() == nil || fn.Pkg() == im.pass.Pkg {
		return nil
	}
	k := key{fn, reflect.TypeFor[F]()}
	if f, ok := im.seen[k]; ok {
		return f.(PF)
	}
	f := PF(new(F))
	if !im.pass.ImportObjectFact(fn, f) {
		f = nil
	}
	im.seen[k] = f
	return f
}
