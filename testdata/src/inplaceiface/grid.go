// Package inplaceiface keeps a layer's two values in a [2]Grid: the
// pre-activation, and a copy of it that the activation overwrites in
// place through an interface. Element access returns an error beside the
// value, as in many hand-written matrix packages.
package inplaceiface

import (
	"errors"
	"math"
)

type Grid interface {
	At(i, j int) (float64, error)
	Set(i, j int, v float64) error
	Shape() (int, int)
	Clone() Grid
}

type grid struct {
	rows, cols int
	cells      []float64
}

func (g *grid) At(i, j int) (float64, error) {
	if i >= g.rows || j >= g.cols {
		return 0, errors.New("out of range")
	}
	return g.cells[i*g.cols+j], nil
}

func (g *grid) Set(i, j int, v float64) error {
	if i >= g.rows || j >= g.cols {
		return errors.New("out of range")
	}
	g.cells[i*g.cols+j] = v
	return nil
}

func (g *grid) Shape() (int, int) { return g.rows, g.cols }

func (g *grid) Clone() Grid {
	return &grid{rows: g.rows, cols: g.cols, cells: append([]float64(nil), g.cells...)}
}

// EachCell replaces every cell of g by f of it.
func EachCell(g Grid, f func(float64) float64) {
	r, c := g.Shape()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v, _ := g.At(i, j)
			g.Set(i, j, f(v))
		}
	}
}

type Squash interface {
	Fill(Grid)
	Slope(Grid) Grid
}

type Logistic struct{}

func (Logistic) value(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
func (l Logistic) Fill(g Grid)           { EachCell(g, l.value) }
func (l Logistic) slope(x float64) float64 {
	s := l.value(x)
	return s * (1 - s)
}
func (l Logistic) Slope(g Grid) Grid {
	out := g.Clone()
	EachCell(out, l.slope)
	return out
}

type Hyperbolic struct{}

func (Hyperbolic) value(x float64) float64 { return math.Tanh(x) }
func (h Hyperbolic) Fill(g Grid)           { EachCell(g, h.value) }
func (h Hyperbolic) slope(x float64) float64 {
	t := h.value(x)
	return 1 - t*t
}
func (h Hyperbolic) Slope(g Grid) Grid {
	out := g.Clone()
	EachCell(out, h.slope)
	return out
}
