// Package wiredcfgok is wiredcfg's twin: each network gets the derivative
// in the form its backward pass needs, and the layer given a derivative
// that recomputes tanh keeps no output to read instead.
package wiredcfgok

import "nnvet.test/src/wiredlib"

func Build() {
	net := wiredlib.New(3, wiredlib.Sigmoid, wiredlib.SigmoidOut)
	net.Backward(net.Forward([]float64{1, 2, 3}))

	zn := wiredlib.NewZ(3, wiredlib.Tanh, wiredlib.TanhPrime)
	zn.Backward(zn.Forward([]float64{1, 2, 3}))

	s := wiredlib.NewStreaming(wiredlib.Tanh, wiredlib.TanhPrime)
	s.Backward(s.Forward([]float64{1, 2, 3}))
}
