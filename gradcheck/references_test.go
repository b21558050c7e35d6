package gradcheck_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/examples/planar/model"
	"github.com/nnvet/nnvet/gradcheck"
	"github.com/nnvet/nnvet/gradcheck/nprand"
)

const refs = "testdata/references/"

// planarGrads are the Go gradients of the planar network at the point the
// reference files were computed at (scripts/golden_references.py).
func planarGrads() map[string]mat.Matrix {
	X, Y := model.LoadPlanarDataset()
	params := model.InitializeParameters(2, 4, 1, nprand.New(3))
	_, cache := model.ForwardPropagation(X, params)
	out := map[string]mat.Matrix{}
	for k, v := range model.BackwardPropagation(params, cache, X, Y) {
		out[k] = v
	}
	return out
}

func TestCompareNPZWithNumpyAndTorch(t *testing.T) {
	got := planarGrads()
	for _, c := range []struct {
		file string
		opts []gradcheck.Option
	}{
		{"numpy_planar.npz", nil},
		{"torch_planar.npz", nil}, // biases saved 1-D, as torch keeps them
		{"torch_planar_f32.npz", []gradcheck.Option{gradcheck.WithTolerance(gradcheck.Tolerance{RTol: 1e-4, ATol: 1e-7})}},
	} {
		rep, err := gradcheck.CompareNPZ(refs+c.file, got, c.opts...)
		if err != nil || !rep.OK() || len(rep.Params) != 4 {
			t.Errorf("%s: err %v\n%v", c.file, err, rep)
		}
	}
	// float32 references do not meet a float64-tight tolerance: the report says where.
	rep, err := gradcheck.CompareNPZ(refs+"torch_planar_f32.npz", got, gradcheck.WithTolerance(gradcheck.Tolerance{RTol: 1e-10}))
	if err != nil || rep.OK() || !strings.Contains(rep.String(), "compared with reference arrays from torch_planar_f32.npz, rtol=1e-10 atol=0") {
		t.Errorf("float32 under NumPy tolerances: err %v\n%v", err, rep)
	}
}

func TestCompareNPZNamesTheWrongGradient(t *testing.T) {
	got := planarGrads()
	var bad mat.Dense
	bad.Scale(400, got["dW2"])
	got["dW2"] = &bad
	rep, err := gradcheck.CompareNPZ(refs+"torch_planar.npz", got)
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Param("dW2")
	if rep.OK() || p == nil || p.OK || !strings.Contains(p.Hint, "dW2 is 400× the numerical gradient") {
		t.Errorf("report:\n%v", rep)
	}
	if s := rep.String(); !strings.Contains(s, "dW2: 4 of 4 elements differ") || !strings.Contains(s, "dW2[0,") {
		t.Errorf("report lacks the mismatched elements:\n%s", s)
	}
	for _, name := range []string{"dW1", "db1", "db2"} {
		if !rep.Param(name).OK {
			t.Errorf("%s should pass:\n%v", name, rep)
		}
	}
}

func readNPY(t *testing.T, name string) (*mat.Dense, error) {
	t.Helper()
	f, err := os.Open(refs + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return gradcheck.ReadNPY(f)
}

func TestReadNPYLayouts(t *testing.T) {
	want, err := gradcheck.ReadNPZ(refs + "numpy_planar.npz")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fortran_dW1.npy", "bigendian_dW1.npy"} {
		m, err := readNPY(t, name)
		if err != nil || !mat.Equal(m, want["dW1"]) {
			t.Errorf("%s: err %v, got\n%v\nwant\n%v", name, err, mat.Formatted(m), mat.Formatted(want["dW1"]))
		}
	}
	torch, err := gradcheck.ReadNPZ(refs + "torch_planar.npz")
	if err != nil {
		t.Fatal(err)
	}
	if r, c := torch["db1"].Dims(); r != 4 || c != 1 {
		t.Errorf("a 1-D array of 4 reads as %d×%d, want a 4×1 column", r, c)
	}
}

func TestBadReferenceFiles(t *testing.T) {
	for name, want := range map[string]string{
		"int64.npy":     `unsupported dtype "<i8"`,
		"three_d.npy":   "unsupported shape [2 2 2]",
		"truncated.npy": "truncated .npy data: shape [4 2] needs 64 bytes, the file has 48",
		"not_npy.npy":   "not a .npy array",
	} {
		if _, err := readNPY(t, name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", name, err, want)
		}
	}
	got := planarGrads()
	cases := []struct {
		path string
		got  map[string]mat.Matrix
		want string
	}{
		{refs + "missing.npz", got, "missing.npz"},
		{refs + "not_npy.npy", got, "not_npy.npy"},
		{refs + "numpy_planar.npz", map[string]mat.Matrix{"dW3": got["dW1"]}, `no reference array "dW3" (the references hold dW1, dW2, db1, db2)`},
		{refs + "numpy_planar.npz", map[string]mat.Matrix{"dW1": mat.NewDense(3, 3, nil)}, "dW1 is 3×3 but its reference is 4×2"},
		{refs + "numpy_planar.npz", map[string]mat.Matrix{"dW1": nil}, "dW1 is nil"},
		{refs + "numpy_planar.npz", nil, "no gradients to compare"},
	}
	for _, c := range cases {
		if _, err := gradcheck.CompareNPZ(c.path, c.got); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CompareNPZ(%s): err = %v, want %q", c.path, err, c.want)
		}
	}
}

// Every prefix of a valid file is refused with an error, never a panic.
func TestReadNPYNeverPanics(t *testing.T) {
	data, err := os.ReadFile(refs + "fortran_dW1.npy")
	if err != nil {
		t.Fatal(err)
	}
	for n := 0; n < len(data); n++ {
		if _, err := gradcheck.ReadNPY(bytes.NewReader(data[:n])); err == nil {
			t.Errorf("a %d-byte prefix of a %d-byte file was accepted", n, len(data))
		}
	}
	garbled := bytes.Replace(data, []byte("'descr': '<f8'"), []byte("'descr': '|O8'"), 1)
	if _, err := gradcheck.ReadNPY(bytes.NewReader(garbled)); err == nil {
		t.Error("an object array was accepted")
	}
}
