package recomputeact

import (
	"fmt"
	"strings"
)

// kind is the activation a site evaluates: one bit per activation, and
// several bits for a dispatcher that returns one of several at run time
// (switch l.Kind { case "tanh": return tanh(z); case "logi": … }).
type kind uint8

const (
	noKind      kind = 0
	tanhKind    kind = 1 << (iota - 1)
	sigmoidKind               // 1/(1+exp(-z))
	expKind                   // exp(z)
	softmaxKind               // exp(z[i])/Σ exp(z[j])
	otherKind   kind = 1 << 7 // a dispatcher's other choices: the identity, ReLU, …
)

var kindNames = []struct {
	k    kind
	name string
}{{tanhKind, "tanh"}, {sigmoidKind, "sigmoid"}, {expKind, "exp"}, {softmaxKind, "softmax"}, {otherKind, "another activation"}}

func (k kind) String() string {
	var names []string
	for _, kn := range kindNames {
		if k&kn.k != 0 {
			names = append(names, kn.name)
		}
	}
	switch len(names) {
	case 0:
		return "?"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// single reports whether k is one activation, not a dispatcher's choice.
func (k kind) single() bool { return k != noKind && k&(k-1) == 0 }

// fits reports whether a derivative written in form (derivForm's result)
// is the derivative of k: softmax's diagonal s*(1-s) has sigmoid's form.
func (form kind) fits(k kind) bool {
	return form == k || form == sigmoidKind && k == softmaxKind
}

// role is what a site's value is: the activation itself or its derivative.
type role uint8

const (
	roleNone  role = iota
	roleAct        // act(z)
	roleDeriv      // act'(z), written on act(z): 1 - t*t, t*(1-t), t
)

func (r role) String() string {
	return [...]string{"none", "activation", "derivative"}[r]
}

// derivative writes act' in terms of the activation a.
func (k kind) derivative(a string) string {
	switch k {
	case tanhKind:
		return "1 - " + a + "*" + a
	case sigmoidKind, softmaxKind:
		return a + " * (1 - " + a + ")"
	case expKind:
		return a
	}
	return "the derivative written on " + a
}

// helperFact says a function evaluates an activation of one parameter and
// returns it (roleAct) or its derivative (roleDeriv). When Elem is set the
// parameter is a matrix or slice and the function works element by element.
type helperFact struct {
	Kind  kind
	Role  role
	Param int
	Elem  bool
	// A mixed summary of several implementations (Kind is not single):
	// the ones that recompute, and the interface or field they sit behind.
	Impls, Dispatch string
}

func (*helperFact) AFact() {}
func (f *helperFact) String() string {
	elem := ""
	if f.Elem {
		elem = " elementwise"
	}
	if !f.Kind.single() {
		return fmt.Sprintf("dispatches %s (%s) of param %d%s", f.Kind, f.Role, f.Param, elem)
	}
	return fmt.Sprintf("%s %s of param %d%s", f.Kind, f.Role, f.Param, elem)
}

// applierFact says a function applies its func parameter FuncParam to every
// element of its parameter DataParam, passing the element as the func's
// parameter ValueParam (gonum's Apply: func 0, data 1, value 2).
type applierFact struct {
	FuncParam, DataParam, ValueParam int // DataParam recvData: the receiver's elements
}

// recvData is applierFact.DataParam for a method that applies its func
// parameter to the receiver's own elements (func (g *Grid) Each(f …)).
const recvData = -1

func (*applierFact) AFact() {}
func (f *applierFact) String() string {
	if f.DataParam == recvData {
		return fmt.Sprintf("applies param %d to the elements of the receiver", f.FuncParam)
	}
	return fmt.Sprintf("applies param %d to the elements of param %d", f.FuncParam, f.DataParam)
}

// resultPairFact says result A of a function is act(result Z).
type resultPairFact struct {
	A, Z     int
	Kind     kind
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
	Kind     kind
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
	Kind          kind
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
