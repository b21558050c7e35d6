package gradcheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/gradcheck"
)

// plotFromEnv writes the heat maps of a test into GRADCHECK_PLOT/sub when
// that is set: the README's pictures come from
// GRADCHECK_PLOT=../docs/gradcheck go test -run 'TestMapShows' ./gradcheck.
func plotFromEnv(sub string) []gradcheck.Option {
	if dir := os.Getenv(gradcheck.PlotEnv); dir != "" {
		return []gradcheck.Option{gradcheck.Plot(filepath.Join(dir, sub))}
	}
	return nil
}

// mapOf returns the lines of the map of dName in a report, without the
// row labels and frame: one string per row of cells.
func mapOf(t *testing.T, rep *gradcheck.Report, dName string) []string {
	t.Helper()
	lines := strings.Split(rep.String(), "\n")
	for i, l := range lines {
		if !strings.HasPrefix(strings.TrimSpace(l), "map of "+dName+" (") {
			continue
		}
		var cells []string
		for _, row := range lines[i+1:] {
			a, b := strings.Index(row, "|"), strings.LastIndex(row, "|")
			if a < 0 || b <= a {
				break
			}
			cells = append(cells, row[a+1:b])
		}
		return cells
	}
	t.Fatalf("no map of %s in\n%v", dName, rep)
	return nil
}

// A wrong row of the MLP's dW1 shows as one band of the map: row 5 lies in
// the first row of cells (rows 0–7), every cell of it holds a sampled
// wrong element or unchecked ones of the failing row, and everything else
// passed.
func TestMapShowsWrongRow(t *testing.T) {
	net := newMLP(1)
	rep, err := gradcheck.Check(net.loss, net.backward(mlpWrongRow), append(plotFromEnv("wrong-row"), gradcheck.Fast(3, 1))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrong row of the MLP:\n%v", rep)
	cells := mapOf(t, rep, "dW1")
	if len(cells) != 16 || len(cells[0]) != 64 || !strings.Contains(rep.String(), "map of dW1 (128×784, one cell per 8×13 elements at most;") {
		t.Fatalf("a 128×784 parameter draws as 16×64 cells:\n%v", rep)
	}
	if strings.Trim(cells[0], "X?") != "" || strings.Count(cells[0], "X") < 32 {
		t.Errorf("row band 0 is %q", cells[0])
	}
	for _, line := range cells[1:] {
		if strings.Trim(line, ".") != "" {
			t.Errorf("a row band without errors is %q", line)
		}
	}
	if rep.Param("W2").OK && strings.Contains(rep.String(), "map of dW2") {
		t.Errorf("a passing parameter has a map:\n%v", rep)
	}
}

// A transposed square gradient, checked element-wise: every element
// differs except the diagonal, where W and Wᵀ agree; each cell is one
// element.
func TestMapShowsTransposedGradient(t *testing.T) {
	loss, params := transposedNet(16)
	rep, err := gradcheck.Check(loss, params, plotFromEnv("transposed")...)
	if err != nil || rep.OK() {
		t.Fatalf("err %v\n%v", err, rep)
	}
	t.Logf("transposed 16×16 gradient:\n%v", rep)
	for i, line := range mapOf(t, rep, "dW") {
		want := []byte(strings.Repeat("X", 16))
		want[i] = '.'
		if line != string(want) {
			t.Errorf("row %d: %q, want %q\n%v", i, line, want, rep)
		}
	}
}

// Elements a check left out show as not checked, and a column vector is
// drawn as a row.
func TestMapShowsUncheckedAndColumns(t *testing.T) {
	loss, params := bigNet(t, 2)
	rep, err := gradcheck.Check(loss, params, gradcheck.Sample(5, 1))
	if err != nil {
		t.Fatal(err)
	}
	if line := mapOf(t, rep, "dW2")[0]; len(line) != 64 || strings.Count(line, "X") != 5 || strings.Count(line, "?") != 59 {
		t.Errorf("5 of 64 sampled: %q", line)
	}
	b := mat.NewDense(40, 1, nil)
	loss = func() float64 { return 3 * mat.Sum(b) }
	g := mat.NewDense(40, 1, nil)
	for i := 0; i < 40; i++ {
		g.Set(i, 0, 3)
	}
	g.Set(7, 0, 4)
	rep, err = gradcheck.Check(loss, []gradcheck.Param{{Name: "b", Value: b, Grad: g}})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat(".", 7) + "X" + strings.Repeat(".", 32)
	if cells := mapOf(t, rep, "db"); len(cells) != 1 || cells[0] != want || !strings.Contains(rep.String(), "map of db (40×1, drawn as a row;") {
		t.Errorf("a column drawn as a row: %q, want %q\n%v", cells, want, rep)
	}
}
