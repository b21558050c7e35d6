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
//
// A parameter kept elsewhere than in a *mat.Dense is made by [Rows],
// [Vector], [Vector32] or [Scalars]; Value and Grad are nil then, and Check
// moves the elements where they are.
type Param struct {
	Name  string
	Value *mat.Dense
	Grad  *mat.Dense

	store store // set by Rows, Vector, Vector32 and Scalars
}

// Check compares each parameter's analytic gradient with finite differences
// of loss, element by element under numpy's rule with the numeric gradient
// as the reference: IsClose(analytic, numeric, tol).
//
// loss must read the current parameter values. Check moves one element at a
// time in place, evaluates loss, and puts the element back. Whatever happens
// (loss panics, returns NaN, or changes a parameter) every value is restored
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
func Check(loss func() float64, params []Param, opts ...Option) (*Report, error) {
	s := defaults()
	for _, o := range opts {
		o(&s)
	}
	if s.err != nil {
		return nil, s.err
	}
	rep, err := check(loss, params, s)
	if err != nil || s.plotDir == "" {
		return rep, err
	}
	// After the check, with every parameter back in place.
	return rep, rep.writePlots(s.plotDir, s.plotPrefix)
}

func check(loss func() float64, params []Param, s settings) (rep *Report, err error) {
	// Outermost, so that it also catches a panic in the deferred restores:
	// get, set and grad of Scalars are the user's code.
	defer recoverInto(&err, "reading or writing a parameter")
	if loss == nil {
		return nil, fmt.Errorf("gradcheck: loss is nil")
	}
	ps, err := prepare(params, &s)
	if err != nil {
		return nil, err
	}
	c := &checker{s: s, params: ps, loss: loss}
	saved := snapshot(ps)
	defer restore(ps, saved)

	c.plan()
	if s.maxEvals > 0 && c.planned > s.maxEvals {
		return nil, fmt.Errorf("gradcheck: the check needs %d loss evaluations, more than MaxEvals(%d); use Fast or Sample to check fewer", c.planned, s.maxEvals)
	}
	if err := c.preflight(); err != nil {
		return nil, err
	}
	if s.build != nil {
		replicas, err := c.buildReplicas()
		for _, r := range replicas {
			saved := snapshot(r.params)
			defer restore(r.params, saved)
		}
		if err != nil {
			return nil, err
		}
		c.replicas = replicas
	}
	return c.run()
}

// param is a validated parameter: its storage and what Check derived from it.
type param struct {
	name  string
	st    store
	n     int
	r32   bool    // moved in float32
	scale float64 // max(1, max|x|): the unit of a directional step
	orig  []float64
	grad  []float64
	// readBack says whether a moved value must be read back to learn where
	// it went: set of Scalars is the user's and may round.
	readBack bool
}

// checker holds the state of one Check call.
type checker struct {
	s        settings
	params   []param
	loss     func() float64
	f0       float64 // loss at the unperturbed point
	planned  int
	evals    int
	replicas []replica
	tests    uint64 // directional checks drawn so far: each has its own stream
}

// replica is one worker's copy of the model.
type replica struct {
	loss   func() float64
	params []param
	evals  int
}

// model is a copy of the model to evaluate on, and its evaluation counter.
type model struct {
	loss   func() float64
	params []param
	evals  *int
}

// main is the user's model.
func (c *checker) main() model { return model{c.loss, c.params, &c.evals} }

// models are the copies independent checks run on at once: the Parallel
// workers' copies, or the user's model alone.
func (c *checker) models() []model {
	if len(c.replicas) == 0 {
		return []model{c.main()}
	}
	ms := make([]model, len(c.replicas))
	for i := range c.replicas {
		r := &c.replicas[i]
		ms[i] = model{r.loss, r.params, &r.evals}
	}
	return ms
}

// prepare validates params and returns their storages. A float32 storage
// switches the settings to Float32's unless the step or tolerance were set.
func prepare(params []Param, s *settings) ([]param, error) {
	if len(params) == 0 {
		return nil, fmt.Errorf("gradcheck: no parameters to check")
	}
	seen := map[string]bool{}
	ps := make([]param, len(params))
	any32 := false
	for k, p := range params {
		switch {
		case p.Name == "":
			return nil, fmt.Errorf("gradcheck: parameter %d has an empty name", k)
		case seen[p.Name]:
			return nil, fmt.Errorf("gradcheck: two parameters are named %q", p.Name)
		}
		seen[p.Name] = true
		st, err := storeOf(p)
		if err != nil {
			return nil, err
		}
		if err := st.check(p.Name); err != nil {
			return nil, err
		}
		offs := st.offsets()
		q := param{name: p.Name, st: st, n: offs[len(offs)-1], scale: 1}
		_, q.readBack = st.(*scalarStore)
		q.orig, q.grad = make([]float64, q.n), make([]float64, q.n)
		for i := 0; i < q.n; i++ {
			g, v := st.grad(i), st.at(i)
			if math.IsNaN(g) || math.IsInf(g, 0) {
				return nil, fmt.Errorf("gradcheck: analytic gradient d%s is %v", elementName(q, i), g)
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("gradcheck: parameter %s is %v", elementName(q, i), v)
			}
			q.orig[i], q.grad[i] = v, g
			if !s.absoluteStep {
				q.scale = max(q.scale, math.Abs(v))
			}
		}
		any32 = any32 || st.float32()
		ps[k] = q
	}
	if any32 {
		s.useFloat32Defaults()
	}
	for k := range ps {
		ps[k].r32 = s.float32 || ps[k].st.float32()
	}
	return ps, nil
}

// elementName names element i of p as reports do: W1[2,1], or b[3] for a vector.
func elementName(p param, i int) string {
	r, c := rowCol(p.st, i)
	if p.st.vector() {
		return fmt.Sprintf("%s[%d]", p.name, c)
	}
	return fmt.Sprintf("%s[%d,%d]", p.name, r, c)
}

func snapshot(params []param) []any {
	saved := make([]any, len(params))
	for i, p := range params {
		saved[i] = p.st.save()
	}
	return saved
}

func restore(params []param, saved []any) {
	for i, p := range params {
		p.st.restore(saved[i])
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
	if c.s.mode == RandomDirections && !c.s.perParam {
		n := c.s.directions
		if len(c.params) == 1 && c.params[0].n == 1 {
			n = 1 // checked element-wise, once
		}
		c.planned += n * c.stencilEvals()
		return
	}
	for _, p := range c.params {
		n := p.n
		switch c.s.mode {
		case RandomDirections:
			n = c.s.directions
			if p.n == 1 {
				n = 1 // checked element-wise, once
			}
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

func (c *checker) preflight() error {
	at := func() string { return "at the unperturbed parameters" }
	f0, err := call(c.loss, at)
	if err != nil {
		return err
	}
	// A loss that writes to its parameters would also look nondeterministic;
	// say what is really wrong.
	if err := unchanged(c.params, "the loss"); err != nil {
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

// unchanged reports the first element of params that differs from its
// value when the check began.
func unchanged(params []param, who string) error {
	for _, p := range params {
		for i := 0; i < p.n; i++ {
			if v, w := p.st.at(i), p.orig[i]; math.Float64bits(v) != math.Float64bits(w) {
				return fmt.Errorf("gradcheck: %s changed parameter %s from %v to %v; it must only read the parameters", who, elementName(p, i), w, v)
			}
		}
	}
	return nil
}

func (c *checker) buildReplicas() ([]replica, error) {
	replicas := make([]replica, 0, c.s.workers)
	for w := 0; w < c.s.workers; w++ {
		loss, params, err := safeBuild(c.s.build)
		if err != nil {
			return replicas, err
		}
		if loss == nil || len(params) != len(c.params) {
			return replicas, fmt.Errorf("gradcheck: Parallel factory returned %d parameters and loss %v; want the %d parameters passed to Check", len(params), loss != nil, len(c.params))
		}
		s := c.s
		ps, err := prepare(params, &s)
		if err != nil {
			return replicas, fmt.Errorf("gradcheck: Parallel factory: %w", err)
		}
		replicas = append(replicas, replica{loss: loss, params: ps})
		for i, p := range ps {
			q := c.params[i]
			if p.name != q.name || p.n != q.n || kindOf(p.st) != kindOf(q.st) {
				return replicas, fmt.Errorf("gradcheck: Parallel factory: parameter %d is %q with %d elements, want a fresh copy of %q with %d", i, p.name, p.n, q.name, q.n)
			}
			if !slices.Equal(p.orig, q.orig) {
				return replicas, fmt.Errorf("gradcheck: Parallel factory: %s differs from the parameter passed to Check", p.name)
			}
			if shared(p, q) {
				return replicas, fmt.Errorf("gradcheck: Parallel factory: parameter %d is %q, want a fresh copy of %q, not the same memory", i, p.name, q.name)
			}
		}
	}
	return replicas, nil
}

// shared reports whether replica p and original q hold their values in the
// same memory: by address where the storage has one, else by writing to
// p's first element and reading q's.
func shared(p, q param) bool {
	if a, b := p.st.backing(), q.st.backing(); a != nil && b != nil {
		return a == b
	}
	x := p.st.at(0)
	p.st.set(0, math.Nextafter(x, math.Inf(1))+1)
	moved := math.Float64bits(q.st.at(0)) != math.Float64bits(q.orig[0])
	p.st.set(0, x)
	return moved
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
type task struct{ param, idx int }

func (c *checker) newReport() *Report {
	rep := &Report{Mode: c.s.mode, Step: c.s.step, AbsoluteStep: c.s.absoluteStep, Formula: formulaName(c.s.formula),
		Tol: c.s.tol, Seed: c.s.seed, Directions: c.s.directions, Samples: c.s.samples, Workers: c.s.workers,
		DifferenceBound: c.s.differenceBound, Float32: slices.ContainsFunc(c.params, func(p param) bool { return p.r32 }),
		PerParameter: c.s.perParam, KinksFail: c.s.kinksFail}
	if c.s.mode == RandomDirections {
		rep.DirectionStep, rep.DirectionTol = c.s.directionStep(), c.s.directionTol()
	}
	return rep
}

func (c *checker) run() (*Report, error) {
	if c.s.mode == RandomDirections {
		return c.fast()
	}
	rep := c.newReport()
	found := newFindings(c.params)
	var tasks []task
	for k, p := range c.params {
		idx := allElements(p.n)
		if c.s.mode == RandomElements {
			rng := rand.New(rand.NewPCG(c.s.seed, 0x6e6e766574+uint64(k))) // "nnvet"
			idx = sampleElements(p.n, c.s.samples, rng)
		}
		for _, i := range idx {
			tasks = append(tasks, task{k, i})
		}
	}
	checks, err := c.checkAll(tasks)
	if err != nil {
		return nil, err
	}
	for t, r := range checks {
		found.add(tasks[t], r)
	}
	for k := range c.params {
		rep.Params = append(rep.Params, c.paramReport(k, found, nil))
	}
	c.finish(rep)
	return rep, nil
}

// findings is what element-wise checks found, per parameter: the central
// difference of each element checked, the elements in the order checked,
// and the checks that disagreed (failures and kinks).
type findings struct {
	numeric [][]float64
	checked [][]int
	odd     []map[int]lineCheck
}

func newFindings(params []param) *findings {
	f := &findings{numeric: make([][]float64, len(params)), checked: make([][]int, len(params)), odd: make([]map[int]lineCheck, len(params))}
	for k, p := range params {
		f.numeric[k] = make([]float64, p.n)
		f.odd[k] = map[int]lineCheck{}
	}
	return f
}

func (f *findings) add(t task, r lineCheck) {
	f.numeric[t.param][t.idx] = r.numeric
	f.checked[t.param] = append(f.checked[t.param], t.idx)
	if r.fail || r.kink {
		f.odd[t.param][t.idx] = r
	}
}

// finish puts the parameters in the user's order and counts evaluations.
func (c *checker) finish(rep *Report) {
	order := map[string]int{}
	for k, p := range c.params {
		order[p.name] = k
	}
	slices.SortStableFunc(rep.Params, func(a, b ParamReport) int { return order[a.Name] - order[b.Name] })
	rep.PlannedEvals = max(c.planned, c.evals) // includes localisation and kink tests
	rep.Evals = c.evals
	for _, r := range c.replicas {
		rep.Evals += r.evals
	}
	rep.PlannedEvals = max(rep.PlannedEvals, rep.Evals)
}

func allElements(n int) []int {
	ts := make([]int, n)
	for i := range ts {
		ts[i] = i
	}
	return ts
}

func sampleElements(n, k int, rng *rand.Rand) []int {
	if k >= n {
		return allElements(n)
	}
	idx := rng.Perm(n)[:k]
	slices.Sort(idx)
	return idx
}

// checkAll checks the elements of tasks, serially on the user's model or
// spread over the replicas. Each element's check depends only on the model
// and the element, so the split does not change a bit of the result.
func (c *checker) checkAll(tasks []task) ([]lineCheck, error) {
	out := make([]lineCheck, len(tasks))
	if len(c.replicas) == 0 {
		for i, t := range tasks {
			r, err := c.checkElement(c.main(), t)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
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
		m := model{rep.loss, rep.params, &rep.evals}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { // a panicking Scalars set on a worker
				if p := recover(); p != nil {
					mu.Lock()
					firstErr, errAt = fmt.Errorf("gradcheck: panic while moving a parameter on worker %d: %v", r, p), -1
					mu.Unlock()
				}
			}()
			// Contiguous chunks keep each worker on one parameter's memory.
			lo, hi := r*len(tasks)/w, (r+1)*len(tasks)/w
			for i := lo; i < hi; i++ {
				res, err := c.checkElement(m, tasks[i])
				if err != nil {
					mu.Lock()
					if i < errAt { // report the error the serial check would have met first
						firstErr, errAt = err, i
					}
					mu.Unlock()
					return
				}
				out[i] = res // distinct elements: no race
			}
		}()
	}
	wg.Wait()
	return out, firstErr
}

func round32(x float64) float64 { return float64(float32(x)) }

// elementStep returns the step for an element at x and the point the
// stencil is centred on, chosen so that the difference quotient divides by
// the step the loss really saw. In float64 the step is made exactly
// representable at x+h; in float32 it is a power of two and the centre is x
// rounded to float32, so that every stencil point is a float32 exactly.
func (c *checker) elementStep(p param, x float64) (h, centre float64, ok bool) {
	h = c.s.step
	if !c.s.absoluteStep {
		h *= max(1, math.Abs(x))
	}
	if !p.r32 {
		h = (x + h) - x
		return h, x, h != 0
	}
	if frac, exp := math.Frexp(h); frac != 0.5 {
		h = math.Ldexp(1, exp)
	}
	// x±2h (the outer points of the one-sided slopes) may lie in a coarser
	// binade than x: put the centre on that binade's grid (a move of at
	// most half a float32 ulp there), so that every point is a float32 and
	// the step is exactly h.
	locs := []float64{-2, -1, 1, 2}
	for _, pt := range c.s.formula.Stencil {
		locs = append(locs, pt.Loc)
	}
	reach := 0.0
	for _, loc := range locs {
		reach = max(reach, math.Abs(loc)*h)
	}
	centre = round32(x)
	if _, e := math.Frexp(math.Abs(centre) + reach); e-24 > -149 {
		q := math.Ldexp(1, e-24) // the float32 ulp in [2^(e-1), 2^e)
		centre = math.Round(centre/q) * q
	}
	for _, loc := range locs {
		if y := centre + loc*h; round32(y) != y || y == centre && loc != 0 {
			return h, centre, false
		}
	}
	return h, centre, true
}

// elementLine is the loss along element t of model m, on the stencil
// elementStep chooses; every evaluation puts the element back.
func (c *checker) elementLine(m model, t task) (*line, error) {
	p := m.params[t.param]
	x := p.orig[t.idx]
	h, centre, ok := c.elementStep(p, x)
	if !ok {
		prec := "float64"
		if p.r32 {
			prec = "float32"
		}
		return nil, fmt.Errorf("gradcheck: %s = %v is too large for step %v in %s: x+h == x", elementName(p, t.idx), x, c.s.step, prec)
	}
	l := &line{h: h, vals: map[float64]float64{}, near0: c.f0}
	if math.Float64bits(centre) == math.Float64bits(x) {
		l.vals[0] = c.f0
	}
	l.eval = func(loc float64) (float64, error) {
		xp := centre + loc*h
		p.st.set(t.idx, xp)
		defer p.st.set(t.idx, x)
		f, err := call(m.loss, func() string {
			return fmt.Sprintf("while %s was moved from %v to %v", elementName(p, t.idx), x, xp)
		})
		*m.evals++
		return f, err
	}
	return l, nil
}

// checkElement is the finite-difference check of one element of model m
// against the user's analytic gradient, with its one-sided slopes when it
// fails (see judge).
func (c *checker) checkElement(m model, t task) (lineCheck, error) {
	l, err := c.elementLine(m, t)
	if err != nil {
		return lineCheck{}, err
	}
	return c.judge(l, c.params[t.param].grad[t.idx], true, c.s.tol)
}
