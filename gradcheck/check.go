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
func Check(loss func() float64, params []Param, opts ...Option) (rep *Report, err error) {
	// Outermost, so that it also catches a panic in the deferred restores:
	// get, set and grad of Scalars are the user's code.
	defer recoverInto(&err, "reading or writing a parameter")
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
	ps, err := prepare(params, &s)
	if err != nil {
		return nil, err
	}
	c := &checker{s: s, params: ps, loss: loss}
	saved := snapshot(ps)
	defer restore(ps, saved)

	c.plan()
	if s.maxEvals > 0 && c.planned > s.maxEvals {
		return nil, fmt.Errorf("gradcheck: the check needs %d loss evaluations, more than MaxEvals(%d); use Fast, Bisect or Sample to check fewer", c.planned, s.maxEvals)
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
	if c.s.mode == Bisection {
		c.planned += c.s.directions * c.stencilEvals()
		return
	}
	for _, p := range c.params {
		n := p.n
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
	return &Report{Mode: c.s.mode, Step: c.s.step, AbsoluteStep: c.s.absoluteStep, Formula: formulaName(c.s.formula),
		Tol: c.s.tol, Seed: c.s.seed, Directions: c.s.directions, Samples: c.s.samples, Workers: c.s.workers,
		DifferenceBound: c.s.differenceBound, Float32: slices.ContainsFunc(c.params, func(p param) bool { return p.r32 })}
}

func (c *checker) run() (*Report, error) {
	if c.s.mode == Bisection {
		return c.bisect()
	}
	rep := c.newReport()
	numeric := make([][]float64, len(c.params))
	checked := make([][]int, len(c.params))
	var tasks []task
	for k, p := range c.params {
		numeric[k] = make([]float64, p.n)
		switch c.s.mode {
		case RandomDirections:
			ok, err := c.fastParam(k, rep)
			if err != nil {
				return nil, err
			}
			if ok {
				continue
			}
			checked[k] = allElements(p.n)
		case RandomElements:
			rng := rand.New(rand.NewPCG(c.s.seed, 0x6e6e766574+uint64(k))) // "nnvet"
			checked[k] = sampleElements(p.n, c.s.samples, rng)
		default:
			checked[k] = allElements(p.n)
		}
		for _, i := range checked[k] {
			tasks = append(tasks, task{k, i})
		}
	}
	if err := c.numericAll(tasks, numeric); err != nil {
		return nil, err
	}
	for k, p := range c.params {
		if c.s.mode == RandomDirections && checked[k] == nil {
			continue // passed along every direction; reported by fastParam
		}
		rep.Params = append(rep.Params, paramReport(p, "d"+p.name, numeric[k], checked[k], c.s))
	}
	c.finish(rep)
	return rep, nil
}

// finish puts the parameters in the user's order and counts evaluations.
func (c *checker) finish(rep *Report) {
	order := map[string]int{}
	for k, p := range c.params {
		order[p.name] = k
	}
	slices.SortStableFunc(rep.Params, func(a, b ParamReport) int { return order[a.Name] - order[b.Name] })
	rep.PlannedEvals = max(c.planned, c.evals) // includes fallbacks and localisation
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

// numericAll fills numeric for every task, serially on the user's model or
// spread over the replicas. Each element's value depends only on the model
// and the element, so the split does not change a bit of the result.
func (c *checker) numericAll(tasks []task, numeric [][]float64) error {
	if len(c.replicas) == 0 {
		for _, t := range tasks {
			v, err := c.numericAt(c.loss, c.params, t, &c.evals)
			if err != nil {
				return err
			}
			numeric[t.param][t.idx] = v
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
				numeric[t.param][t.idx] = v // distinct elements: no race
			}
		}()
	}
	wg.Wait()
	return firstErr
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
	// x±h may lie in a coarser binade than x: put the centre on that
	// binade's grid (a move of at most half a float32 ulp there), so that
	// every point is a float32 and the step is exactly h.
	reach := 0.0
	for _, pt := range c.s.formula.Stencil {
		reach = max(reach, math.Abs(pt.Loc)*h)
	}
	centre = round32(x)
	if _, e := math.Frexp(math.Abs(centre) + reach); e-24 > -149 {
		q := math.Ldexp(1, e-24) // the float32 ulp in [2^(e-1), 2^e)
		centre = math.Round(centre/q) * q
	}
	for _, pt := range c.s.formula.Stencil {
		if y := centre + pt.Loc*h; round32(y) != y || y == centre && pt.Loc != 0 {
			return h, centre, false
		}
	}
	return h, centre, true
}

// numericAt is the finite-difference derivative of loss with respect to one
// element of params, which it moves and puts back.
func (c *checker) numericAt(loss func() float64, params []param, t task, evals *int) (float64, error) {
	p := params[t.param]
	x := p.orig[t.idx]
	h, centre, ok := c.elementStep(p, x)
	if !ok {
		prec := "float64"
		if p.r32 {
			prec = "float32"
		}
		return 0, fmt.Errorf("gradcheck: %s = %v is too large for step %v in %s: x+h == x", elementName(p, t.idx), x, c.s.step, prec)
	}
	defer p.st.set(t.idx, x)
	var sum float64
	for _, pt := range c.s.formula.Stencil {
		f := c.f0
		if pt.Loc != 0 {
			xp := centre + pt.Loc*h
			p.st.set(t.idx, xp)
			var err error
			f, err = call(loss, func() string {
				return fmt.Sprintf("while %s was moved from %v to %v", elementName(p, t.idx), x, xp)
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

// span is elements lo…hi−1 of parameter param.
type span struct{ param, lo, hi int }

func (s span) size() int { return s.hi - s.lo }

// along compares the analytic and numeric derivatives of the loss along a
// random direction over the spans (one per parameter), normalised to unit
// length in each parameter's block and scaled by the parameter's magnitude,
// so that a small parameter weighs as much as a large one. The analytic
// value is the gradient's product with the displacement each element really
// made (after rounding), divided by the step. Only the spans' elements move.
//
// m is the copy of the model to move (the user's or a Parallel worker's);
// id numbers the check, and with the seed alone decides its direction, so
// that a check gives the same bits on any copy.
func (c *checker) along(m model, spans []span, id uint64, what string) (analytic, numeric float64, err error) {
	rng := rand.New(rand.NewPCG(c.s.seed, 0x6e6e766574^id)) // "nnvet"
	dirs := make([][]float64, len(spans))
	for k, sp := range spans {
		v := make([]float64, sp.size())
		var ss float64
		for i := range v {
			v[i] = rng.NormFloat64()
			ss += v[i] * v[i]
		}
		scale := m.params[sp.param].scale / math.Sqrt(ss)
		for i := range v {
			v[i] *= scale
		}
		dirs[k] = v
	}
	h := c.s.step
	var fsum, gsum float64
	for _, pt := range c.s.formula.Stencil {
		f := c.f0
		if pt.Loc == 0 {
			fsum += pt.Coeff * f
			continue
		}
		t := pt.Loc * h
		var gd float64
		for k, sp := range spans {
			p := m.params[sp.param]
			moved := make([]float64, sp.size())
			for j, u := range dirs[k] {
				xp := p.orig[sp.lo+j] + t*u
				if p.r32 {
					xp = round32(xp)
				}
				moved[j] = xp
			}
			p.st.setRange(sp.lo, moved)
			for j, xp := range moved {
				if p.readBack {
					xp = p.st.at(sp.lo + j)
				}
				// The gradient under test is the user's, whichever copy moves.
				gd += c.params[sp.param].grad[sp.lo+j] * (xp - p.orig[sp.lo+j])
			}
		}
		f, err = call(m.loss, func() string { return fmt.Sprintf("while %s was moved along a random direction by %v", what, t) })
		*m.evals++
		for _, sp := range spans {
			m.params[sp.param].st.setRange(sp.lo, m.params[sp.param].orig[sp.lo:sp.hi])
		}
		if err != nil {
			return 0, 0, err
		}
		fsum += pt.Coeff * f
		gsum += pt.Coeff * gd
	}
	return gsum / h, fsum / h, nil
}

// fastParam checks parameter k along random directions, recording the
// outcome in rep. It reports whether every direction agreed.
func (c *checker) fastParam(k int, rep *Report) (bool, error) {
	p := c.params[k]
	for d := 0; d < c.s.directions; d++ {
		c.tests++
		analytic, numeric, err := c.along(c.main(), []span{{k, 0, p.n}}, c.tests, p.name)
		if err != nil {
			return false, err
		}
		if !isClose(analytic, numeric, c.s.tol) {
			rep.Fallbacks = append(rep.Fallbacks, fmt.Sprintf("d%s along direction %d: analytic %.8g, numeric %.8g; checked element by element", p.name, d, analytic, numeric))
			// The directions left are not evaluated; every element is.
			c.planned += (p.n - (c.s.directions - d - 1)) * c.stencilEvals()
			return false, nil
		}
	}
	rows, cols, desc := shape(p.st)
	rep.Params = append(rep.Params, ParamReport{Name: p.name, Rows: rows, Cols: cols, OK: true, Directional: true, shape: desc})
	return true, nil
}
