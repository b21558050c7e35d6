package actholds

// Value numbering: a function that writes the same expression twice
// computes one value (z[j] = dot + b[j]; a[j] = act(dot + b[j])). Two
// arithmetic operations, index or field steps, or loads are one value when
// they apply the same operation to the same values; a load only when the
// function writes nothing that may overlap what it reads (no store, and no
// call given a container, along the same access path), so that a value
// read before an in-place update is never the one read after it.

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// vnKey identifies an operation by its operator and operands (classes, or
// constants by value).
type vnKey struct {
	op   string
	x, y any
}

// numberValues unites the values of fn that apply the same operation to
// the same operands. Dominator order: operands are numbered before use.
func (h *holds) numberValues(fn *ssa.Function) {
	if len(fn.Blocks) == 0 {
		return
	}
	written := h.writtenPaths(fn)
	seen := map[vnKey]ssa.Value{}
	operand := func(v ssa.Value) any {
		if c, ok := v.(*ssa.Const); ok {
			return "const " + c.String()
		}
		return h.cls.find(v)
	}
	for _, b := range fn.DomPreorder() {
		for _, instr := range b.Instrs {
			v, ok := instr.(ssa.Value)
			if !ok {
				continue
			}
			var k vnKey
			switch x := v.(type) {
			case *ssa.BinOp:
				k = vnKey{x.Op.String(), operand(x.X), operand(x.Y)}
				if commutes(x.Op) {
					if w, ok := seen[vnKey{k.op, k.y, k.x}]; ok {
						h.cls.union(v, w)
						continue
					}
				}
			case *ssa.IndexAddr:
				k = vnKey{"&[]", operand(x.X), operand(x.Index)}
			case *ssa.Index:
				k = vnKey{"[]", operand(x.X), operand(x.Index)}
			case *ssa.FieldAddr:
				k = vnKey{"&.", operand(x.X), x.Field}
			case *ssa.Field:
				k = vnKey{".", operand(x.X), x.Field}
			case *ssa.UnOp:
				if x.Op == token.MUL && mayOverlap(written, accessPath(&h.cls, x.X)) {
					continue
				}
				k = vnKey{"un" + x.Op.String(), operand(x.X), nil}
			default:
				continue
			}
			if w, ok := seen[k]; ok {
				h.cls.union(v, w)
			} else {
				seen[k] = v
			}
		}
	}
}

func commutes(op token.Token) bool {
	switch op {
	case token.ADD, token.MUL, token.EQL, token.NEQ, token.AND, token.OR, token.XOR:
		return true
	}
	return false
}

// path is an access path: a root value and field and index steps below it
// (".2[][]"), derefs left out.
type path struct {
	root  ssa.Value
	steps string
}

// accessPath walks an address or a value down to its root.
func accessPath(cls *classes, v ssa.Value) path {
	steps := ""
	for range 32 {
		switch x := v.(type) {
		case *ssa.IndexAddr:
			steps, v = "[]"+steps, x.X
		case *ssa.Index:
			steps, v = "[]"+steps, x.X
		case *ssa.FieldAddr:
			steps, v = fmt.Sprintf(".%d", x.Field)+steps, x.X
		case *ssa.Field:
			steps, v = fmt.Sprintf(".%d", x.Field)+steps, x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return path{cls.find(v), steps}
			}
			v = x.X
		case *ssa.Slice:
			v = x.X
		default:
			return path{cls.find(v), steps}
		}
	}
	return path{cls.find(v), steps}
}

// writtenPaths lists the paths fn may write: store addresses, and the
// containers it hands a call (other than len and cap), which may write
// through them.
func (h *holds) writtenPaths(fn *ssa.Function) []path {
	var out []path
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.Store:
				out = append(out, accessPath(&h.cls, x.Addr))
			case *ssa.MapUpdate:
				out = append(out, accessPath(&h.cls, x.Map))
			case ssa.CallInstruction:
				common := x.Common()
				if bi, ok := common.Value.(*ssa.Builtin); ok && (bi.Name() == "len" || bi.Name() == "cap") {
					continue
				}
				args := common.Args
				if common.IsInvoke() {
					args = append([]ssa.Value{common.Value}, args...)
				}
				for _, a := range args {
					if _, ok := a.(*ssa.Const); !ok && mayHoldReference(a) {
						out = append(out, accessPath(&h.cls, a))
					}
				}
			}
		}
	}
	return out
}

// mayHoldReference reports whether a value can reach memory: anything but
// a number, a string or a bool.
func mayHoldReference(v ssa.Value) bool {
	_, basic := v.Type().Underlying().(*types.Basic)
	return !basic
}

// mayOverlap reports whether p may share memory with a written path: the
// same root, one path a prefix of the other.
func mayOverlap(written []path, p path) bool {
	for _, w := range written {
		if w.root == p.root && (strings.HasPrefix(w.steps, p.steps) || strings.HasPrefix(p.steps, w.steps)) {
			return true
		}
	}
	return false
}
