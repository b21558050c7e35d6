// Package mathtable keeps two tables of functions in func fields. The
// first is a check's table of math functions, tanh among sines and logs:
// no layer's choice of activation, so a call through it is no site. The
// second chooses between tanh and the sigmoid, as a layer does.
package mathtable

import "math"

type probe struct {
	f, df  func(float64) float64
	x, out float64
}

var probes = []probe{
	{f: math.Sin, df: math.Cos},
	{f: math.Log, df: func(x float64) float64 { return 1 / x }},
	{f: math.Tanh, df: func(x float64) float64 { t := math.Tanh(x); return 1 - t*t }},
}

func (p *probe) eval() { p.out = p.f(p.x) }

func (p *probe) slopeDelta() float64 { return p.df(p.x) }

func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }

type unit struct {
	f, df  func(float64) float64
	z, out float64
}

var units = []unit{
	{f: sigmoid, df: func(x float64) float64 { s := sigmoid(x); return s * (1 - s) }},
	{f: math.Tanh, df: func(x float64) float64 { t := math.Tanh(x); return 1 - t*t }},
}

func (u *unit) forward() { u.out = u.f(u.z) }

func (u *unit) delta() float64 {
	return u.df(u.z) // want `unit\.delta recomputes the derivative of u\.z via df \(the func literal at mathtable\.go:32, the func literal at mathtable\.go:33 recompute tanh or sigmoid\) but u\.out already holds tanh, sigmoid or another activation \(assigned by unit\.forward at mathtable\.go:36\); use the derivative written on u\.out`
}
