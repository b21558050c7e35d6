package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The end-to-end tests build nnvet and run it, standalone and as a vet tool,
// on the testdata module (its own go.mod, gonum required), as a user would.

var nnvet string // path of the binary built for the tests

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "nnvet-e2e")
	if err != nil {
		panic(err)
	}
	nnvet = filepath.Join(dir, "nnvet")
	build := exec.Command("go", "build", "-o", nnvet, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		os.Stderr.WriteString("building nnvet: " + err.Error() + "\n")
		os.Exit(1)
	}
	download := exec.Command("go", "mod", "download")
	download.Dir = testdata()
	download.Stderr = os.Stderr
	if err := download.Run(); err != nil {
		os.Stderr.WriteString("go mod download in testdata: " + err.Error() + "\n")
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func testdata() string {
	dir, _ := filepath.Abs("../../testdata")
	return dir
}

// run runs a command in dir and returns its combined output and exit code.
func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", -1
}

const w3a1Finding = "src/w3a1/planar.go:49:8: backward_propagation recomputes tanh(Z1) but A1 already holds tanh (stored by forward_propagation at planar.go:28); use 1 - A1*A1"

func TestStandalone(t *testing.T) {
	out, code := run(t, testdata(), nnvet, "./src/w3a1")
	if code != 3 || !strings.Contains(out, w3a1Finding) {
		t.Errorf("nnvet ./src/w3a1: exit %d, want 3 and the finding %q; output:\n%s", code, w3a1Finding, out)
	}
	out, code = run(t, testdata(), nnvet, "./src/w3a1ref")
	if code != 0 || out != "" {
		t.Errorf("nnvet ./src/w3a1ref: exit %d, want 0 and no output; output:\n%s", code, out)
	}
}

func TestVetTool(t *testing.T) {
	out, code := run(t, testdata(), "go", "vet", "-vettool="+nnvet, "./src/w3a1")
	if code != 1 || !strings.Contains(out, strings.TrimPrefix(w3a1Finding, "src/w3a1/")) {
		t.Errorf("go vet -vettool: exit %d, want 1 and the finding; output:\n%s", code, out)
	}
	out, code = run(t, testdata(), "go", "vet", "-vettool="+nnvet, "./src/w3a1ref")
	if code != 0 {
		t.Errorf("go vet -vettool on the reference: exit %d, want 0; output:\n%s", code, out)
	}
	// Flags keep their -recomputeact. prefix in vet mode.
	out, code = run(t, testdata(), "go", "vet", "-vettool="+nnvet, "-recomputeact.naming=false", "./src/naming")
	if code != 0 {
		t.Errorf("go vet -recomputeact.naming=false ./src/naming: exit %d, want 0; output:\n%s", code, out)
	}
	if _, code = run(t, testdata(), "go", "vet", "-vettool="+nnvet, "./src/naming"); code != 1 {
		t.Errorf("go vet ./src/naming with naming on: exit %d, want 1", code)
	}
}

func TestJSON(t *testing.T) {
	out, code := run(t, testdata(), nnvet, "-json", "./src/w3a1")
	if code != 0 {
		t.Fatalf("nnvet -json: exit %d (findings in JSON mode exit 0), output:\n%s", code, out)
	}
	// {"pkgpath": {"analyzer": [{"posn": …, "message": …, "suggested_fixes": …}]}}
	var tree map[string]map[string][]struct {
		Posn           string `json:"posn"`
		Message        string `json:"message"`
		SuggestedFixes []any  `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("nnvet -json output is not JSON: %v\n%s", err, out)
	}
	diags := tree["nnvet.test/src/w3a1"]["recomputeact"]
	if len(diags) != 1 || !strings.HasSuffix(diags[0].Posn, "planar.go:49:8") || len(diags[0].SuggestedFixes) != 1 {
		t.Errorf("JSON diagnostics = %+v, want one at planar.go:49:8 with one fix", diags)
	}
}

func TestHelp(t *testing.T) {
	out, code := run(t, ".", nnvet, "help", "recomputeact")
	for _, want := range []string{"recomputeact: report backward code that recomputes", "-recomputeact.naming", "-recomputeact.funcs", "// WRONG", "// RIGHT"} {
		if !strings.Contains(out, want) {
			t.Errorf("nnvet help recomputeact (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
	out, code = run(t, ".", nnvet, "help", "wrongderiv")
	for _, want := range []string{"wrongderiv: report an activation's derivative applied to the wrong value", "// WRONG", "// RIGHT", "nnvet:ignore wrongderiv"} {
		if !strings.Contains(out, want) {
			t.Errorf("nnvet help wrongderiv (exit %d) lacks %q:\n%s", code, want, out)
		}
	}
}

// copyTestdata copies the testdata module to a temporary directory.
func copyTestdata(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	if out, err := exec.Command("cp", "-r", testdata()+"/.", dst).CombinedOutput(); err != nil {
		t.Fatalf("copying testdata: %v\n%s", err, out)
	}
	return dst
}

// TestFixKeepsGradients applies the suggested fix to the student's W3A1
// backward pass, checks it yields the golden file, then runs the original and
// the fixed code on a cache built by the forward pass: the gradients must be
// identical (A1 is tanh(Z1) there, computed by the same math.Tanh).
func TestFixKeepsGradients(t *testing.T) {
	dir := copyTestdata(t)
	pkg := filepath.Join(dir, "src", "w3a1")
	original, err := os.ReadFile(filepath.Join(pkg, "planar.go"))
	if err != nil {
		t.Fatal(err)
	}
	if out, code := run(t, dir, nnvet, "-fix", "./src/w3a1"); code != 0 && code != 3 {
		t.Fatalf("nnvet -fix: exit %d\n%s", code, out)
	}
	fixed, _ := os.ReadFile(filepath.Join(pkg, "planar.go"))
	golden, _ := os.ReadFile(filepath.Join(pkg, "planar.go.golden"))
	if !bytes.Equal(fixed, golden) {
		t.Fatalf("nnvet -fix result differs from planar.go.golden:\n%s", fixed)
	}
	if out, code := run(t, dir, nnvet, "./src/w3a1"); code != 0 {
		t.Errorf("the fixed code still has findings:\n%s", out)
	}

	// Two packages side by side: the student's code and the fixed code.
	write := func(path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rename := func(src []byte, name string) string {
		return strings.Replace(string(src), "package w3a1", "package "+name, 1) +
			"\nvar Forward, Backward = forward_propagation, backward_propagation\n"
	}
	write(filepath.Join(dir, "src", "student", "planar.go"), rename(original, "student"))
	write(filepath.Join(dir, "src", "fixed", "planar.go"), rename(fixed, "fixed"))
	write(filepath.Join(dir, "src", "equiv", "main.go"), `package main

import (
	"fmt"
	"math"
	"os"

	"gonum.org/v1/gonum/mat"

	"nnvet.test/src/fixed"
	"nnvet.test/src/student"
)

func main() {
	fill := func(r, c int, seed float64) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				m.Set(i, j, math.Sin(seed+float64(7*i+j)))
			}
		}
		return m
	}
	X, Y := fill(2, 5, 1), mat.NewDense(1, 5, []float64{1, 0, 1, 1, 0})
	params := map[string]*mat.Dense{"W1": fill(4, 2, 2), "b1": fill(4, 1, 3), "W2": fill(1, 4, 4), "b2": fill(1, 1, 5)}
	_, cache := student.Forward(X, params)
	a := student.Backward(params, cache, X, Y)
	b := fixed.Backward(params, cache, X, Y)
	for _, k := range []string{"dW1", "db1", "dW2", "db2"} {
		if !mat.Equal(a[k], b[k]) {
			fmt.Printf("%s differs:\n%v\n%v\n", k, mat.Formatted(a[k]), mat.Formatted(b[k]))
			os.Exit(1)
		}
	}
	fmt.Println("identical")
}
`)
	out, code := run(t, dir, "go", "run", "./src/equiv")
	if code != 0 || strings.TrimSpace(out) != "identical" {
		t.Errorf("original and fixed backward passes differ on a consistent cache (exit %d):\n%s", code, out)
	}
}
