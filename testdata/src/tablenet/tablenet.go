// Package tablenet reaches the table's derivative through a variable and
// the neuron's fields through another package's facts.
package tablenet

import (
	"nnvet.test/src/acttable"
	"nnvet.test/src/tableneuron"
)

func OutputDeltas(ns []*tableneuron.Neuron, want []float64, name string) {
	act := acttable.Tables[name]
	for i, n := range ns {
		n.Raw = (n.Value - want[i]) * act.Backward(n.Raw) // want `OutputDeltas recomputes the derivative of n.Raw via Backward \("logistic" recomputes sigmoid\) but n.Value already holds`
	}
}

func ShapeDeltas(ns []*tableneuron.Neuron, want []float64, name string) {
	shape := acttable.Shapes[name]
	for i, n := range ns {
		n.Sum = (n.Out - want[i]) * shape.Backward(n.Sum)
	}
}
