package gradcheck

import (
	"fmt"
	"math"
	"strings"
)

// Largest text map of a parameter, in cells (rows × columns).
const (
	mapRows = 16
	mapCols = 64
)

// grid is a parameter's elements laid out as rows × cols, for the map in
// the report and the PNG heat map: what is known of each element, and
// |Δ|/allowed where it was checked element-wise.
type grid struct {
	rows, cols int
	state      []byte    // cellOK, cellDiffers, cellKink, cellUnchecked; 0 where a ragged row has no element
	ratio      []float64 // NaN where not checked element-wise
}

// newGrid lays out p's elements with the states Fast's localisation left
// (nil: all unchecked until the element-wise checks fill them in).
func newGrid(p param, state []byte) *grid {
	rows, cols, _ := shape(p.st)
	g := &grid{rows: rows, cols: cols, state: make([]byte, rows*cols), ratio: make([]float64, rows*cols)}
	for i := range g.ratio {
		g.ratio[i] = math.NaN()
	}
	for e := 0; e < p.n; e++ {
		i, j := rowCol(p.st, e)
		g.state[g.at(i, j)] = cellUnchecked
		if state != nil {
			g.state[g.at(i, j)] = state[e]
		}
	}
	return g
}

func (g *grid) at(i, j int) int { return i*g.cols + j }

// rank orders states within a cell: one element that differs marks it.
func rank(state byte) int {
	return strings.IndexByte(" "+string(cellOK)+string(cellUnchecked)+string(cellKink)+string(cellDiffers), state)
}

// text draws the grid in at most mapRows × mapCols characters, each cell
// showing the most alarming state among its elements. A column vector is
// drawn as a row.
func (g *grid) text(name string) string {
	rows, cols := g.rows, g.cols
	state := func(i, j int) byte { return g.state[g.at(i, j)] }
	if cols == 1 && rows > 1 {
		rows, cols = 1, g.rows
		state = func(_, j int) byte { return g.state[g.at(j, 0)] }
	}
	cr, cc := min(rows, mapRows), min(cols, mapCols)
	cells := make([][]byte, cr)
	for a := range cells {
		cells[a] = make([]byte, cc)
		for b := range cells[a] {
			cells[a][b] = ' '
		}
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			a, b := i*cr/rows, j*cc/cols
			if s := state(i, j); s != 0 && rank(s) > rank(cells[a][b]) {
				cells[a][b] = s
			}
		}
	}
	var sb strings.Builder
	size := fmt.Sprintf("%d×%d", g.rows, g.cols)
	if g.cols == 1 && g.rows > 1 {
		size += ", drawn as a row"
	}
	per := ""
	if h, w := (rows+cr-1)/cr, (cols+cc-1)/cc; h > 1 || w > 1 {
		per = fmt.Sprintf(", one cell per %d×%d elements at most", h, w)
	}
	fmt.Fprintf(&sb, "  map of %s (%s%s; %c differs, %c kink, %c not checked, %c ok):\n", name, size, per, cellDiffers, cellKink, cellUnchecked, cellOK)
	width := len(fmt.Sprint(rows - 1))
	for a, line := range cells {
		fmt.Fprintf(&sb, "  %*d |%s|\n", width, (a*rows+cr-1)/cr, line)
	}
	return sb.String()
}
