// Command planar trains the course's one-hidden-layer network on the planar
// "flower" data set and prints the cost every 1000 iterations, the training
// accuracy, and the accuracy for several hidden-layer sizes.
package main

import (
	"fmt"

	"github.com/nnvet/nnvet/examples/planar/model"
)

func main() {
	X, Y := model.LoadPlanarDataset()
	parameters := model.NNModel(X, Y, 4, 10000, 1000, func(i int, cost float64) {
		fmt.Printf("Cost after iteration %d: %f\n", i, cost)
	})
	fmt.Printf("Accuracy: %.1f%%\n", model.Accuracy(model.Predict(parameters, X), Y))
	fmt.Println()
	for _, nh := range []int{1, 2, 3, 4, 5, 20, 50} {
		p := model.NNModel(X, Y, nh, 5000, 0, nil)
		fmt.Printf("Accuracy for %d hidden units: %.2f %%\n", nh, model.Accuracy(model.Predict(p, X), Y))
	}
}
