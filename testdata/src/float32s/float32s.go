package float32s

// float32 networks: github.com/chewxy/math32, and float32(math.Exp(float64(z))).

import (
	"math"

	"github.com/chewxy/math32"
)

type unit struct {
	sum float32
	out float32
}

func (u *unit) forward(x float32) {
	u.sum = x
	u.out = math32.Tanh(u.sum)
}

func (u *unit) backward(d float32) float32 {
	t := math32.Tanh(u.sum) // want `unit.backward recomputes tanh\(u.sum\) but u.out already holds tanh`
	return d * (1 - t*t)
}

func (u *unit) backwardCached(d float32) float32 {
	t := u.out
	return d * (1 - t*t)
}

type expUnit struct {
	sum float32
	out float32
}

func (u *expUnit) forward(x float32) {
	u.sum = x
	u.out = float32(math.Exp(float64(u.sum)))
}

func (u *expUnit) backward(d float32) float32 {
	return d * float32(math.Exp(float64(u.sum))) // want `expUnit.backward recomputes exp\(u.sum\) but u.out already holds exp`
}

func (u *expUnit) backwardCached(d float32) float32 {
	return d * u.out
}
