// Package mat64 mirrors the legacy gonum mat64 API that older networks use.
package mat64

type Matrix interface {
	Dims() (r, c int)
	At(i, j int) float64
}

type Dense struct {
	r, c int
	data []float64
}

func NewDense(r, c int, data []float64) *Dense {
	if data == nil {
		data = make([]float64, r*c)
	}
	return &Dense{r: r, c: c, data: data}
}

func (m *Dense) Dims() (int, int)        { return m.r, m.c }
func (m *Dense) At(i, j int) float64     { return m.data[i*m.c+j] }
func (m *Dense) Set(i, j int, v float64) { m.data[i*m.c+j] = v }
func (m *Dense) Apply(fn func(i, j int, v float64) float64, a Matrix) {
	r, c := a.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, fn(i, j, a.At(i, j)))
		}
	}
}
