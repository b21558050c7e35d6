// Package testmodule locates the testdata module that the analyzers' tests
// load (its own go.mod, so that the packages compile against the real
// gonum and math32) and makes sure its requirements are in the module
// cache: analysistest loads packages with GOPROXY=off.
package testmodule

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// rel is the module's directory from an analyzer's package directory.
const rel = "../../testdata"

// Main downloads the module's requirements, then runs the tests.
func Main(m *testing.M) {
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = rel
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.Stderr.WriteString("go mod download in testdata: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// Dir returns the module's absolute directory.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
