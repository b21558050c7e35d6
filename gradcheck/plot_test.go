package gradcheck_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nnvet/nnvet/gradcheck"
)

// decode reads a PNG and counts its pixels by kind: red (beyond the
// tolerance), blue (within it), yellow (not checked one by one).
func decode(t *testing.T, path string) (img image.Image, red, blue, yellow int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err = png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			switch {
			case c.R > 150 && c.G < 90 && c.B < 90:
				red++
			case c.B > 150 && c.R < 110 && c.G < 140:
				blue++
			case c.R == 255 && c.G == 236 && c.B == 139:
				yellow++
			}
		}
	}
	return img, red, blue, yellow
}

func TestPlotWritesHeatMaps(t *testing.T) {
	dir := t.TempDir()
	// A wrong row found by Fast: the sampled elements of row 5 are red,
	// everything Fast passed along a direction is yellow.
	net := newMLP(1)
	params := net.backward(mlpWrongRow)
	before := bits(params)
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Fast(3, 1), gradcheck.Plot(dir))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "dW1.png"); len(rep.Plots) != 1 || rep.Plots[0] != want || !strings.Contains(rep.String(), "plot: "+want) {
		t.Fatalf("plots %v, want only %s\n%v", rep.Plots, want, rep)
	}
	img, red, _, yellow := decode(t, rep.Plots[0])
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 200 || red == 0 || yellow < 10*red {
		t.Errorf("dW1.png: %v, %d red and %d yellow pixels", b, red, yellow)
	}
	sameBits(t, before, bits(params))

	// A transposed gradient checked element-wise: the diagonal agrees
	// (blue), the rest differs (red), nothing is yellow.
	loss, params := transposedNet(16)
	rep, err = gradcheck.Check(loss, params, gradcheck.Plot(dir))
	if err != nil || len(rep.Plots) != 1 {
		t.Fatalf("err %v, plots %v", err, rep.Plots)
	}
	if _, red, blue, yellow := decode(t, rep.Plots[0]); red < 3*blue || blue == 0 || yellow != 0 {
		t.Errorf("dW.png: %d red, %d blue, %d yellow pixels", red, blue, yellow)
	}

	// A correct model draws nothing.
	rep, err = gradcheck.Check(net.loss, net.backward(mlpCorrect), gradcheck.Fast(3, 1), gradcheck.Plot(filepath.Join(dir, "none")))
	if err != nil || len(rep.Plots) != 0 {
		t.Errorf("err %v, plots %v", err, rep.Plots)
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); !os.IsNotExist(err) {
		t.Errorf("a passing check made its plot directory: %v", err)
	}
}

// A directory that cannot be made is an error that says where, returned
// with the report; an empty one is refused before anything is evaluated.
func TestPlotErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	net := newTinyNet()
	params := net.backward(2)
	before := bits(params)
	rep, err := gradcheck.Check(net.loss, params, gradcheck.Plot(filepath.Join(file, "plots")))
	if err == nil || !strings.Contains(err.Error(), "gradcheck: Plot:") || rep == nil || rep.OK() || rep.Param("W2").Hint == "" {
		t.Errorf("err %v\n%v", err, rep)
	}
	sameBits(t, before, bits(params))
	if _, err := gradcheck.Check(net.loss, params, gradcheck.Plot("")); err == nil || !strings.Contains(err.Error(), "Plot: the directory is empty") {
		t.Errorf("err %v", err)
	}
}

// GRADCHECK_PLOT makes Assert write the heat maps, named after the test.
func TestAssertPlotsFromEnvironment(t *testing.T) {
	if os.Getenv("GRADCHECK_ASSERT_CHILD") == "1" {
		t.Skip("only the child process runs the failing assertion")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestAssertChild$", "-test.v")
	cmd.Env = append(os.Environ(), "GRADCHECK_ASSERT_CHILD=1", gradcheck.PlotEnv+"="+dir)
	out, _ := cmd.CombinedOutput()
	for _, name := range []string{"TestAssertChild-dW2.png", "TestAssertChild-db2.png"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil || !strings.Contains(string(out), "gradcheck: wrote "+filepath.Join(dir, name)) {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}

func ExamplePlot() {
	dir, err := os.MkdirTemp("", "gradcheck")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	// A 16×16 gradient written transposed: the heat map shows everything
	// red but the diagonal.
	loss, params := transposedNet(16)
	rep, err := gradcheck.Check(loss, params, gradcheck.Plot(dir))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.OK(), filepath.Base(rep.Plots[0]))
	// Output:
	// false dW.png
}
