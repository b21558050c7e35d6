package gradcheck

import (
	"image/color"
	"math"
	"testing"
)

// A 128×784 parameter is drawn as 64×112 cells of 2×7 elements, each the
// largest ratio of its checked elements, on a log scale; kinks keep their
// element coordinates.
func TestHeatDownsamples(t *testing.T) {
	g := &grid{rows: 128, cols: 784, state: make([]byte, 128*784), ratio: make([]float64, 128*784)}
	for i := range g.ratio {
		g.ratio[i], g.state[i] = math.NaN(), cellOK
	}
	g.ratio[g.at(5, 300)], g.state[g.at(5, 300)] = 1e6, cellDiffers
	g.ratio[g.at(4, 301)] = 0.01 // same cell: rows 4–5, columns 294–300
	g.ratio[g.at(7, 0)], g.state[g.at(7, 0)] = 0.5, cellKink
	h := newHeat(g)
	if h.cols != 112 || h.rows != 64 || h.perC != 7 || h.perR != 2 {
		t.Fatalf("cells %d×%d of %d×%d elements", h.rows, h.cols, h.perR, h.perC)
	}
	if z := h.z[2*h.cols+42]; z != 6 {
		t.Errorf("cell (2,42) holds %v, want 6", z)
	}
	if !math.IsNaN(h.z[0]) || math.Abs(h.z[3*h.cols]-math.Log10(0.5)) > 1e-12 {
		t.Errorf("unchecked %v, kink cell %v", h.z[0], h.z[3*h.cols])
	}
	// Drawn top row first, 3 pixels a cell: the wrong element's cell is
	// the palette's top colour, an unchecked one yellow.
	pal := []color.Color{color.White, color.Black}
	img := h.image(pal, -6, 6, 3)
	if b := img.Bounds(); b.Dx() != 3*112 || b.Dy() != 3*64 || img.At(3*42+1, 3*2+1) != color.NRGBAModel.Convert(color.Black) || img.At(0, 0) != notChecked {
		t.Errorf("image %v: %v at the wrong element, %v unchecked", b, img.At(3*42+1, 3*2+1), img.At(0, 0))
	}
	if len(h.kinkX) != 1 || h.kinkX[0] != 0 || h.kinkY[0] != 7 {
		t.Errorf("kinks at %v, %v", h.kinkX, h.kinkY)
	}
	if lo, hi := limits(h.z); lo != -6 || hi != 6 {
		t.Errorf("colour range %v..%v, want -6..6", lo, hi)
	}
}
