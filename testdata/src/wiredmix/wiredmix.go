// Package wiredmix wires each of wiredlib's networks with another
// activation's derivative, in the form its backward pass applies: the
// form is right, the activation is not (wiredcfgok is the twin).
package wiredmix

import "nnvet.test/src/wiredlib"

func Build() {
	net := wiredlib.New(3, wiredlib.Tanh, wiredlib.SigmoidOut)
	net.Backward(net.Forward([]float64{1, 2, 3}))

	zn := wiredlib.NewZ(3, wiredlib.Sigmoid, wiredlib.TanhPrime)
	zn.Backward(zn.Forward([]float64{1, 2, 3}))
}
