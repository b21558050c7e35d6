package actholds

// Places: where a value lives, in terms every function that reaches it
// shares. A value has several names at once: the field of any object of its
// type (l.out), the same field of the very object it was reached through
// (the receiver's out), a constant key of any map of its type, a result or
// parameter of its function, or the SSA value itself. Pairs are learned
// between names and read back through names.

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

type rootKind uint8

const (
	rootLocal  rootKind = iota + 1 // an SSA value: the place is the value itself
	rootParam                      // parameter n of a declared function
	rootResult                     // result n of a declared function
	rootField                      // field obj of any value of its struct type
	rootKey                        // constant key of any map of type typ
	rootSlot                       // constant index of any array of type typ
	rootGlobal                     // package-level variable obj
	rootMethod                     // pure method obj of any receiver: u.in()
)

// root is where a place starts. Comparable: places are map keys.
type root struct {
	kind rootKind
	obj  types.Object // field, global, method; the function of a param or result
	typ  string       // map or array type of a key or slot
	key  string       // the key or the constant index
	n    int          // param or result index
	val  ssa.Value    // local
}

// Loc is a place: a root and the steps below it, ".f" for a field, "[]"
// for an element at some index (which names carry), "[3]" and `["k"]` for
// constant ones, ".m()" for a pure method.
type Loc struct {
	root root
	path string
}

// abstract reports whether the root means the same in every function
// (a field, a map key, an array slot, a global, a pure method), so that a
// pair learned in forward holds in backward.
func (r root) abstract() bool {
	switch r.kind {
	case rootField, rootKey, rootSlot, rootGlobal, rootMethod:
		return true
	}
	return false
}

func (l Loc) String() string {
	var s string
	switch r := l.root; r.kind {
	case rootLocal:
		s = "%" + r.val.Name()
	case rootParam:
		s = fmt.Sprintf("%s.param%d", r.obj.Name(), r.n)
	case rootResult:
		s = fmt.Sprintf("%s.result%d", r.obj.Name(), r.n)
	case rootField:
		s = "." + r.obj.Name()
	case rootKey:
		s = fmt.Sprintf("%s[%q]", r.typ, r.key)
	case rootSlot:
		s = fmt.Sprintf("%s[%s]", r.typ, r.key)
	case rootGlobal:
		s = r.obj.Name()
	case rootMethod:
		s = "." + r.obj.Name() + "()"
	}
	return s + l.path
}

// wildcards counts the "[]" steps of a path.
func wildcards(path string) int { return strings.Count(path, "[]") }

// steps splits a path into its steps.
func steps(path string) []string {
	var out []string
	for i := 0; i < len(path); {
		j := i + 1
		switch path[i] {
		case '.':
			for j < len(path) && path[j] != '.' && path[j] != '[' {
				j++
			}
		case '[':
			for j < len(path) && path[j-1] != ']' {
				j++
			}
			// a quoted key may hold ']'
			if path[i+1] == '"' {
				k := strings.Index(path[i+2:], `"]`)
				if k >= 0 {
					j = i + 2 + k + 2
				}
			}
		}
		out = append(out, path[i:j])
		i = j
	}
	return out
}

// index is one "[]" step's index, as a function sees it.
type index struct {
	vals  []ssa.Value     // the index values (two for At(i, j)); none for a constant
	c     int64           // a constant index, or one added to vals (zs[l+1])
	end   bool            // counted from the end: x[len(x)-v]
	block *ssa.BasicBlock // appended in this block, once a pass; c is then the length before the loop
	known bool            // c is known (false: an append after a length we do not know)
	bound ssa.Value       // the element an applier hands this closure (a *ssa.Function or *ssa.MakeClosure)
	// counted: for an append's rank, the same index written with the
	// counter of the loop it runs once in (out = append(out, act(x[i]))
	// appends element i).
	counted *index
}

// name is one place a value has, with the indices of its "[]" steps.
type name struct {
	loc Loc
	idx []index
	// owner is the value the abstract root was reached through (l for
	// l.out, the map for cache["A1"]): the partner is read through it.
	owner ssa.Value
	at    ssa.Instruction // what gave the value this name, for evidence
	how   string          // "assigned", "stored", "appended", "returned", "passed"
	// partial: a result that other returns of the function give another
	// value (a dispatcher's switch): what the value holds, the result may.
	partial bool
}

// align says how b's indices follow a's: equal except at most one, the
// first that differs, by a constant (returned with its position among the
// wildcards, -1 when none differs). Indices counted from the end align with
// any offset: lockstep says so.
func align(a, b []index) (off int64, at int, lockstep, ok bool) {
	if len(a) != len(b) {
		return 0, -1, false, false
	}
	at = -1
	for i := range a {
		x, y := a[i], b[i]
		if x.block != nil && y.block == nil && x.counted != nil {
			x = *x.counted
		}
		if y.block != nil && x.block == nil && y.counted != nil {
			y = *y.counted
		}
		if x.bound != nil || y.bound != nil {
			if x.bound != y.bound {
				return 0, -1, false, false
			}
			continue
		}
		if x.end != y.end || (x.block == nil) != (y.block == nil) || !sameVals(x.vals, y.vals) {
			return 0, -1, false, false
		}
		if x.end {
			lockstep = true
			if x.c != y.c {
				return 0, -1, false, false
			}
			continue
		}
		if x.block != nil && (x.block != y.block || !x.known || !y.known) {
			return 0, -1, false, false
		}
		if d := y.c - x.c; d != 0 {
			if at >= 0 {
				return 0, -1, false, false
			}
			off, at = d, i
		}
		if x.block != nil {
			lockstep = true
		}
	}
	return off, at, lockstep, true
}

func sameVals(a, b []ssa.Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// mayHold reports whether a value of type t can hold numbers: a float, or
// a container, pointer, struct or interface that may.
func mayHold(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsFloat != 0
	case *types.Pointer:
		return mayHold(u.Elem(), depth+1)
	case *types.Slice:
		return mayHold(u.Elem(), depth+1)
	case *types.Array:
		return mayHold(u.Elem(), depth+1)
	case *types.Map:
		return mayHold(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if mayHold(u.Field(i).Type(), depth+1) {
				return true
			}
		}
		return false
	case *types.Interface:
		return true
	}
	if _, ok := t.(*types.TypeParam); ok {
		return true
	}
	return false
}
