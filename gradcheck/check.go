package gradcheck

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// Param is one parameter of a model: Value is what the loss reads, Grad the
// analytic gradient under test. Name is what the user calls the parameter
// ("W1"); reports call its gradient "d"+Name ("dW1").
type Param struct {
	Name  string
	Value *mat.Dense
	Grad  *mat.Dense
}

// Check compares each parameter's analytic gradient with finite differences
// of loss, element by element under numpy's rule with the numeric gradient
// as the reference: IsClose(analytic, numeric, tol).
//
// loss must read the current parameter values. Check moves one element at a
// time in place, evaluates loss, and puts the element back. Whatever happens
// (loss panics, returns NaN, or changes a parameter) every Value is restored
// bit for bit before Check returns.
//
// The error is for a check that could not be made: invalid parameters or
// options, a loss that is not deterministic, panics, returns NaN or Inf, or
// writes to the parameters. A gradient that is wrong is not an error: it is
// a Report whose OK is false.
//
// Gonum's fd.Gradient is not used because it copies the whole parameter
// vector at every evaluation (O(n²) for n parameters) and cannot reuse the
// user's matrices in place; its formulas (fd.Central and the others) are.
func Check(loss func() float64, params []Param, opts ...Option) (rep *Report, err error) {
	s := defaults()
	for _, o := range opts {
		o(&s)
	}
	if s.err != nil {
		return nil, s.err
	}
	if loss == nil {
		return nil, fmt.Errorf("gradcheck: loss is nil")
	}
	if err := validateParams(params); err != nil {
		return nil, err
	}
	c := &checker{s: s, params: params, loss: loss}
	saved := snapshot(params)
	defer restore(params, saved)

	c.plan()
	if s.maxEvals > 0 && c.planned > s.maxEvals {
		return nil, fmt.Errorf("gradcheck: the check needs %d loss evaluations, more than MaxEvals(%d); use Fast or Sample to check fewer", c.planned, s.maxEvals)
	}
	if err := c.preflight(saved); err != nil {
		return nil, err
	}
	if s.build != nil {
		replicas, err := c.buildReplicas()
		if err != nil {
			return nil, err
		}
		for _, r := range replicas {
			saved := snapshot(r.params)
			defer restore(r.params, saved)
		}
		c.replicas = replicas
	}
	return c.run()
}

// checker holds the state of one Check call.
type checker struct {
	s        settings
	params   []Param
	loss     func() float64
	f0       float64 // loss at the unperturbed point
	planned  int
	evals    int
	replicas []replica
}

// replica is one worker's copy of the model.
type replica struct {
	loss   func() float64
	params []Param
	evals  int
}

func validateParams(params []Param) error {
	if len(params) == 0 {
		return fmt.Errorf("gradcheck: no parameters to check")
	}
	seen := map[string]bool{}
	for i, p := range params {
		switch {
		case p.Name == "":
			return fmt.Errorf("gradcheck: parameter %d has an empty name", i)
		case seen[p.Name]:
			return fmt.Errorf("gradcheck: two parameters are named %q", p.Name)
		case p.Value == nil || p.Value.IsEmpty():
			return fmt.Errorf("gradcheck: %s: Value is nil or empty", p.Name)
		case p.Grad == nil || p.Grad.IsEmpty():
			return fmt.Errorf("gradcheck: %s: Grad is nil or empty", p.Name)
		}
		seen[p.Name] = true
		vr, vc := p.Value.Dims()
		gr, gc := p.Grad.Dims()
		if vr != gr || vc != gc {
			hint := ""
			if vr == gc && vc == gr {
				hint = " (transposed?)"
			}
			return fmt.Errorf("gradcheck: %s is %d×%d but d%s is %d×%d%s", p.Name, vr, vc, p.Name, gr, gc, hint)
		}
		for i := 0; i < gr; i++ {
			for j := 0; j < gc; j++ {
				if g := p.Grad.At(i, j); math.IsNaN(g) || math.IsInf(g, 0) {
					return fmt.Errorf("gradcheck: analytic gradient d%s[%d,%d] is %v", p.Name, i, j, g)
				}
				if v := p.Value.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("gradcheck: parameter %s[%d,%d] is %v", p.Name, i, j, v)
				}
			}
		}
	}
	return nil
}

func snapshot(params []Param) []*mat.Dense {
	saved := make([]*mat.Dense, len(params))
	for i, p := range params {
		saved[i] = mat.DenseCopyOf(p.Value)
	}
	return saved
}

// restore writes the saved values back; Copy moves float64s unchanged, so
// the restoration is bit for bit (NaN payloads and -0 included).
func restore(params []Param, saved []*mat.Dense) {
	for i, p := range params {
		p.Value.Copy(saved[i])
	}
}

// stencilEvals is the number of loss evaluations one derivative costs: the
// point at the origin is the unperturbed loss, evaluated once up front.
func (c *checker) stencilEvals() int {
	n := 0
	for _, pt := range c.s.formula.Stencil {
		if pt.Loc != 0 {
			n++
		}
	}
	return n
}

func (c *checker) plan() {
	c.planned = 2 // preflight: the loss twice at the unperturbed point
	for _, p := range c.params {
		r, cols := p.Value.Dims()
		n := r * cols
		switch c.s.mode {
		case RandomDirections:
			n = c.s.directions
		case RandomElements:
			n = min(n, c.s.samples)
		}
		c.planned += n * c.stencilEvals()
	}
}

// call evaluates loss, turning a panic or a non-finite value into an error
// that says where the parameters stood.
func call(loss func() float64, where func() string) (v float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gradcheck: loss panicked %s: %v", where(), r)
		}
	}()
	v = loss()
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v, fmt.Errorf("gradcheck: loss returned %v %s", v, where())
	}
	return v, nil
}

func (c *checker) preflight(saved []*mat.Dense) error {
	at := func() string { return "at the unperturbed parameters" }
	f0, err := call(c.loss, at)
	if err != nil {
		return err
	}
	// A loss that writes to its parameters would also look nondeterministic;
	// say what is really wrong.
	if err := unchanged(c.params, saved, "the loss"); err != nil {
		return err
	}
	f1, err := call(c.loss, at)
	if err != nil {
		return err
	}
	c.evals += 2
	if d := math.Abs(f0 - f1); f0 != f1 && !(d <= c.s.nondetTol) {
		return fmt.Errorf("gradcheck: loss is not deterministic: %v then %v at the same parameters (|Δ| %.3g); seed dropout and sampling, or allow it with NondetTol", f0, f1, d)
	}
	c.f0 = f0
	return nil
}

// unchanged reports the first element of params that differs from saved.
func unchanged(params []Param, saved []*mat.Dense, who string) error {
	for k, p := range params {
		r, cols := p.Value.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < cols; j++ {
				if v, w := p.Value.At(i, j), saved[k].At(i, j); math.Float64bits(v) != math.Float64bits(w) {
					return fmt.Errorf("gradcheck: %s changed parameter %s[%d,%d] from %v to %v; it must only read the parameters", who, p.Name, i, j, w, v)
				}
			}
		}
	}
	return nil
}

func (c *checker) buildReplicas() ([]replica, error) {
	replicas := make([]replica, c.s.workers)
	for w := range replicas {
		loss, params, err := safeBuild(c.s.build)
		if err != nil {
			return nil, err
		}
		if loss == nil || len(params) != len(c.params) {
			return nil, fmt.Errorf("gradcheck: Parallel factory returned %d parameters and loss %v; want the %d parameters passed to Check", len(params), loss != nil, len(c.params))
		}
		for i, p := range params {
			q := c.params[i]
			if p.Name != q.Name || p.Value == nil || p.Value == q.Value {
				return nil, fmt.Errorf("gradcheck: Parallel factory: parameter %d is %q, want a fresh copy of %q", i, p.Name, q.Name)
			}
			pr, pc := p.Value.Dims()
			qr, qc := q.Value.Dims()
			if pr != qr || pc != qc || !mat.Equal(p.Value, q.Value) {
				return nil, fmt.Errorf("gradcheck: Parallel factory: %s differs from the parameter passed to Check", p.Name)
			}
		}
		replicas[w] = replica{loss: loss, params: params}
	}
	return replicas, nil
}

func safeBuild(build Factory) (loss func() float64, params []Param, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("gradcheck: Parallel factory panicked: %v", r)
		}
	}()
	loss, params = build()
	return loss, params, nil
}

// task is one element whose numeric derivative is wanted.
type task struct{ param, row, col int }

func (c *checker) run() (*Report, error) {
	rep := &Report{Mode: c.s.mode, Step: c.s.step, AbsoluteStep: c.s.absoluteStep, Formula: formulaName(c.s.formula),
		Tol: c.s.tol, Seed: c.s.seed, Directions: c.s.directions, Samples: c.s.samples, Workers: c.s.workers,
		DifferenceBound: c.s.differenceBound}
	numeric := make([]*mat.Dense, len(c.params))
	checked := make([][]task, len(c.params))
	var tasks []task
	rng := rand.New(rand.NewPCG(c.s.seed, 0x6e6e766574)) // "nnvet"
	for k, p := range c.params {
		r, cols := p.Value.Dims()
		numeric[k] = mat.NewDense(r, cols, nil)
		switch c.s.mode {
		case RandomDirections:
			ok, err := c.directional(k, rng, rep)
			if err != nil {
				return nil, err
			}
			if ok {
				continue
			}
			checked[k] = allElements(k, r, cols)
		case RandomElements:
			checked[k] = sampleElements(k, r, cols, c.s.samples, rng)
		default:
			checked[k] = allElements(k, r, cols)
		}
		tasks = append(tasks, checked[k]...)
	}
	if err := c.numericAll(tasks, numeric); err != nil {
		return nil, err
	}
	for k, p := range c.params {
		if c.s.mode == RandomDirections && checked[k] == nil {
			continue // passed along every direction; reported by directional
		}
		rep.Params = append(rep.Params, paramReport(p, "d"+p.Name, numeric[k], checked[k], c.s))
	}
	// Keep the user's order: directional passes were appended first.
	order := map[string]int{}
	for k, p := range c.params {
		order[p.Name] = k
	}
	slices.SortStableFunc(rep.Params, func(a, b ParamReport) int { return order[a.Name] - order[b.Name] })
	rep.PlannedEvals = c.planned // includes element-wise fallbacks of Fast
	rep.Evals = c.evals
	for _, r := range c.replicas {
		rep.Evals += r.evals
	}
	return rep, nil
}

func allElements(k, r, cols int) []task {
	ts := make([]task, 0, r*cols)
	for i := 0; i < r; i++ {
		for j := 0; j < cols; j++ {
			ts = append(ts, task{k, i, j})
		}
	}
	return ts
}

func sampleElements(k, r, cols, n int, rng *rand.Rand) []task {
	if n >= r*cols {
		return allElements(k, r, cols)
	}
	idx := rng.Perm(r * cols)[:n]
	slices.Sort(idx)
	ts := make([]task, n)
	for i, e := range idx {
		ts[i] = task{k, e / cols, e % cols}
	}
	return ts
}

// numericAll fills numeric for every task, serially on the user's model or
// spread over the replicas. Each element's value depends only on the model
// and the element, so the split does not change a bit of the result.
func (c *checker) numericAll(tasks []task, numeric []*mat.Dense) error {
	if len(c.replicas) == 0 {
		for _, t := range tasks {
			v, err := c.numericAt(c.loss, c.params, t, &c.evals)
			if err != nil {
				return err
			}
			numeric[t.param].Set(t.row, t.col, v)
		}
		return nil
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		errAt    = len(tasks)
	)
	w := len(c.replicas)
	for r := range c.replicas {
		rep := &c.replicas[r]
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Contiguous chunks keep each worker on one parameter's memory.
			lo, hi := r*len(tasks)/w, (r+1)*len(tasks)/w
			for i := lo; i < hi; i++ {
				t := tasks[i]
				v, err := c.numericAt(rep.loss, rep.params, t, &rep.evals)
				if err != nil {
					mu.Lock()
					if i < errAt { // report the error the serial check would have met first
						firstErr, errAt = err, i
					}
					mu.Unlock()
					return
				}
				numeric[t.param].Set(t.row, t.col, v) // distinct elements: no race
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// scaledStep returns the step for an element at x, made exactly representable
// so that the difference quotient divides by the step the loss really saw.
func (c *checker) scaledStep(x float64) float64 {
	h := c.s.step
	if !c.s.absoluteStep {
		h *= max(1, math.Abs(x))
	}
	return (x + h) - x
}

// numericAt is the finite-difference derivative of loss with respect to one
// element of params, which it moves and puts back.
func (c *checker) numericAt(loss func() float64, params []Param, t task, evals *int) (float64, error) {
	p := params[t.param]
	x := p.Value.At(t.row, t.col)
	h := c.scaledStep(x)
	if h == 0 {
		return 0, fmt.Errorf("gradcheck: %s[%d,%d] = %v is too large for step %v: x+h == x", p.Name, t.row, t.col, x, c.s.step)
	}
	defer p.Value.Set(t.row, t.col, x)
	var sum float64
	for _, pt := range c.s.formula.Stencil {
		f := c.f0
		if pt.Loc != 0 {
			xp := x + pt.Loc*h
			p.Value.Set(t.row, t.col, xp)
			var err error
			f, err = call(loss, func() string {
				return fmt.Sprintf("while %s[%d,%d] was moved from %v to %v", p.Name, t.row, t.col, x, xp)
			})
			*evals++
			if err != nil {
				return 0, err
			}
		}
		sum += pt.Coeff * f
	}
	return sum / h, nil
}

// directional checks parameter k along random unit directions, recording
// the outcome in rep. It reports whether every direction agreed.
func (c *checker) directional(k int, rng *rand.Rand, rep *Report) (bool, error) {
	p := c.params[k]
	r, cols := p.Value.Dims()
	orig := mat.DenseCopyOf(p.Value)
	defer p.Value.Copy(orig)
	scale := 1.0
	if !c.s.absoluteStep {
		scale = max(1, mat.Norm(orig, math.Inf(1)))
	}
	h := c.s.step * scale
	v := mat.NewDense(r, cols, nil)
	moved := mat.NewDense(r, cols, nil)
	for d := 0; d < c.s.directions; d++ {
		raw := v.RawMatrix()
		for i := 0; i < r; i++ {
			for j := 0; j < cols; j++ {
				raw.Data[i*raw.Stride+j] = rng.NormFloat64()
			}
		}
		v.Scale(1/mat.Norm(v, 2), v)
		analytic := mat.Dot(denseVec(p.Grad), denseVec(v))
		var sum float64
		for _, pt := range c.s.formula.Stencil {
			f := c.f0
			if pt.Loc != 0 {
				moved.Scale(pt.Loc*h, v)
				moved.Add(orig, moved)
				p.Value.Copy(moved)
				var err error
				f, err = call(c.loss, func() string {
					return fmt.Sprintf("while %s was moved along random direction %d by %v", p.Name, d, pt.Loc*h)
				})
				c.evals++
				p.Value.Copy(orig)
				if err != nil {
					return false, err
				}
			}
			sum += pt.Coeff * f
		}
		numeric := sum / h
		if !isClose(analytic, numeric, c.s.tol) {
			rep.Fallbacks = append(rep.Fallbacks, fmt.Sprintf("d%s along direction %d: analytic %.8g, numeric %.8g; checked element by element", p.Name, d, analytic, numeric))
			// The directions left are not evaluated; every element is.
			c.planned += (r*cols - (c.s.directions - d - 1)) * c.stencilEvals()
			return false, nil
		}
	}
	rep.Params = append(rep.Params, ParamReport{Name: p.Name, Rows: r, Cols: cols, OK: true, Directional: true})
	return true, nil
}

// denseVec views a dense matrix's elements as a vector (copying when the
// matrix is a strided view).
func denseVec(m *mat.Dense) *mat.VecDense {
	r, c := m.Dims()
	raw := m.RawMatrix()
	if raw.Stride == c {
		return mat.NewVecDense(r*c, raw.Data[:r*c])
	}
	return mat.NewVecDense(r*c, mat.DenseCopyOf(m).RawMatrix().Data)
}
