// Package wiredcfg wires wiredlib's networks with the wrong derivative for
// what each backward pass applies it to, or with one that recomputes what
// the layer kept; wiredcfgok is its twin.
package wiredcfg

import "nnvet.test/src/wiredlib"

func Build() {
	net := wiredlib.New(3, wiredlib.Sigmoid, wiredlib.SigmoidPrime)
	net.Backward(net.Forward([]float64{1, 2, 3}))

	zn := wiredlib.NewZ(3, wiredlib.Tanh, wiredlib.TanhOut)
	zn.Backward(zn.Forward([]float64{1, 2, 3}))

	l := wiredlib.NewLayer(wiredlib.Tanh, wiredlib.TanhPrime)
	l.Backward(l.Forward([]float64{1, 2, 3}))
}
