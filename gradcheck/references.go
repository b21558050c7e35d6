package gradcheck

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"codeberg.org/sbinet/npyio"
	"codeberg.org/sbinet/npyio/npz"
	"gonum.org/v1/gonum/mat"
)

// ReadNPY reads a NumPy .npy array (np.save, or a PyTorch tensor saved
// through .numpy()) as a matrix: float64 or float32 elements, either byte
// order, C or Fortran order, one or two dimensions. A 1-D array of length n
// becomes an n×1 column. Anything else is an error that says what the file
// holds; a malformed file is an error, never a panic.
func ReadNPY(r io.Reader) (m *mat.Dense, err error) {
	defer func() {
		if p := recover(); p != nil {
			m, err = nil, fmt.Errorf("malformed .npy data: %v", p)
		}
	}()
	all, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	br := bytes.NewReader(all)
	rd, err := npyio.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("not a .npy array: %w", err)
	}
	d := rd.Header.Descr
	dtype := strings.Trim(d.Type, `'"`) // npyio keeps the header's quotes: '<f8'
	rows, cols, err := npyShape(d.Shape)
	if err != nil {
		return nil, err
	}
	n := rows * cols
	size := 8
	if strings.HasSuffix(dtype, "f4") {
		size = 4
	}
	switch dtype {
	case "<f8", ">f8", "=f8", "<f4", ">f4", "=f4":
	default:
		return nil, fmt.Errorf("unsupported dtype %q (want float64 '<f8' or float32 '<f4')", dtype)
	}
	// npyio stops quietly at the end of a short file; the header says how
	// many bytes of data there must be.
	if br.Len() < n*size {
		return nil, fmt.Errorf("truncated .npy data: shape %v needs %d bytes, the file has %d", d.Shape, n*size, br.Len())
	}
	data := make([]float64, n)
	if size == 8 {
		err = rd.Read(&data)
	} else {
		f32 := make([]float32, n)
		err = rd.Read(&f32)
		for i, v := range f32 {
			data[i] = float64(v)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s data: %w", dtype, err)
	}
	m = mat.NewDense(rows, cols, nil)
	for k, v := range data {
		if d.Fortran {
			m.Set(k%rows, k/rows, v)
		} else {
			m.Set(k/cols, k%cols, v)
		}
	}
	return m, nil
}

func npyShape(shape []int) (rows, cols int, err error) {
	switch len(shape) {
	case 1:
		rows, cols = shape[0], 1
	case 2:
		rows, cols = shape[0], shape[1]
	default:
		return 0, 0, fmt.Errorf("unsupported shape %v: only 1-D and 2-D arrays hold gradients", shape)
	}
	if rows <= 0 || cols <= 0 {
		return 0, 0, fmt.Errorf("empty array of shape %v", shape)
	}
	return rows, cols, nil
}

// ReadNPZ reads every array of a NumPy .npz archive (np.savez or
// np.savez_compressed), keyed by name without the ".npy" suffix.
func ReadNPZ(path string) (map[string]*mat.Dense, error) {
	z, err := npz.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: %s: %w", path, err)
	}
	defer z.Close()
	out := map[string]*mat.Dense{}
	for _, key := range z.Keys() {
		name := strings.TrimSuffix(key, ".npy")
		rc, err := z.Open(key)
		if err != nil {
			return nil, fmt.Errorf("gradcheck: %s: %s: %w", path, name, err)
		}
		m, err := ReadNPY(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("gradcheck: %s: %s: %w", path, name, err)
		}
		out[name] = m
	}
	return out, nil
}

// CompareNPZ compares gradients computed in Go with reference arrays that
// numpy or PyTorch saved in an .npz file, by name: got["dW1"] against the
// file's dW1. See CompareReferences.
func CompareNPZ(path string, got map[string]mat.Matrix, opts ...Option) (*Report, error) {
	refs, err := ReadNPZ(path)
	if err != nil {
		return nil, err
	}
	rep, err := compareReferences(got, refs, filepath.Base(path), opts)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: %s: %w", path, err)
	}
	return rep, nil
}

// CompareReferences compares each named gradient with the reference of the
// same name, element by element under numpy's rule with the reference as b:
// IsClose(got, ref, tol) (NumPy tolerances unless WithTolerance says
// otherwise). The report is Check's: mismatched elements by name and index,
// worst first, and hints. A reference read from a 1-D array (n×1) also
// matches a 1×n gradient. Every name in got must have a reference of the
// same shape; extra references are ignored.
func CompareReferences(got map[string]mat.Matrix, refs map[string]*mat.Dense, opts ...Option) (*Report, error) {
	rep, err := compareReferences(got, refs, "the references", opts)
	if err != nil {
		return nil, fmt.Errorf("gradcheck: %w", err)
	}
	return rep, nil
}

func compareReferences(got map[string]mat.Matrix, refs map[string]*mat.Dense, source string, opts []Option) (*Report, error) {
	s := defaults()
	for _, o := range opts {
		o(&s)
	}
	if s.err != nil {
		return nil, s.err
	}
	if len(got) == 0 {
		return nil, errors.New("no gradients to compare")
	}
	names := make([]string, 0, len(got))
	for name := range got {
		names = append(names, name)
	}
	sort.Strings(names)
	rep := &Report{Mode: References, Source: source, Tol: s.tol}
	for _, name := range names {
		g, err := denseOf(name, got[name])
		if err != nil {
			return nil, err
		}
		ref, ok := refs[name]
		if !ok {
			return nil, fmt.Errorf("no reference array %q (the references hold %s)", name, keys(refs))
		}
		gr, gc := g.Dims()
		rr, rc := ref.Dims()
		if gr != rr || gc != rc {
			if rc == 1 && gr == 1 && gc == rr { // a 1-D reference against a row
				ref = mat.DenseCopyOf(ref.T())
			} else {
				return nil, fmt.Errorf("%s is %d×%d but its reference is %d×%d", name, gr, gc, rr, rc)
			}
		}
		ps, err := prepare([]Param{{Name: name, Value: ref, Grad: g}}, &s)
		if err != nil {
			return nil, err
		}
		rep.Params = append(rep.Params, paramReport(ps[0], name, allElements(ps[0].n), ps[0].orig, nil, nil, s))
	}
	return rep, nil
}

// denseOf copies a gradient into a *mat.Dense, refusing nil.
func denseOf(name string, m mat.Matrix) (*mat.Dense, error) {
	if _, _, err := dims(name, m); err != nil {
		return nil, err
	}
	return mat.DenseCopyOf(m), nil
}

func keys(m map[string]*mat.Dense) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	if len(ks) == 0 {
		return "nothing"
	}
	return strings.Join(ks, ", ")
}
