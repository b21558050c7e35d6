package gradcheck_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

// value is a micrograd-style scalar: an autograd engine's parameter.
type value struct{ data, grad float64 }

// storedNet is tinyNet with its parameters in the user's own storage:
// W1 as rows, b1 as a flat slice, W2 as rows of different... one row, b2 as
// a micrograd value. Its loss reads them where they are.
type storedNet struct {
	W1, dW1 [][]float64
	b1, db1 []float64
	W2, dW2 [][]float64
	b2      []*value
	X, Y    *mat.Dense
}

// newStoredNet copies tinyNet's parameters and gradients (dW2 scaled by
// bugDW2, and db1[2] off by bugDB1) into the user's storage.
func newStoredNet(bugDW2, bugDB1 float64) *storedNet {
	t := newTinyNet()
	g := t.backward(bugDW2)
	rows := func(m *mat.Dense) [][]float64 {
		r, c := m.Dims()
		out := make([][]float64, r)
		for i := range out {
			out[i] = make([]float64, c)
			for j := range out[i] {
				out[i][j] = m.At(i, j)
			}
		}
		return out
	}
	col := func(m *mat.Dense) []float64 { return mat.Col(nil, 0, m) }
	n := &storedNet{W1: rows(t.W1), dW1: rows(g[0].Grad), b1: col(t.b1), db1: col(g[1].Grad),
		W2: rows(t.W2), dW2: rows(g[2].Grad), b2: []*value{{t.b2.At(0, 0), g[3].Grad.At(0, 0)}}, X: t.X, Y: t.Y}
	n.db1[2] += bugDB1
	return n
}

func (n *storedNet) loss() float64 {
	t := newTinyNet()
	for i, row := range n.W1 {
		for j, v := range row {
			t.W1.Set(i, j, v)
		}
	}
	for i, v := range n.b1 {
		t.b1.Set(i, 0, v)
	}
	for j, v := range n.W2[0] {
		t.W2.Set(0, j, v)
	}
	t.b2.Set(0, 0, n.b2[0].data)
	return t.loss()
}

func (n *storedNet) params() []gradcheck.Param {
	return []gradcheck.Param{
		gradcheck.Rows("W1", n.W1, n.dW1),
		gradcheck.Vector("b1", n.b1, n.db1),
		gradcheck.Rows("W2", n.W2, n.dW2),
		gradcheck.Scalars("b2", len(n.b2), func(i int) float64 { return n.b2[i].data },
			func(i int, v float64) { n.b2[i].data = v }, func(i int) float64 { return n.b2[i].grad }),
	}
}

// storedBits snapshots every value of the stored network.
func (n *storedNet) bits() []uint64 {
	var out []uint64
	for _, rows := range [][][]float64{n.W1, {n.b1}, n.W2} {
		for _, r := range rows {
			for _, v := range r {
				out = append(out, math.Float64bits(v))
			}
		}
	}
	return append(out, math.Float64bits(n.b2[0].data))
}

func TestStoragesInEveryMode(t *testing.T) {
	modes := map[string][]gradcheck.Option{
		"element-wise":  nil,
		"fast":          {gradcheck.Fast(3, 1)},
		"sample":        {gradcheck.Sample(4, 1)},
		"per parameter": {gradcheck.Fast(3, 1), gradcheck.PerParameter()},
		"parallel": {gradcheck.Parallel(2, func() (func() float64, []gradcheck.Param) {
			n := newStoredNet(1, 0)
			return n.loss, n.params()
		})},
	}
	for name, opts := range modes {
		t.Run(name, func(t *testing.T) {
			n := newStoredNet(1, 0)
			before := n.bits()
			rep, err := gradcheck.Check(n.loss, n.params(), opts...)
			if err != nil || !rep.OK() || len(rep.Params) != 4 {
				t.Fatalf("correct gradients: err %v\n%v", err, rep)
			}
			if !strings.Contains(rep.String(), "W1     3×2") || !strings.Contains(rep.String(), "b1     3 ") {
				t.Errorf("shapes not reported:\n%v", rep)
			}
			if name == "parallel" { // the replicas are correct; the bug is planted in the checked model only
				return
			}
			n = newStoredNet(-1, 0.01) // dW2 with the wrong sign, db1[2] off by 0.01
			rep, err = gradcheck.Check(n.loss, n.params(), opts...)
			t.Logf("planted bugs in Rows, Vector and Scalars:\n%v", rep)
			if err != nil || rep.OK() || rep.Param("W2").OK || rep.Param("W1").OK != true || rep.Param("b2").OK != true {
				t.Fatalf("planted bugs: err %v\n%v", err, rep)
			}
			if h := rep.Param("W2").Hint; !strings.Contains(h, "dW2 is the negated numerical gradient") {
				t.Errorf("hint %q\n%v", h, rep)
			}
			if c := rep.Param("b1").Comparison; name != "sample" && (c == nil || len(c.Mismatches) != 1 || c.Index(c.Mismatches[0].Row, c.Mismatches[0].Col) != "db1[2]") {
				t.Errorf("db1[2] not named:\n%v", rep)
			}
			if c := rep.Param("W2").Comparison; c == nil || len(c.Mismatches) == 0 || !strings.HasPrefix(c.Index(c.Mismatches[0].Row, c.Mismatches[0].Col), "dW2[0,") {
				t.Errorf("dW2 elements not named:\n%v", rep)
			}
			sameStoredBits(t, before, n.bits())
		})
	}
}

func sameStoredBits(t *testing.T, before, after []uint64) {
	t.Helper()
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("value %d changed: %#x → %#x", i, before[i], after[i])
		}
	}
}

// Every storage is restored bit for bit when the loss panics mid-check, in
// the element-wise and the directional modes, −0 and subnormals included.
func TestStoragesRestoreWhenLossPanics(t *testing.T) {
	for _, opts := range [][]gradcheck.Option{nil, {gradcheck.Fast(3, 1)}, {gradcheck.Fast(3, 1), gradcheck.PerParameter()}} {
		for panicAt := 3; panicAt < 12; panicAt += 4 {
			n := newStoredNet(1, 0.5)
			n.W1[0][1] = math.Copysign(0, -1)
			n.b1[1] = 5e-324
			before := n.bits()
			calls := 0
			loss := func() float64 {
				calls++
				if calls == panicAt {
					panic("boom")
				}
				return n.loss()
			}
			_, err := gradcheck.Check(loss, n.params(), opts...)
			if err == nil || !strings.Contains(err.Error(), "loss panicked while") || !strings.Contains(err.Error(), "boom") {
				t.Errorf("%v at call %d: err = %v", opts, panicAt, err)
			}
			sameStoredBits(t, before, n.bits())
		}
	}
	// A Scalars set that panics is an error too, and the other storages come back.
	n := newStoredNet(1, 0)
	before := n.bits()
	ps := n.params()
	ps[3] = gradcheck.Scalars("b2", 1, func(int) float64 { return n.b2[0].data },
		func(int, float64) { panic("read-only value") }, func(int) float64 { return 0 })
	_, err := gradcheck.Check(n.loss, ps)
	if err == nil || !strings.Contains(err.Error(), "read-only value") {
		t.Errorf("panicking set: err = %v", err)
	}
	sameStoredBits(t, before, n.bits())
}

func TestStorageShapeErrors(t *testing.T) {
	n := newStoredNet(1, 0)
	get := func(int) float64 { return 0 }
	for _, c := range []struct {
		p    gradcheck.Param
		want string
	}{
		{gradcheck.Rows("W", [][]float64{{1, 2}, {3, 4, 5}}, [][]float64{{1, 2}, {3, 4}}), "W row 1 has 3 elements but dW row 1 has 2"},
		{gradcheck.Rows("W", [][]float64{{1}, {2}}, [][]float64{{1}}), "W has 2 rows but dW has 1"},
		{gradcheck.Rows("W", nil, nil), "W: Rows value has no rows"},
		{gradcheck.Rows("W", [][]float64{{}}, [][]float64{{}}), "W: every row is empty"},
		{gradcheck.Vector("b", []float64{1, 2}, []float64{1}), "b has 2 elements but db has 1"},
		{gradcheck.Vector("b", nil, nil), "b: Vector value is empty"},
		{gradcheck.Vector32("b", []float32{1}, []float32{1, 2}), "b has 1 elements but db has 2"},
		{gradcheck.Matrix32("W", 2, 3, make([]float32, 5), make([]float32, 5)), "W: Matrix32 is 2×3 but its value has 5 elements"},
		{gradcheck.Matrix32("W", 2, 3, make([]float32, 6), make([]float32, 5)), "W has 6 elements but dW has 5"},
		{gradcheck.Matrix32("W", 0, 3, nil, nil), "W: Matrix32 needs at least one row and one column, got 0×3"},
		{gradcheck.Matrix32("W", 1, 2, []float32{1, 2}, []float32{0, float32(math.Inf(-1))}), "analytic gradient dW[0,1] is -Inf"},
		{gradcheck.Scalars("s", 0, get, func(int, float64) {}, get), "s: Scalars needs at least one element, got n=0"},
		{gradcheck.Scalars("s", 2, get, nil, nil), "s: Scalars set and grad is nil"},
		{gradcheck.Vector("b", []float64{1, math.NaN()}, []float64{1, 2}), "parameter b[1] is NaN"},
		{gradcheck.Rows("W", [][]float64{{1}, {2, 3}}, [][]float64{{1}, {2, math.Inf(1)}}), "analytic gradient dW[1,1] is +Inf"},
	} {
		before := n.bits()
		_, err := gradcheck.Check(n.loss, []gradcheck.Param{c.p})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %q", err, c.want)
		}
		sameStoredBits(t, before, n.bits())
	}
	// Value set on a Param made by Vector is ambiguous.
	p := gradcheck.Vector("b", []float64{1}, []float64{1})
	p.Value = mat.NewDense(1, 1, nil)
	if _, err := gradcheck.Check(n.loss, []gradcheck.Param{p}); err == nil || !strings.Contains(err.Error(), "made by Vector but Value or Grad is set too") {
		t.Errorf("err = %v", err)
	}
}

// A loss that writes to a parameter kept in the user's storage is caught,
// as with matrices, and a Parallel factory sharing the storage is refused.
func TestStorageMutationAndSharing(t *testing.T) {
	n := newStoredNet(1, 0)
	before := n.bits()
	_, err := gradcheck.Check(func() float64 { n.b1[2] += 1; return n.loss() }, n.params())
	if err == nil || !strings.Contains(err.Error(), "the loss changed parameter b1[2]") {
		t.Errorf("err = %v", err)
	}
	sameStoredBits(t, before, n.bits())
	for _, shareAll := range []bool{true, false} {
		build := func() (func() float64, []gradcheck.Param) {
			m := newStoredNet(1, 0)
			if shareAll {
				return n.loss, n.params()
			}
			ps := m.params()
			ps[3] = n.params()[3] // only the micrograd value is shared
			return m.loss, ps
		}
		_, err := gradcheck.Check(n.loss, n.params(), gradcheck.Parallel(2, build))
		if err == nil || !strings.Contains(err.Error(), "not the same memory") {
			t.Errorf("shared factory (all %v) accepted: %v", shareAll, err)
		}
		sameStoredBits(t, before, n.bits())
	}
}

func ExampleRows() {
	// A per-neuron network: w[i] are neuron i's weights, loss = Σ_i (w_i·x)²/2.
	x := []float64{1, -2, 0.5}
	w := [][]float64{{0.1, 0.2, 0.3}, {-0.4, 0.5, -0.6}}
	loss := func() float64 {
		var s float64
		for _, wi := range w {
			var z float64
			for j := range x {
				z += wi[j] * x[j]
			}
			s += z * z / 2
		}
		return s
	}
	dw := make([][]float64, len(w))
	for i, wi := range w {
		var z float64
		for j := range x {
			z += wi[j] * x[j]
		}
		dw[i] = make([]float64, len(x))
		for j := range x {
			dw[i][j] = z * x[j]
		}
	}
	dw[1][2] *= 2 // a planted bug
	rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Rows("w", w, dw)})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := rep.Param("w").Comparison.Mismatches[0]
	fmt.Printf("%v %s %.4g\n", rep.OK(), rep.Param("w").Comparison.Index(m.Row, m.Col), m.A/m.B)
	// Output:
	// false dw[1,2] 2
}

func ExampleVector() {
	// Linear regression with its weights in a flat slice: loss = Σ (w·x_k − y_k)²/2n.
	xs, ys := [][]float64{{1, 2}, {3, -1}, {0.5, 0.5}}, []float64{1, 2, 0}
	w := []float64{0.3, -0.1}
	loss := func() float64 {
		var s float64
		for k, x := range xs {
			r := w[0]*x[0] + w[1]*x[1] - ys[k]
			s += r * r
		}
		return s / (2 * float64(len(xs)))
	}
	dw := make([]float64, 2)
	for k, x := range xs {
		r := w[0]*x[0] + w[1]*x[1] - ys[k]
		dw[0] += r * x[0] // the 1/n is forgotten
		dw[1] += r * x[1]
	}
	rep, _ := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Vector("w", w, dw)})
	fmt.Println(rep.OK(), rep.Param("w").Hint)
	// Output:
	// false dw is 3× the numerical gradient: missing 1/m (batch size 3)?
}

func ExampleScalars() {
	// A micrograd-style engine: parameters are *value with data and grad.
	ps := []*value{{data: 0.5}, {data: -1.5}}
	loss := func() float64 { a, b := ps[0].data, ps[1].data; return a*a*b + math.Sin(b) }
	a, b := ps[0].data, ps[1].data
	ps[0].grad, ps[1].grad = 2*a*b, a*a+math.Cos(b) // what backward() would leave
	rep, err := gradcheck.Check(loss, []gradcheck.Param{gradcheck.Scalars("p", len(ps),
		func(i int) float64 { return ps[i].data },
		func(i int, v float64) { ps[i].data = v },
		func(i int) float64 { return ps[i].grad })})
	fmt.Println(rep.OK(), err, rep.Evals, "loss evaluations")
	// Output:
	// true <nil> 6 loss evaluations
}

// A parameter that is a view into a larger matrix (a strided *mat.Dense)
// is moved through its stride; the elements around it are never touched.
func TestStridedDenseView(t *testing.T) {
	big := mat.NewDense(4, 5, nil)
	for i := 0; i < 4; i++ {
		for j := 0; j < 5; j++ {
			big.Set(i, j, float64(i*5+j)/10)
		}
	}
	W := big.Slice(1, 3, 1, 4).(*mat.Dense) // 2×3, stride 5
	loss := func() float64 {
		var s float64
		for i := 0; i < 2; i++ {
			for j := 0; j < 3; j++ {
				s += math.Sin(W.At(i, j)) * float64(i+j+1)
			}
		}
		return s + big.At(0, 0) + big.At(3, 4) // reads outside the view too
	}
	g := mat.NewDense(2, 3, nil)
	for i := 0; i < 2; i++ {
		for j := 0; j < 3; j++ {
			g.Set(i, j, math.Cos(W.At(i, j))*float64(i+j+1))
		}
	}
	g.Set(1, 2, g.At(1, 2)+0.1)
	before := mat.DenseCopyOf(big)
	for _, opts := range [][]gradcheck.Option{nil, {gradcheck.Fast(2, 1)}, {gradcheck.Fast(2, 1), gradcheck.PerParameter()}} {
		rep, err := gradcheck.Check(loss, []gradcheck.Param{{Name: "W", Value: W, Grad: g}}, opts...)
		if got := mismatchNames(rep.Param("W")); err != nil || len(got) != 1 || got[0] != "dW[1,2]" {
			t.Errorf("%v: err %v, named %v\n%v", opts, err, got, rep)
		}
		if !mat.Equal(big, before) {
			t.Fatalf("%v: the matrix around the view changed", opts)
		}
	}
}
