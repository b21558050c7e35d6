package gradcheck

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// An Activation is a function a layer applies to its pre-activation Z to get
// its activation A. Tanh, Sigmoid and ReLU work element by element, Softmax
// column by column (one example per column, as in the course).
type Activation struct {
	Name  string
	apply func(dst *mat.Dense, z mat.Matrix)
}

// ElementWise makes an Activation from a scalar function, for activations
// the package does not ship (leaky ReLU, softplus, …).
func ElementWise(name string, f func(float64) float64) Activation {
	return Activation{Name: name, apply: func(dst *mat.Dense, z mat.Matrix) {
		dst.Apply(func(_, _ int, v float64) float64 { return f(v) }, z)
	}}
}

// The activations the package knows. Softmax normalizes each column.
var (
	Tanh    = ElementWise("tanh", math.Tanh)
	Sigmoid = ElementWise("sigmoid", func(z float64) float64 { return 1 / (1 + math.Exp(-z)) })
	ReLU    = ElementWise("relu", func(z float64) float64 { return math.Max(0, z) })
	Softmax = Activation{Name: "softmax", apply: softmaxColumns}
)

// softmaxColumns computes a numerically stable softmax of each column.
func softmaxColumns(dst *mat.Dense, z mat.Matrix) {
	r, c := z.Dims()
	dst.ReuseAs(r, c)
	for j := 0; j < c; j++ {
		peak := math.Inf(-1)
		for i := 0; i < r; i++ {
			peak = math.Max(peak, z.At(i, j))
		}
		var sum float64
		for i := 0; i < r; i++ {
			e := math.Exp(z.At(i, j) - peak)
			dst.Set(i, j, e)
			sum += e
		}
		for i := 0; i < r; i++ {
			dst.Set(i, j, dst.At(i, j)/sum)
		}
	}
}

// ActivationError says where a cached activation is not act(Z).
type ActivationError struct {
	A, Z       string // names of the activation and pre-activation ("A1", "Z1")
	Activation string
	Comparison *Comparison // A against act(Z), the reference
}

func (e *ActivationError) Error() string {
	c := e.Comparison
	w := c.Mismatches[0]
	msg := fmt.Sprintf("%s[%d,%d] = %.4f but %s(%s[%d,%d]) = %.4f; %d of %d elements differ",
		e.A, w.Row, w.Col, w.A, e.Activation, e.Z, w.Row, w.Col, w.B, len(c.Mismatches), c.Total())
	if 10*len(c.Mismatches) >= 9*c.Total() {
		return msg + fmt.Sprintf(": %s and %s look unrelated (a cache not built by the forward pass?)", e.A, e.Z)
	}
	return msg + fmt.Sprintf(" (largest |Δ| %.3g): was %s or %s changed after the forward pass?", c.MaxAbsDiff, e.A, e.Z)
}

// CheckActivation verifies that a cache is consistent: a = act(z) element by
// element under tol, with act(z) as the reference. A backward pass that
// uses the cached activation (1 − A1² for tanh) is only right when this
// holds. The error is an *ActivationError naming the worst element, or a
// plain error for shapes that differ, nil matrices or an invalid tolerance.
func CheckActivation(z, a mat.Matrix, act Activation, tol Tolerance) error {
	return checkActivation("Z", "A", z, a, act, tol)
}

func checkActivation(zName, aName string, z, a mat.Matrix, act Activation, tol Tolerance) (err error) {
	defer recoverInto(&err, "applying "+act.Name+" to "+zName)
	if act.apply == nil {
		return fmt.Errorf("gradcheck: activation %q has no function; use ElementWise", act.Name)
	}
	zr, zc, err := dims(zName, z)
	if err != nil {
		return err
	}
	ar, ac, err := dims(aName, a)
	if err != nil {
		return err
	}
	if zr != ar || zc != ac {
		return fmt.Errorf("gradcheck: %s is %d×%d but %s is %d×%d", aName, ar, ac, zName, zr, zc)
	}
	want := mat.NewDense(zr, zc, nil)
	act.apply(want, z)
	c, err := Compare(a, want, tol)
	if err != nil {
		return err
	}
	if c.OK() {
		return nil
	}
	c.Name = aName
	return &ActivationError{A: aName, Z: zName, Activation: act.Name, Comparison: c}
}

// CheckCache verifies a course-style cache: for layer l = 1, 2, … it checks
// cache["A<l>"] = acts[l-1](cache["Z<l>"]). Every layer is checked; the
// error joins one error per inconsistent layer.
func CheckCache(cache map[string]*mat.Dense, tol Tolerance, acts ...Activation) error {
	var errs []error
	for l, act := range acts {
		zName, aName := fmt.Sprintf("Z%d", l+1), fmt.Sprintf("A%d", l+1)
		z, okz := cache[zName]
		a, oka := cache[aName]
		if !okz || !oka {
			errs = append(errs, fmt.Errorf("gradcheck: cache lacks %s or %s for layer %d", zName, aName, l+1))
			continue
		}
		if err := checkActivation(zName, aName, z, a, act, tol); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
