// Package acttable keeps activations in a table of func pairs, as real
// networks do: some entries recompute (logistic), others do not (relu).
package acttable

import "math"

type Table struct {
	Forward  func(float64) float64
	Backward func(float64) float64
}

var Tables = map[string]Table{
	"logistic": {
		Forward: func(x float64) float64 { return 1 / (1 + math.Exp(-x)) },
		Backward: func(x float64) float64 {
			s := 1 / (1 + math.Exp(-x))
			return s * (1 - s)
		},
	},
	"relu": {
		Forward:  func(x float64) float64 { return max(0, x) },
		Backward: func(x float64) float64 { return step(x) },
	},
}

// Shape's entries recompute nothing.
type Shape struct {
	Forward, Backward func(float64) float64
}

var Shapes = map[string]Shape{
	"relu":  {Forward: func(x float64) float64 { return max(0, x) }, Backward: step},
	"leaky": {Forward: func(x float64) float64 { return max(0.01*x, x) }, Backward: step},
}

func step(x float64) float64 {
	if x > 0 {
		return 1
	}
	return 0
}
