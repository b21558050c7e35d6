package recomputeact

import (
	"fmt"
	"strings"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// resultPairFact says result A of a function is act(result Z).
type resultPairFact struct {
	A, Z     int
	Kind     actsummary.Kind
	Offset   int    // slices in Nielsen's layout: Z's element k is A's k+Offset
	Dispatch string // for a mixed kind: the interface or func table
}

func (*resultPairFact) AFact() {}
func (f *resultPairFact) String() string {
	return fmt.Sprintf("result %d = %s(result %d)", f.A, f.Kind, f.Z)
}

// fieldPairFact, on a field Z, says field A of the same struct holds act(Z).
type fieldPairFact struct {
	A        string
	Kind     actsummary.Kind
	Evidence string
	Dispatch string // for a mixed kind: the interface or func table it came through
}

func (*fieldPairFact) AFact() {}
func (f *fieldPairFact) String() string {
	return fmt.Sprintf("%s holds %s of it (%s)", f.A, f.Kind, f.Evidence)
}

// mapPairsFact, on a package, lists constant map keys whose values pair up.
type mapPairsFact struct {
	Pairs []mapPair
}

type mapPair struct {
	MapType, A, Z string
	Kind          actsummary.Kind
	Evidence      string
}

func (*mapPairsFact) AFact() {}
func (f *mapPairsFact) String() string {
	var parts []string
	for _, p := range f.Pairs {
		parts = append(parts, fmt.Sprintf("%s = %s(%s) (%s)", p.A, p.Kind, p.Z, p.Evidence))
	}
	return strings.Join(parts, "; ")
}
