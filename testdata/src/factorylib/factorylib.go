// Package factorylib hands out activations and their derivatives by name,
// for other packages' layers: the derivatives of SlopeAt are written on the
// pre-activation, those of SlopeOfOutput on the activation.
package factorylib

import "math"

func logistic(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

// Activation returns the activation called name.
func Activation(name string) func(float64) float64 {
	switch name {
	case "tanh":
		return math.Tanh
	case "logistic":
		return logistic
	}
	return nil
}

// SlopeAt returns the derivative of the activation called name, at its
// argument.
func SlopeAt(name string) func(float64) float64 {
	switch name {
	case "relu":
		return func(v float64) float64 {
			if v > 0 {
				return 1
			}
			return 0
		}
	case "tanh":
		return func(v float64) float64 { return 1 - math.Tanh(v)*math.Tanh(v) }
	case "logistic":
		return func(v float64) float64 { return logistic(v) * (1 - logistic(v)) }
	}
	return nil
}

// SlopeOfOutput returns the derivative of the activation called name,
// written on its output.
func SlopeOfOutput(name string) func(float64) float64 {
	if name == "tanh" {
		return func(y float64) float64 { return 1 - y*y }
	}
	return func(y float64) float64 { return y * (1 - y) }
}
