package wdgraph

import "math"

// node walks its graph recursively instead of keeping closures: operands
// are copied by value into new nodes, and each node hands its operands
// their gradient, itself a node, and recurses into them.
type node struct {
	data        [][]float64
	left, right *node
	grad        *node
	op          string
}

func newNode(d [][]float64, left, right *node, op string) *node {
	return &node{data: d, left: left, right: right, op: op}
}

func zeros(n node) *node {
	d := make([][]float64, len(n.data))
	for i := range d {
		d[i] = make([]float64, len(n.data[i]))
	}
	return newNode(d, nil, nil, "")
}

func mul(a, b node) *node {
	out := zeros(a)
	for i := range out.data {
		for j := range out.data[i] {
			out.data[i][j] = a.data[i][j] * b.data[i][j]
		}
	}
	out.left, out.right, out.op = &a, &b, "mul"
	return out
}

func tanhNode(x node) *node {
	out := zeros(x)
	for i := range out.data {
		for j := range out.data[i] {
			out.data[i][j] = math.Tanh(x.data[i][j])
		}
	}
	out.left, out.op = &x, "tanh"
	return out
}

func (n *node) kids() []*node {
	var ks []*node
	for _, k := range []*node{n.left, n.right} {
		if k != nil {
			ks = append(ks, k)
		}
	}
	return ks
}

func (n *node) backprop() {
	for i, k := range n.kids() {
		g := zeros(*k)
		switch n.op {
		case "mul":
			other := n.kids()[(i+1)%2]
			for r := range g.data {
				copy(g.data[r], other.data[r])
			}
		case "tanh":
			for r := range g.data {
				for c := range g.data[r] {
					g.data[r][c] = 1 - n.data[r][c]*n.data[r][c]
				}
			}
		}
		k.grad = mul(*g, *n.grad)
		k.backprop()
	}
}
