package samexpr

// An online learner writes z + b twice in one step and moves the bias once
// the gradient is known: the update comes after both expressions, so they
// are still one value.
type online struct {
	w    []float64
	z, b float64
}

func (u *online) train(x []float64, t, lr float64) {
	u.z = dot(u.w, x)
	y := sigmoid(u.z + u.b)
	dy := sigmoidPrime(u.z + u.b) // want `online\.train recomputes sigmoid.\(u\.z \+ u\.b\) via sigmoidPrime but y already holds sigmoid \(assigned by online\.train at stepped\.go:13\); use y \* \(1 - y\)`
	d := (y - t) * dy
	for i := range x {
		u.w[i] -= lr * d * x[i]
	}
	u.b -= lr * d
}

// The twin: a warm-up step moves the bias on some iterations between the
// two expressions, so the second is not the first's argument.
type warming struct {
	w    []float64
	z, b float64
	step int
}

func (u *warming) train(x []float64, t, lr float64) {
	u.z = dot(u.w, x)
	y := sigmoid(u.z + u.b)
	if u.step < 10 {
		u.b += lr * (t - y)
	}
	u.step++
	dy := sigmoidPrime(u.z + u.b)
	d := (y - t) * dy
	for i := range x {
		u.w[i] -= lr * d * x[i]
	}
	u.b -= lr * d
}
