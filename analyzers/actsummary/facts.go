package actsummary

import (
	"fmt"
	"strings"
)

// Kind is the activation a site evaluates: one bit per activation, and
// several bits for a dispatcher that returns one of several at run time
// (switch l.Kind { case "tanh": return tanh(z); case "logi": … }).
type Kind uint8

const (
	NoKind      Kind = 0
	TanhKind    Kind = 1 << (iota - 1)
	SigmoidKind               // 1/(1+exp(-z))
	ExpKind                   // exp(z)
	SoftmaxKind               // exp(z[i])/Σ exp(z[j])
	OtherKind   Kind = 1 << 7 // a dispatcher's other choices: the identity, ReLU, …
)

var kindNames = []struct {
	k    Kind
	Name string
}{{TanhKind, "tanh"}, {SigmoidKind, "sigmoid"}, {ExpKind, "exp"}, {SoftmaxKind, "softmax"}, {OtherKind, "another activation"}}

func (k Kind) String() string {
	var names []string
	for _, kn := range kindNames {
		if k&kn.k != 0 {
			names = append(names, kn.Name)
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

// Single reports whether k is one activation, not a dispatcher's choice.
func (k Kind) Single() bool { return k != NoKind && k&(k-1) == 0 }

// Fits reports whether a derivative written in form (derivForm's result)
// is the derivative of k: softmax's diagonal s*(1-s) has sigmoid's form.
func (form Kind) Fits(k Kind) bool {
	return form == k || form == SigmoidKind && k == SoftmaxKind
}

// Role is what a site's value is: the activation itself or its derivative.
type Role uint8

const (
	RoleNone  Role = iota
	RoleAct        // act(z)
	RoleDeriv      // act'(z), written on act(z): 1 - t*t, t*(1-t), t
)

func (r Role) String() string {
	return [...]string{"none", "activation", "derivative"}[r]
}

// Derivative writes act' in terms of the activation a.
func (k Kind) Derivative(a string) string {
	switch k {
	case TanhKind:
		return "1 - " + a + "*" + a
	case SigmoidKind, SoftmaxKind:
		return a + " * (1 - " + a + ")"
	case ExpKind:
		return a
	}
	return "the derivative written on " + a
}

// HelperFact says a function evaluates an activation of one parameter and
// returns it (roleAct) or its derivative (roleDeriv). When Elem is set the
// parameter is a matrix or slice and the function works element by element.
type HelperFact struct {
	Kind  Kind
	Role  Role
	Param int
	Elem  bool
	// A mixed summary of several implementations (Kind is not single):
	// the ones that recompute, and the interface or field they sit behind.
	Impls, Dispatch string
}

func (*HelperFact) AFact() {}
func (f *HelperFact) String() string {
	elem := ""
	if f.Elem {
		elem = " elementwise"
	}
	if !f.Kind.Single() {
		return fmt.Sprintf("dispatches %s (%s) of param %d%s", f.Kind, f.Role, f.Param, elem)
	}
	return fmt.Sprintf("%s %s of param %d%s", f.Kind, f.Role, f.Param, elem)
}

// ApplierFact says a function applies its func parameter FuncParam to every
// element of its parameter DataParam, passing the element as the func's
// parameter ValueParam (gonum's Apply: func 0, data 1, value 2).
type ApplierFact struct {
	FuncParam, DataParam, ValueParam int // DataParam recvData: the receiver's elements
}

// recvData is applierFact.DataParam for a method that applies its func
// parameter to the receiver's own elements (func (g *Grid) Each(f …)).
const RecvData = -1

func (*ApplierFact) AFact() {}
func (f *ApplierFact) String() string {
	if f.DataParam == RecvData {
		return fmt.Sprintf("applies param %d to the elements of the receiver", f.FuncParam)
	}
	return fmt.Sprintf("applies param %d to the elements of param %d", f.FuncParam, f.DataParam)
}
