package inplaceiface

type layer struct {
	squash Squash
}

func (l *layer) Squash() Squash { return l.squash }

// forward keeps the pre-activation in slot 0 and its activated copy in
// slot 1.
func (l *layer) forward(z Grid) [2]Grid {
	var out [2]Grid
	out[0] = z
	a := z.Clone()
	l.Squash().Fill(a)
	out[1] = a
	return out
}

func (l *layer) backward(kept [2]Grid) Grid {
	return l.Squash().Slope(kept[0]) // want `layer\.backward recomputes the derivative of kept\[0\] via Slope \(Hyperbolic\.Slope, Logistic\.Slope recompute tanh or sigmoid\) but kept\[1\] already holds tanh, sigmoid or another activation \(assigned by layer\.forward at layer\.go:16\); use the derivative written on a for each a in kept\[1\]`
}

// The twin: activated in place without a copy, both slots hold the
// activation, and the slope of slot 0 is another bug, not a recomputation.
type inPlace struct {
	squash Squash
}

func (l *inPlace) forward(z Grid) [3]Grid {
	var out [3]Grid
	out[0] = z
	l.squash.Fill(z)
	out[1] = z
	return out
}

func (l *inPlace) backward(kept [3]Grid) Grid {
	return l.squash.Slope(kept[0])
}
