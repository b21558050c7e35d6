package gradcheck

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// store is how Check reads and moves one parameter's elements, wherever the
// user keeps them. Elements are numbered 0…n−1 row by row; offsets()[i] is
// the number of the first element of row i, and offsets()[rows] is n.
type store interface {
	// check validates the storage and the gradient's shape; name is the
	// parameter's name, used in errors ("W row 2 has 3 elements but dW row 2 has 4").
	check(name string) error
	offsets() []int
	at(i int) float64
	set(i int, v float64)
	// setRange sets elements lo, lo+1, … to v.
	setRange(lo int, v []float64)
	grad(i int) float64
	// float32 reports whether set rounds to float32.
	float32() bool
	// vector reports whether elements are named dW[i] rather than dW[i,j].
	vector() bool
	// save copies the values so that restore puts back the same bits.
	save() any
	restore(saved any)
	// backing identifies the memory the values live in (nil when unknown),
	// so that a Parallel factory that shares it is refused.
	backing() any
}

// Rows is a parameter kept as rows of float64s, as hand-written networks
// keep per-neuron weights: value[i][j] is element (i, j) and grad[i][j] its
// analytic gradient. Rows may differ in length, but each grad row must have
// the length of its value row. Elements are named dW[i,j].
func Rows(name string, value, grad [][]float64) Param {
	return Param{Name: name, store: &rowsStore{value: value, gv: grad}}
}

// Vector is a parameter kept in a flat []float64 (a bias, or a whole model
// flattened). Elements are named db[i].
func Vector(name string, value, grad []float64) Param {
	return Param{Name: name, store: &vecStore{value: value, gv: grad}}
}

// Vector32 is a parameter kept in a []float32, as float32 networks keep
// them. Check moves its elements in float32 and divides by the step the
// value really moved; unless WithStep or WithTolerance say otherwise, a
// check with a Vector32 parameter uses the step and tolerance of [Float32].
// Elements are named db[i].
func Vector32(name string, value, grad []float32) Param {
	return Param{Name: name, store: &vec32Store{value: value, gv: grad}}
}

// Matrix32 is a rows×cols matrix kept row-major in a []float32, as float32
// networks keep their weights: value[i*cols+j] is element (i, j). It is
// moved as Vector32 is; elements are named dW[i,j].
func Matrix32(name string, rows, cols int, value, grad []float32) Param {
	return Param{Name: name, store: &vec32Store{value: value, gv: grad, rows: rows, cols: cols, matrix: true}}
}

// Scalars is a parameter of n scalars reached through functions, for
// autograd engines whose parameters are objects (micrograd's []*Value):
// get(i) reads element i, set(i, v) writes it, grad(i) is its analytic
// gradient. Check restores each element with set(i, get(i)) as read before
// the check, which is bit for bit when get and set are plain field accesses.
// Elements are named dW[i].
func Scalars(name string, n int, get func(int) float64, set func(int, float64), grad func(int) float64) Param {
	return Param{Name: name, store: &scalarStore{n: n, get: get, put: set, g: grad}}
}

// denseStore is the classic Param{Name, Value, Grad}.
type denseStore struct {
	value, gv  *mat.Dense
	cols       int
	vraw, graw []float64
	vs, gs     int // strides
	offs       []int
}

func newDenseStore(p Param) *denseStore { return &denseStore{value: p.Value, gv: p.Grad} }

func (d *denseStore) check(name string) error {
	switch {
	case d.value == nil || d.value.IsEmpty():
		return fmt.Errorf("gradcheck: %s: Value is nil or empty", name)
	case d.gv == nil || d.gv.IsEmpty():
		return fmt.Errorf("gradcheck: %s: Grad is nil or empty", name)
	}
	vr, vc := d.value.Dims()
	gr, gc := d.gv.Dims()
	if vr != gr || vc != gc {
		hint := ""
		if vr == gc && vc == gr {
			hint = " (transposed?)"
		}
		return fmt.Errorf("gradcheck: %s is %d×%d but d%s is %d×%d%s", name, vr, vc, name, gr, gc, hint)
	}
	v, g := d.value.RawMatrix(), d.gv.RawMatrix()
	d.cols, d.vraw, d.graw, d.vs, d.gs = vc, v.Data, g.Data, v.Stride, g.Stride
	d.offs = make([]int, vr+1)
	for i := range d.offs {
		d.offs[i] = i * vc
	}
	return nil
}

func (d *denseStore) offsets() []int       { return d.offs }
func (d *denseStore) at(i int) float64     { return d.vraw[i/d.cols*d.vs+i%d.cols] }
func (d *denseStore) set(i int, v float64) { d.vraw[i/d.cols*d.vs+i%d.cols] = v }
func (d *denseStore) setRange(lo int, v []float64) {
	for len(v) > 0 {
		r, c := lo/d.cols, lo%d.cols
		n := copy(d.vraw[r*d.vs+c:r*d.vs+d.cols], v)
		v, lo = v[n:], lo+n
	}
}
func (d *denseStore) grad(i int) float64 { return d.graw[i/d.cols*d.gs+i%d.cols] }
func (d *denseStore) float32() bool      { return false }
func (d *denseStore) vector() bool       { return false }
func (d *denseStore) save() any          { return mat.DenseCopyOf(d.value) }

// restore uses Copy, which moves float64s unchanged: bit for bit, NaN
// payloads and −0 included.
func (d *denseStore) restore(s any) { d.value.Copy(s.(*mat.Dense)) }
func (d *denseStore) backing() any  { return &d.vraw[0] }

type rowsStore struct {
	value, gv [][]float64
	offs      []int
	row, col  []int32 // element → (row, col), for speed on large models
}

func (r *rowsStore) check(name string) error {
	if len(r.value) == 0 {
		return fmt.Errorf("gradcheck: %s: Rows value has no rows", name)
	}
	if len(r.gv) != len(r.value) {
		return fmt.Errorf("gradcheck: %s has %d rows but d%s has %d", name, len(r.value), name, len(r.gv))
	}
	r.offs = make([]int, len(r.value)+1)
	for i, row := range r.value {
		if len(r.gv[i]) != len(row) {
			return fmt.Errorf("gradcheck: %s row %d has %d elements but d%s row %d has %d", name, i, len(row), name, i, len(r.gv[i]))
		}
		r.offs[i+1] = r.offs[i] + len(row)
	}
	n := r.offs[len(r.value)]
	if n == 0 {
		return fmt.Errorf("gradcheck: %s: every row is empty", name)
	}
	r.row, r.col = make([]int32, n), make([]int32, n)
	for i, row := range r.value {
		for j := range row {
			r.row[r.offs[i]+j], r.col[r.offs[i]+j] = int32(i), int32(j)
		}
	}
	return nil
}

func (r *rowsStore) offsets() []int       { return r.offs }
func (r *rowsStore) at(i int) float64     { return r.value[r.row[i]][r.col[i]] }
func (r *rowsStore) set(i int, v float64) { r.value[r.row[i]][r.col[i]] = v }
func (r *rowsStore) setRange(lo int, v []float64) {
	for len(v) > 0 {
		n := copy(r.value[r.row[lo]][r.col[lo]:], v)
		v, lo = v[n:], lo+n
	}
}
func (r *rowsStore) grad(i int) float64 { return r.gv[r.row[i]][r.col[i]] }
func (r *rowsStore) float32() bool      { return false }
func (r *rowsStore) vector() bool       { return false }
func (r *rowsStore) save() any {
	s := make([][]float64, len(r.value))
	for i, row := range r.value {
		s[i] = append([]float64(nil), row...)
	}
	return s
}
func (r *rowsStore) restore(s any) {
	for i, row := range s.([][]float64) {
		copy(r.value[i], row)
	}
}
func (r *rowsStore) backing() any {
	for _, row := range r.value {
		if len(row) > 0 {
			return &row[0]
		}
	}
	return nil
}

type vecStore struct{ value, gv []float64 }

func (v *vecStore) check(name string) error {
	switch {
	case len(v.value) == 0:
		return fmt.Errorf("gradcheck: %s: Vector value is empty", name)
	case len(v.gv) != len(v.value):
		return fmt.Errorf("gradcheck: %s has %d elements but d%s has %d", name, len(v.value), name, len(v.gv))
	}
	return nil
}
func (v *vecStore) offsets() []int               { return []int{0, len(v.value)} }
func (v *vecStore) at(i int) float64             { return v.value[i] }
func (v *vecStore) set(i int, x float64)         { v.value[i] = x }
func (v *vecStore) setRange(lo int, x []float64) { copy(v.value[lo:], x) }
func (v *vecStore) grad(i int) float64           { return v.gv[i] }
func (v *vecStore) float32() bool                { return false }
func (v *vecStore) vector() bool                 { return true }
func (v *vecStore) save() any                    { return append([]float64(nil), v.value...) }
func (v *vecStore) restore(s any)                { copy(v.value, s.([]float64)) }
func (v *vecStore) backing() any                 { return &v.value[0] }

// vec32Store is a Vector32, or a Matrix32 when matrix is set.
type vec32Store struct {
	value, gv  []float32
	rows, cols int
	matrix     bool
	offs       []int
}

func (v *vec32Store) check(name string) error {
	kind := "Vector32"
	if v.matrix {
		kind = "Matrix32"
		if v.rows < 1 || v.cols < 1 {
			return fmt.Errorf("gradcheck: %s: Matrix32 needs at least one row and one column, got %d×%d", name, v.rows, v.cols)
		}
		if len(v.value) != v.rows*v.cols {
			return fmt.Errorf("gradcheck: %s: Matrix32 is %d×%d but its value has %d elements", name, v.rows, v.cols, len(v.value))
		}
	}
	switch {
	case len(v.value) == 0:
		return fmt.Errorf("gradcheck: %s: %s value is empty", name, kind)
	case len(v.gv) != len(v.value):
		return fmt.Errorf("gradcheck: %s has %d elements but d%s has %d", name, len(v.value), name, len(v.gv))
	}
	v.offs = []int{0, len(v.value)}
	if v.matrix {
		v.offs = make([]int, v.rows+1)
		for i := range v.offs {
			v.offs[i] = i * v.cols
		}
	}
	return nil
}

func (v *vec32Store) offsets() []int       { return v.offs }
func (v *vec32Store) at(i int) float64     { return float64(v.value[i]) }
func (v *vec32Store) set(i int, x float64) { v.value[i] = float32(x) }
func (v *vec32Store) setRange(lo int, x []float64) {
	for i, f := range x {
		v.value[lo+i] = float32(f)
	}
}
func (v *vec32Store) grad(i int) float64 { return float64(v.gv[i]) }
func (v *vec32Store) float32() bool      { return true }
func (v *vec32Store) vector() bool       { return !v.matrix }

// save copies the float32s themselves, so that restore is bit for bit
// without a round trip through float64.
func (v *vec32Store) save() any     { return append([]float32(nil), v.value...) }
func (v *vec32Store) restore(s any) { copy(v.value, s.([]float32)) }
func (v *vec32Store) backing() any  { return &v.value[0] }

type scalarStore struct {
	n   int
	get func(int) float64
	put func(int, float64)
	g   func(int) float64
}

func (s *scalarStore) check(name string) error {
	switch {
	case s.n < 1:
		return fmt.Errorf("gradcheck: %s: Scalars needs at least one element, got n=%d", name, s.n)
	case s.get == nil || s.put == nil || s.g == nil:
		var missing []string
		for _, f := range []struct {
			name string
			nil_ bool
		}{{"get", s.get == nil}, {"set", s.put == nil}, {"grad", s.g == nil}} {
			if f.nil_ {
				missing = append(missing, f.name)
			}
		}
		return fmt.Errorf("gradcheck: %s: Scalars %s is nil", name, strings.Join(missing, " and "))
	}
	return nil
}
func (s *scalarStore) offsets() []int       { return []int{0, s.n} }
func (s *scalarStore) at(i int) float64     { return s.get(i) }
func (s *scalarStore) set(i int, v float64) { s.put(i, v) }
func (s *scalarStore) setRange(lo int, v []float64) {
	for i, x := range v {
		s.put(lo+i, x)
	}
}
func (s *scalarStore) grad(i int) float64 { return s.g(i) }
func (s *scalarStore) float32() bool      { return false }
func (s *scalarStore) vector() bool       { return true }
func (s *scalarStore) save() any {
	v := make([]float64, s.n)
	for i := range v {
		v[i] = s.get(i)
	}
	return v
}
func (s *scalarStore) restore(saved any) {
	for i, v := range saved.([]float64) {
		if math.Float64bits(s.get(i)) != math.Float64bits(v) {
			s.put(i, v)
		}
	}
}

// backing is the address get reads through when it is a closure over one
// object; Scalars gives no way to know, so factories are checked by writing.
func (s *scalarStore) backing() any { return nil }

// storeOf returns the storage behind p: its own for Rows, Vector, Vector32
// and Scalars, its matrices otherwise.
func storeOf(p Param) (store, error) {
	if p.store == nil {
		return newDenseStore(p), nil
	}
	if p.Value != nil || p.Grad != nil {
		return nil, fmt.Errorf("gradcheck: %s: made by %s but Value or Grad is set too; use one or the other", p.Name, kindOf(p.store))
	}
	// A copy of the Param must not share the validated offsets with another
	// Check running at the same time: copy the store before validating.
	switch s := p.store.(type) {
	case *rowsStore:
		c := *s
		return &c, nil
	case *vec32Store:
		c := *s
		return &c, nil
	}
	return p.store, nil
}

func kindOf(s store) string {
	return map[reflect.Type]string{
		reflect.TypeOf(&rowsStore{}):   "Rows",
		reflect.TypeOf(&vecStore{}):    "Vector",
		reflect.TypeOf(&vec32Store{}):  "Vector32 or Matrix32",
		reflect.TypeOf(&scalarStore{}): "Scalars",
	}[reflect.TypeOf(s)]
}

// shape describes a store's shape for reports: "128×784", "10", "3 rows".
func shape(s store) (rows, cols int, desc string) {
	offs := s.offsets()
	n := offs[len(offs)-1]
	if s.vector() {
		return 1, n, fmt.Sprint(n)
	}
	rows = len(offs) - 1
	for i := 0; i < rows; i++ {
		cols = max(cols, offs[i+1]-offs[i])
	}
	if rows*cols != n {
		return rows, cols, fmt.Sprintf("%d rows, %d elements", rows, n)
	}
	return rows, cols, fmt.Sprintf("%d×%d", rows, cols)
}

// rowCol splits element i of s into its row and column.
func rowCol(s store, i int) (int, int) {
	offs := s.offsets()
	if s.vector() {
		return 0, i
	}
	// Binary search: the last row whose first element is at most i.
	lo, hi := 0, len(offs)-2
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if offs[mid] <= i {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, i - offs[lo]
}
