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
	ReluKind                  // max(0, z), and leaky variants
	EluKind                   // z for z > 0, α(exp(z) − 1) below (SELU scales both)
	OtherKind   Kind = 1 << 7 // a dispatcher's other choices: the identity, …
)

var kindNames = []struct {
	k    Kind
	Name string
}{{TanhKind, "tanh"}, {SigmoidKind, "sigmoid"}, {ExpKind, "exp"}, {SoftmaxKind, "softmax"}, {ReluKind, "relu"}, {EluKind, "elu"}, {OtherKind, "another activation"}}

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

// Role is what a site's value is: the activation itself, or its
// derivative in one of the forms a derivative is written in.
type Role uint8

const (
	RoleNone  Role = iota
	RoleAct        // act(z)
	RoleDeriv      // act'(z) on the pre-activation, recomputing act(z): 1 - tanh(z)², σ(z)(1-σ(z))
	// RoleOutDeriv is act' written on the activation itself: a*(1-a) for
	// sigmoid, 1-a*a for tanh, a + α below zero for ELU. Right only on A.
	RoleOutDeriv
	// RoleSignDeriv is ReLU's derivative, a test of the sign: right on Z,
	// and on A unless it gives 1 at zero (Inclusive: x >= 0), which a ReLU
	// output always passes.
	RoleSignDeriv
)

func (r Role) String() string {
	return [...]string{"none", "activation", "derivative", "derivative", "derivative"}[r]
}

// Derivative reports whether r is a derivative, in whatever form.
func (r Role) Derivative() bool { return r >= RoleDeriv }

// Derivative writes act' in terms of the activation a.
func (k Kind) Derivative(a string) string {
	switch k {
	case TanhKind:
		return "1 - " + a + "*" + a
	case SigmoidKind, SoftmaxKind:
		return a + " * (1 - " + a + ")"
	case ExpKind:
		return a
	case ReluKind:
		return "1 where " + a + " > 0, else 0"
	case EluKind:
		return "1 where " + a + " > 0, else " + a + " + α"
	}
	return "the derivative written on " + a
}

// Exact reports whether Derivative writes an expression (ReLU's and ELU's
// are piecewise: no one expression a fix can use).
func (k Kind) Exact() bool {
	return k == TanhKind || k == SigmoidKind || k == SoftmaxKind || k == ExpKind
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
	// Inclusive: a sign test (RoleSignDeriv) that gives 1 at zero.
	Inclusive bool
	// Entries lists a dispatch's derivatives one by one when their forms
	// differ ("Sigmoid.D=out:sigmoid;Tanh.D=z:tanh"); see ParseEntries.
	Entries string
	// InPlace: the function returns nothing and overwrites the elements
	// of its parameter with the result (ApplyMatrix(m) applies σ to m).
	InPlace bool
}

func (*HelperFact) AFact() {}
func (f *HelperFact) String() string {
	elem := ""
	if f.Elem {
		elem = " elementwise"
	}
	switch f.Role {
	case RoleOutDeriv:
		elem = " (output form)" + elem
	case RoleSignDeriv:
		if f.Inclusive {
			elem = " (sign test, 1 at zero)" + elem
		} else {
			elem = " (sign test)" + elem
		}
	}
	if f.Entries != "" {
		elem += " [" + f.Entries + "]"
	}
	if f.InPlace {
		elem += " in place"
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

// Entry is one implementation behind a dispatch of derivatives.
type Entry struct {
	Name      string
	Role      Role
	Kind      Kind
	Inclusive bool
}

var roleCodes = map[Role]string{RoleDeriv: "z", RoleOutDeriv: "out", RoleSignDeriv: "sign"}

func (e Entry) code() string {
	s := e.Name + "=" + roleCodes[e.Role] + ":" + e.Kind.String()
	if e.Inclusive {
		s += ":incl"
	}
	return s
}

// ParseEntries reads Entries back.
func (f *HelperFact) ParseEntries() []Entry {
	if f.Entries == "" {
		return nil
	}
	var out []Entry
	for _, part := range strings.Split(f.Entries, ";") {
		eq := strings.LastIndex(part, "=")
		if eq < 0 {
			continue
		}
		fields := strings.Split(part[eq+1:], ":")
		e := Entry{Name: part[:eq]}
		for r, c := range roleCodes {
			if c == fields[0] {
				e.Role = r
			}
		}
		if len(fields) > 1 {
			for _, kn := range kindNames {
				if kn.Name == fields[1] {
					e.Kind = kn.k
				}
			}
		}
		e.Inclusive = len(fields) > 2 && fields[2] == "incl"
		out = append(out, e)
	}
	return out
}
