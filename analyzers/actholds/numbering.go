package actholds

// Value numbering: a function that writes the same expression twice
// computes one value (z[j] = dot + b[j]; a[j] = act(dot + b[j])). Two
// arithmetic operations, index or field steps, or loads are one value when
// they apply the same operation to the same values; a load only when
// nothing between the two reads may write what they read (no store, and no
// call given a container, along the same access path), so that a value
// read before an in-place update is never the one read after it, while an
// update after both (a bias stepped once the gradient is known) leaves
// them one value.

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
				k = vnKey{"un" + x.Op.String(), operand(x.X), nil}
				if w, ok := seen[k]; ok && x.Op == token.MUL && written.between(w.(ssa.Instruction), x, accessPath(&h.cls, x.X)) {
					seen[k] = v
					continue
				}
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

// write is an instruction that may write memory, and the path it may
// write.
type write struct {
	idx int // position in its block
	p   path
}

// writes are a function's writes by block, and every instruction's
// position in its block.
type writes struct {
	byBlock map[*ssa.BasicBlock][]write
	idx     map[ssa.Instruction]int
}

// writtenPaths lists the paths fn may write: store addresses, and the
// containers it hands a call (other than len and cap), which may write
// through them.
func (h *holds) writtenPaths(fn *ssa.Function) writes {
	ws := writes{byBlock: map[*ssa.BasicBlock][]write{}, idx: map[ssa.Instruction]int{}}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			ws.idx[instr] = i
			add := func(v ssa.Value) {
				ws.byBlock[b] = append(ws.byBlock[b], write{i, accessPath(&h.cls, v)})
			}
			switch x := instr.(type) {
			case *ssa.Store:
				add(x.Addr)
			case *ssa.MapUpdate:
				add(x.Map)
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
						add(a)
					}
				}
			}
		}
	}
	return ws
}

// between reports whether a write that may overlap p can run after the
// read from and before the read to. Where the function writes nothing
// that may overlap p, every read of it is one value; otherwise only two
// reads in one block with no such write between them are. (Reads in
// different blocks stay apart: united across branches, they let gonum's
// dual.Tanh seem to read an exp through the holdings that flow between
// places, a false positive whose cause is not yet pinned down.)
func (ws writes) between(from, to ssa.Instruction, p path) bool {
	if !ws.mayWrite(p) {
		return false
	}
	b := from.Block()
	if b != to.Block() {
		return true
	}
	lo, hi := ws.idx[from], ws.idx[to]
	for _, w := range ws.byBlock[b] {
		if w.idx > lo && w.idx < hi && pathsOverlap(w.p, p) {
			return true
		}
	}
	return lo > hi
}

// mayWrite reports whether any write of the function may overlap p.
func (ws writes) mayWrite(p path) bool {
	for _, bw := range ws.byBlock {
		for _, w := range bw {
			if pathsOverlap(w.p, p) {
				return true
			}
		}
	}
	return false
}

// mayHoldReference reports whether a value can reach memory: anything but
// a number, a string or a bool.
func mayHoldReference(v ssa.Value) bool {
	_, basic := v.Type().Underlying().(*types.Basic)
	return !basic
}

// pathsOverlap reports whether a written path w may share memory with p:
// the same root, one path a prefix of the other.
func pathsOverlap(w, p path) bool {
	return w.root == p.root && (strings.HasPrefix(w.steps, p.steps) || strings.HasPrefix(p.steps, w.steps))
}
