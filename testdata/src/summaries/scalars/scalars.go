// Package scalars holds one-number helpers, each beside a twin that
// computes something else.
package scalars

import "math"

func logistic(z float64) float64 { return 1 / (1 + math.Exp(-z)) } // want logistic:"sigmoid activation of param 0"

// gated is not the logistic of its parameter: its argument is a product.
func gated(g, z float64) float64 { return 1 / (1 + math.Exp(-g*z)) }

func logisticSlope(z float64) float64 { // want logisticSlope:"sigmoid derivative of param 0"
	s := logistic(z)
	return s * (1 - s)
}

// logisticTimes returns s*(1-s) scaled by another value: not a derivative.
func logisticTimes(z, k float64) float64 {
	s := logistic(z)
	return s * (k - s)
}

func tanhSlope(u float64) float64 { return 1 - math.Pow(math.Tanh(u), 2) } // want tanhSlope:"tanh derivative of param 0"

// tanhPlus is 1 + tanh²: not tanh's derivative.
func tanhPlus(u float64) float64 { return 1 + math.Pow(math.Tanh(u), 2) }

func sechSquared(u float64) float64 { // want sechSquared:"tanh derivative of param 0"
	c := math.Cosh(u)
	return 1 / (c * c)
}

// coshOnly returns cosh itself.
func coshOnly(u float64) float64 { return math.Cosh(u) }

// An applier's callback: the element is the third parameter.
func tanhAt(_, _ int, v float64) float64 { return math.Tanh(v) } // want tanhAt:"tanh activation of param 2"

// tanhOfRow uses an index, not the element.
func tanhOfRow(i, _ int, v float64) float64 { return math.Tanh(float64(i)) * v }

// The first of a variadic parameter.
func tanhFirst(zs ...float64) float64 { return math.Tanh(zs[0]) } // want tanhFirst:"tanh activation of param 0"

type Float interface{ ~float32 | ~float64 }

// A generic helper, with the conversions it needs.
func logisticT[T Float](t T) T { return 1 / (1 + T(math.Exp(float64(-t)))) } // want logisticT:"sigmoid activation of param 0"

// softplusT is log(1 + e^t): it uses exp but returns no activation.
func softplusT[T Float](t T) T { return T(math.Log(1 + math.Exp(float64(t)))) }

// A guard that returns a constant keeps the helper a helper.
func logisticSafe(z float64) float64 { // want logisticSafe:"sigmoid activation of param 0"
	if z < -40 {
		return 0
	}
	return 1 / (1 + math.Exp(-z))
}

// logisticOrSlope returns the activation on one path and its derivative
// on the other: it is neither.
func logisticOrSlope(z float64, slope bool) float64 {
	s := logistic(z)
	if slope {
		return s * (1 - s)
	}
	return s
}
