package gradcheck

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Bisection's constants: a parameter's errors are dense when at least
// denseParents of its subsets were split at one level and at least
// three quarters of their halves failed, or when more than maxFrontier of
// its subsets fail at once.
const (
	denseParents = 4
	maxFrontier  = 64
)

// spent is every loss evaluation made so far, the workers' included.
func (c *checker) spent() int {
	n := c.evals
	for _, r := range c.replicas {
		n += r.evals
	}
	return n
}

// bisector is the state of one localisation.
type bisector struct {
	c       *checker
	loc     *Localisation
	numeric [][]float64
	checked [][]int  // elements checked element-wise, per parameter
	unloc   []string // per parameter, why it failed without a wrong element
	reasons [][]string
}

func (c *checker) bisect() (*Report, error) {
	rep := c.newReport()
	if c.s.budget > 0 && c.s.budget < c.planned {
		return nil, fmt.Errorf("gradcheck: Budget(%d) is less than the %d loss evaluations a correct model needs (preflight and %d directions)", c.s.budget, c.planned, c.s.directions)
	}
	all := make([]span, len(c.params))
	for k, p := range c.params {
		all[k] = span{k, 0, p.n}
	}
	trigger := ""
	for d := 0; d < c.s.directions; d++ {
		c.tests++
		analytic, numeric, err := c.along(c.main(), all, c.tests, "the whole model")
		if err != nil {
			return nil, err
		}
		if !isClose(analytic, numeric, c.s.tol) {
			trigger = fmt.Sprintf("direction %d of the whole model: analytic %.8g, numeric %.8g", d, analytic, numeric)
			break
		}
	}
	if trigger == "" {
		for _, p := range c.params {
			rows, cols, desc := shape(p.st)
			rep.Params = append(rep.Params, ParamReport{Name: p.name, Rows: rows, Cols: cols, OK: true, Directional: true, shape: desc})
		}
		c.finish(rep)
		return rep, nil
	}
	b := &bisector{c: c, loc: &Localisation{Trigger: trigger, Budget: c.s.budget},
		numeric: make([][]float64, len(c.params)), checked: make([][]int, len(c.params)), reasons: make([][]string, len(c.params))}
	for k, p := range c.params {
		b.numeric[k] = make([]float64, p.n)
	}
	rep.Localisation = b.loc
	if err := b.run(all); err != nil {
		return nil, err
	}
	for k, p := range c.params {
		switch {
		case len(b.checked[k]) > 0:
			slices.Sort(b.checked[k])
			b.checked[k] = slices.Compact(b.checked[k]) // a transpose may be a leaf too
			pr := paramReport(p, "d"+p.name, b.numeric[k], b.checked[k], c.s)
			if len(b.reasons[k]) > 0 {
				pr.OK = false
				pr.Note = "also failed along random directions in " + strings.Join(b.reasons[k], ", ") + " without a wrong element found there"
			}
			rep.Params = append(rep.Params, pr)
		case len(b.reasons[k]) > 0:
			rows, cols, desc := shape(p.st)
			rep.Params = append(rep.Params, ParamReport{Name: p.name, Rows: rows, Cols: cols, shape: desc,
				Note: "failed along random directions in " + strings.Join(b.reasons[k], ", ") + " without a wrong element found"})
		default:
			rows, cols, desc := shape(p.st)
			rep.Params = append(rep.Params, ParamReport{Name: p.name, Rows: rows, Cols: cols, OK: true, Directional: true, shape: desc})
		}
	}
	c.finish(rep)
	return rep, nil
}

// job is one check of a subset: element-wise when it is one element (a
// leaf, reported as Check reports elements), along a fresh random
// direction otherwise.
type job struct {
	sub     []span
	id      uint64
	fail    bool
	numeric float64 // a leaf's derivative
	evals   int
	err     error
}

// runJobs makes independent checks, at once on the Parallel workers' copies
// of the model when there are some. A job's direction depends only on its
// number, so the results do not depend on which copy ran it; they are
// recorded in job order.
func (b *bisector) runJobs(jobs []*job) error {
	c := b.c
	for _, j := range jobs {
		c.tests++
		j.id = c.tests
	}
	ms := c.models()
	if len(ms) == 1 || len(jobs) == 1 {
		for _, j := range jobs {
			if b.do(ms[0], j); j.err != nil {
				return j.err
			}
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for _, m := range ms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := int(next.Add(1)) - 1; i < len(jobs); i = int(next.Add(1)) - 1 {
					b.do(m, jobs[i])
				}
			}()
		}
		wg.Wait()
	}
	for _, j := range jobs {
		if j.err != nil {
			return j.err // the first in job order, as the serial run meets it
		}
		if isLeaf(j.sub) {
			k, i := j.sub[0].param, j.sub[0].lo
			b.numeric[k][i] = j.numeric
			b.checked[k] = append(b.checked[k], i)
			b.loc.Elements++
			b.loc.ElementEvals += j.evals
		} else {
			b.loc.Subsets++
			b.loc.SubsetEvals += j.evals
		}
	}
	return nil
}

// do runs one job on model m.
func (b *bisector) do(m model, j *job) {
	c := b.c
	before := *m.evals
	defer func() {
		j.evals = *m.evals - before
		if r := recover(); r != nil { // a panicking Scalars set on a worker
			j.err = fmt.Errorf("gradcheck: panic while moving %s: %v", b.describe(j.sub), r)
		}
	}()
	if isLeaf(j.sub) {
		k, i := j.sub[0].param, j.sub[0].lo
		j.numeric, j.err = c.numericAt(m.loss, m.params, task{k, i}, m.evals)
		j.fail = j.err == nil && !isClose(c.params[k].grad[i], j.numeric, c.s.tol)
		return
	}
	analytic, numeric, err := c.along(m, j.sub, j.id, b.describe(j.sub))
	j.err, j.fail = err, err == nil && !isClose(analytic, numeric, c.s.tol)
}

// cost is the number of evaluations fails makes on a subset: one
// derivative, along a direction or element-wise.
func (b *bisector) cost() int { return b.c.stencilEvals() }

// split halves a subset: its parameters in two when it has several, else
// its elements at the row boundary nearest the middle (whole rows first),
// else at the middle element.
func (b *bisector) split(sub []span) (lo, hi []span) {
	if len(sub) > 1 {
		m := len(sub) / 2
		return sub[:m], sub[m:]
	}
	sp := sub[0]
	mid := (sp.lo + sp.hi) / 2
	offs := b.c.params[sp.param].st.offsets()
	best := -1
	j, _ := slices.BinarySearch(offs, mid)
	for _, o := range []int{j - 1, j} {
		if o >= 0 && o < len(offs) && offs[o] > sp.lo && offs[o] < sp.hi {
			if best < 0 || abs(offs[o]-mid) < abs(best-mid) {
				best = offs[o]
			}
		}
	}
	if best > 0 {
		mid = best
	}
	return []span{{sp.param, sp.lo, mid}}, []span{{sp.param, mid, sp.hi}}
}

func abs(x int) int { return max(x, -x) }

// describe names a subset for reports: "dW1", "dW1[5,0]..[5,783]", "dW1, db1".
func (b *bisector) describe(sub []span) string {
	var parts []string
	for _, sp := range sub {
		p := b.c.params[sp.param]
		switch {
		case sp.size() == p.n:
			parts = append(parts, "d"+p.name)
		case sp.size() == 1:
			parts = append(parts, "d"+elementName(p, sp.lo))
		default:
			last := elementName(p, sp.hi-1)
			parts = append(parts, "d"+elementName(p, sp.lo)+".."+last[len(p.name):])
		}
	}
	return strings.Join(parts, ", ")
}

func (b *bisector) giveUp(sub []span, why string) {
	d := b.describe(sub)
	b.loc.Unlocalised = append(b.loc.Unlocalised, d+": "+why)
	for _, sp := range sub {
		b.reasons[sp.param] = append(b.reasons[sp.param], b.describe([]span{sp}))
	}
}

// run bisects level by level from the failing set root. Each level splits
// every failing subset and checks all halves at once; a subset whose halves
// both pass has them checked again along fresh directions (a leaf is not
// random and is checked once), then is reported as not localised.
func (b *bisector) run(root []span) error {
	if isLeaf(root) { // a model of one element: nothing to bisect
		return b.runJobs([]*job{{sub: root}})
	}
	frontier := [][]span{root}
	for len(frontier) > 0 {
		if n := b.affordable(2, len(frontier)); n < len(frontier) {
			for _, rest := range frontier[n:] {
				b.giveUp(rest, "budget exhausted")
			}
			frontier = frontier[:n]
		}
		halves := make([][2]*job, len(frontier))
		var jobs []*job
		for n, sub := range frontier {
			lo, hi := b.split(sub)
			halves[n] = [2]*job{{sub: lo}, {sub: hi}}
			jobs = append(jobs, halves[n][0], halves[n][1])
		}
		if err := b.runJobs(jobs); err != nil {
			return err
		}
		var again []int
		for n, h := range halves {
			if !h[0].fail && !h[1].fail && !(isLeaf(h[0].sub) && isLeaf(h[1].sub)) {
				again = append(again, n)
			}
		}
		again = again[:b.affordable(2, len(again))]
		var retries []*job
		for _, n := range again {
			for side, h := range halves[n] {
				if !isLeaf(h.sub) {
					halves[n][side] = &job{sub: h.sub}
					retries = append(retries, halves[n][side])
				}
			}
		}
		if err := b.runJobs(retries); err != nil {
			return err
		}
		var next [][]span
		parents := map[int]int{} // per parameter: its subsets split at this level
		failing := map[int]int{} // and their halves that failed
		for n, sub := range frontier {
			h := halves[n]
			if !h[0].fail && !h[1].fail {
				b.giveUp(sub, "failed, but both halves passed along fresh random directions")
				continue
			}
			if len(sub) == 1 {
				parents[sub[0].param]++
			}
			for _, half := range h {
				if !half.fail || isLeaf(half.sub) {
					continue // a failing leaf is reported already
				}
				next = append(next, half.sub)
				if len(sub) == 1 {
					failing[sub[0].param]++
				}
			}
		}
		// Dense errors: stop bisecting that parameter and sample it.
		count := map[int]int{}
		for _, sub := range next {
			if len(sub) == 1 {
				count[sub[0].param]++
			}
		}
		var keep, dense [][]span
		for _, sub := range next {
			k := sub[0].param
			if len(sub) == 1 && (parents[k] >= denseParents && 4*failing[k] >= 3*2*parents[k] || count[k] > maxFrontier) {
				dense = append(dense, sub)
			} else {
				keep = append(keep, sub)
			}
		}
		if err := b.confirmDense(dense); err != nil {
			return err
		}
		frontier = keep
	}
	return nil
}

// affordable returns how many of n steps of per checks each the budget
// still allows (n without a budget), and marks it exhausted when not all.
func (b *bisector) affordable(per, n int) int {
	if b.c.s.budget == 0 {
		return n
	}
	k := max(0, (b.c.s.budget-b.c.spent())/(per*b.cost()))
	if k < n {
		b.loc.Exhausted = true
		return k
	}
	return n
}

func isLeaf(sub []span) bool { return len(sub) == 1 && sub[0].size() == 1 }

// confirmDense checks a random sample of DenseSample elements of each
// parameter's failing subsets element-wise (on the Parallel workers when
// there are some), within the budget.
func (b *bisector) confirmDense(subs [][]span) error {
	c := b.c
	byParam := map[int][]span{}
	var order []int
	for _, sub := range subs {
		for _, sp := range sub {
			if byParam[sp.param] == nil {
				order = append(order, sp.param)
			}
			byParam[sp.param] = append(byParam[sp.param], sp)
		}
	}
	slices.Sort(order)
	for _, k := range order {
		spans := byParam[k]
		slices.SortFunc(spans, func(x, y span) int { return x.lo - y.lo })
		var elems []int
		for _, sp := range spans {
			for i := sp.lo; i < sp.hi; i++ {
				elems = append(elems, i)
			}
		}
		want := min(DenseSample, len(elems))
		if c.s.budget > 0 {
			want = min(want, (c.s.budget-c.spent())/c.stencilEvals())
		}
		desc := fmt.Sprintf("%s (%d elements in %d failing subsets)", b.describeMerged(k, spans), len(elems), len(spans))
		if want <= 0 {
			b.loc.Exhausted = true
			b.giveUp(spans, "dense errors, budget exhausted before sampling")
			continue
		}
		rng := rand.New(rand.NewPCG(c.s.seed, 0x64656e7365+uint64(k))) // "dense"
		pick := sampleElements(len(elems), want, rng)
		tasks := make([]task, len(pick))
		for t, e := range pick {
			tasks[t] = task{k, elems[e]}
		}
		tasks = b.withTransposes(k, tasks, want)
		before := c.spent()
		if err := c.numericAll(tasks, b.numeric); err != nil {
			return err
		}
		wrong := 0
		for _, t := range tasks {
			b.checked[k] = append(b.checked[k], t.idx)
			if !isClose(c.params[k].st.grad(t.idx), b.numeric[k][t.idx], c.s.tol) {
				wrong++
			}
		}
		b.loc.Elements += len(tasks)
		b.loc.ElementEvals += c.spent() - before
		if want < DenseSample && want < len(elems) {
			b.loc.Exhausted = true
		}
		b.loc.Dense = append(b.loc.Dense, fmt.Sprintf("%s: %d sampled, %d differ", desc, len(tasks), wrong))
	}
	return nil
}

// describeMerged names the union of sorted spans of parameter k, merging
// adjacent ones: "dW1[5,0]..[5,783]".
func (b *bisector) describeMerged(k int, spans []span) string {
	var merged []span
	for _, sp := range spans {
		if n := len(merged); n > 0 && merged[n-1].hi == sp.lo {
			merged[n-1].hi = sp.hi
			continue
		}
		merged = append(merged, sp)
	}
	var parts []string
	for i, sp := range merged {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more ranges", len(merged)-3))
			break
		}
		parts = append(parts, b.describe([]span{sp}))
	}
	return strings.Join(parts, ", ")
}

// withTransposes adds, for a square matrix parameter, element (j,i) of each
// sampled (i,j), so that the hints can test for a transposed gradient: the
// sample is halved to keep its cost.
func (b *bisector) withTransposes(k int, tasks []task, want int) []task {
	p := b.c.params[k]
	if gradMatrix(p) == nil {
		return tasks
	}
	r, c, _ := shape(p.st)
	if r != c || r < 2 {
		return tasks
	}
	half := tasks[:max(1, (want+1)/2)]
	seen := map[int]bool{}
	var out []task
	for _, t := range half {
		i, j := rowCol(p.st, t.idx)
		for _, e := range []int{t.idx, j*c + i} {
			if !seen[e] {
				seen[e] = true
				out = append(out, task{k, e})
			}
		}
	}
	return out
}
