package gradcheck

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	vgdraw "gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// PlotEnv is the environment variable that makes Assert write the heat
// maps of Plot into the directory it names, as if Plot(dir) were given.
const PlotEnv = "GRADCHECK_PLOT"

// Plot makes Check write a PNG heat map of each failing parameter into
// dir (created when missing), named after the gradient: dW1.png (Assert
// puts the test's name first: TestBackward-dW1.png). Each cell is
// |analytic − numeric| / allowed of an element checked element-wise, on a
// log scale from blue (far within the tolerance) through white (at it) to
// red (beyond it); yellow cells were not checked one by one (Fast passed
// them along a direction, or sampling left them out), and rings mark
// elements whose step crossed a kink. A large parameter is drawn at most
// 64 × 128 cells, each showing the largest ratio of its elements.
// Report.Plots lists the files written. A file that cannot be written is
// an error, returned with the report.
func Plot(dir string) Option {
	return func(s *settings) {
		if dir == "" {
			s.fail("Plot: the directory is empty")
		}
		s.plotDir = dir
	}
}

// Largest heat map, in cells.
const (
	plotRows = 64
	plotCols = 128
)

// writePlots draws the failing parameters of rep into dir.
func (rep *Report) writePlots(dir, prefix string) (err error) {
	defer recoverInto(&err, "plotting")
	for _, p := range rep.Params {
		if p.OK || p.grid == nil {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("gradcheck: Plot: %w", err)
		}
		name := "d" + p.Name
		if p.Comparison != nil {
			name = p.Comparison.Name
		}
		path := filepath.Join(dir, fileName(prefix+name)+".png")
		if err := p.grid.writePNG(path, name); err != nil {
			return fmt.Errorf("gradcheck: Plot: %s: %w", path, err)
		}
		rep.Plots = append(rep.Plots, path)
	}
	return nil
}

// fileName keeps letters, digits, '-', '_' and '.', and turns the rest
// (a subtest's '/') into '_'.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}

// heat is a grid downsampled for a heat map: log10 of the largest
// |Δ|/allowed in each cell (NaN where none was checked element-wise).
type heat struct {
	rows, cols   int // cells
	perR, perC   int // elements per cell
	z            []float64
	kinkX, kinkY []float64
}

func newHeat(g *grid) *heat {
	h := &heat{perR: (g.rows + plotRows - 1) / plotRows, perC: (g.cols + plotCols - 1) / plotCols}
	h.rows, h.cols = (g.rows+h.perR-1)/h.perR, (g.cols+h.perC-1)/h.perC
	h.z = make([]float64, h.rows*h.cols)
	for i := range h.z {
		h.z[i] = math.NaN()
	}
	for i := 0; i < g.rows; i++ {
		for j := 0; j < g.cols; j++ {
			e := g.at(i, j)
			if g.state[e] == cellKink {
				h.kinkX, h.kinkY = append(h.kinkX, float64(j)), append(h.kinkY, float64(i))
			}
			r := g.ratio[e]
			if math.IsNaN(r) {
				continue
			}
			v := math.Log10(math.Max(r, 1e-300))
			cell := i/h.perR*h.cols + j/h.perC
			if math.IsNaN(h.z[cell]) || v > h.z[cell] {
				h.z[cell] = v
			}
		}
	}
	return h
}

// image draws the cells top row first, each as a square of px pixels
// (nearest neighbour: a cell stays a cell when the plot scales the image),
// coloured from pal over lo…hi.
func (h *heat) image(pal []color.Color, lo, hi float64, px int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, h.cols*px, h.rows*px))
	for r := 0; r < h.rows; r++ {
		for c := 0; c < h.cols; c++ {
			var col color.Color
			switch v := h.z[r*h.cols+c]; {
			case math.IsNaN(v):
				col = notChecked
			case v <= lo:
				col = pal[0]
			case v >= hi:
				col = pal[len(pal)-1]
			default:
				col = pal[int((v-lo)/(hi-lo)*float64(len(pal)-1)+0.5)]
			}
			draw.Draw(img, image.Rect(c*px, r*px, (c+1)*px, (r+1)*px), image.NewUniform(col), image.Point{}, draw.Src)
		}
	}
	return img
}

// limits is the colour range: symmetric about 0 (|Δ| = allowed), at least
// three decades either way.
func limits(z []float64) (lo, hi float64) {
	m := 3.0
	for _, v := range z {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			m = math.Max(m, math.Ceil(math.Abs(v)))
		}
	}
	m = math.Min(m, 16)
	return -m, m
}

func (g *grid) writePNG(path, name string) error {
	h := newHeat(g)
	lo, hi := limits(h.z)
	cmap := moreland.SmoothBlueRed()
	cmap.SetMin(lo)
	cmap.SetMax(hi)

	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: log10 |Δ|/allowed (yellow: not checked one by one; ring: kink)", name)
	p.X.Label.Text = "column"
	p.Y.Label.Text = "row"
	p.X.Tick.Marker = integerTicks{}
	p.Y.Tick.Marker = integerTicks{negate: true} // y is minus the row: row 0 on top
	px := max(1, 1200/max(h.cols, h.rows))
	p.Add(plotter.NewImage(h.image(cmap.Palette(255).Colors(), lo, hi, px), -0.5, 0.5-float64(g.rows), float64(g.cols)-0.5, 0.5))
	if len(h.kinkX) > 0 {
		pts := make(plotter.XYs, len(h.kinkX))
		for i := range pts {
			pts[i].X, pts[i].Y = h.kinkX[i], -h.kinkY[i]
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		sc.GlyphStyle.Shape = vgdraw.RingGlyph{}
		sc.GlyphStyle.Radius = vg.Points(2.5)
		sc.GlyphStyle.Color = color.Black
		p.Add(sc)
	}

	bar := plot.New()
	bar.HideY()
	bar.X.Label.Text = "log10 |Δ|/allowed"
	bar.X.Tick.Marker = integerTicks{}
	bar.Add(&plotter.ColorBar{ColorMap: cmap})

	width := 18 * vg.Centimeter
	aspect := float64(g.rows) / float64(g.cols)
	height := vg.Length(math.Min(math.Max(aspect*16, 6), 16)) * vg.Centimeter
	barHeight := 2.2 * vg.Centimeter
	img := vgimg.New(width, height+barHeight)
	dc := vgdraw.New(img)
	p.Draw(vgdraw.Crop(dc, 0, 0, barHeight, 0))
	bar.Draw(vgdraw.Crop(dc, 0, 0, 0, -height))

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// notChecked is the colour of cells without an element-wise check: apart
// from the blue-white-red scale.
var notChecked = color.NRGBA{R: 255, G: 236, B: 139, A: 255}

// integerTicks labels whole numbers only: rows (negated: y is minus the
// row), columns and decades.
type integerTicks struct{ negate bool }

func (it integerTicks) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(min, max) {
		if t.Label != "" {
			if t.Value != math.Trunc(t.Value) {
				continue
			}
			v := int(t.Value)
			if it.negate {
				v = -v
			}
			t.Label = fmt.Sprint(v)
		}
		out = append(out, t)
	}
	return out
}
