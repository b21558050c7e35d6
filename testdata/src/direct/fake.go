package direct

import math "nnvet.test/src/fakemath"

// backwardFakeMath calls a Tanh from a local package named math: not math.Tanh.
func (u *tanhUnit) backwardFakeMath(dout float64) float64 {
	return dout * (1 - math.Tanh(u.sum)*math.Tanh(u.sum))
}
