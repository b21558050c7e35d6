package sarifcase

// Non-ASCII text before a finding on its line: SARIF counts columns in UTF-16
// code units (σ, ′ and → are one unit each, 𝛔 is two), Go in bytes.

import "math"

type unit struct {
	sum float64
	out float64
}

func (u *unit) forward(x float64) {
	u.sum = x
	u.out = math.Tanh(u.sum)
}

func (u *unit) backward(d float64) (string, float64) {
	σ, t := "σ′ → 𝛔", math.Tanh(u.sum) // want `unit.backward recomputes tanh\(u.sum\) but u.out already holds tanh`
	return σ, d * (1 - t*t)
}
