// Package tableneuron stores a neuron's output through the table of
// another package.
package tableneuron

import "nnvet.test/src/acttable"

type Neuron struct {
	Raw   float64
	Value float64
	Act   acttable.Table

	Sum   float64
	Out   float64
	Shape acttable.Shape
}

func (n *Neuron) Forward(in []float64) {
	n.Raw = 0
	for _, x := range in {
		n.Raw += x
	}
	n.Value = n.Act.Forward(n.Raw)
	n.Out = n.Shape.Forward(n.Sum)
}

func (n *Neuron) Delta(next float64) float64 {
	return n.Act.Backward(n.Raw) * next // want `Neuron.Delta recomputes the derivative of n.Raw via Backward \("logistic" recomputes sigmoid\) but n.Value already holds sigmoid or another activation \(assigned by Neuron.Forward at tableneuron.go:22\); use the derivative written on n.Value`
}

func (n *Neuron) ShapeDelta(next float64) float64 {
	return n.Shape.Backward(n.Sum) * next
}
