package gradcheck

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
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
		analytic, numeric, err := c.along(all, "the whole model")
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

// afford reports whether cost more evaluations fit the budget, and marks
// the budget exhausted when they do not.
func (b *bisector) afford(cost int) bool {
	if b.c.s.budget > 0 && b.c.spent()+cost > b.c.s.budget {
		b.loc.Exhausted = true
		return false
	}
	return true
}

// fails checks a subset: element-wise when it is one element (the leaf,
// reported as Check reports elements), along a fresh random direction
// otherwise.
func (b *bisector) fails(sub []span) (bool, error) {
	c := b.c
	if len(sub) == 1 && sub[0].size() == 1 {
		k, i := sub[0].param, sub[0].lo
		before := c.spent()
		v, err := c.numericAt(c.loss, c.params, task{k, i}, &c.evals)
		if err != nil {
			return false, err
		}
		b.loc.Elements++
		b.loc.ElementEvals += c.spent() - before
		b.numeric[k][i] = v
		b.checked[k] = append(b.checked[k], i)
		return !isClose(c.params[k].st.grad(i), v, c.s.tol), nil
	}
	before := c.spent()
	analytic, numeric, err := c.along(sub, b.describe(sub))
	if err != nil {
		return false, err
	}
	b.loc.Subsets++
	b.loc.SubsetEvals += c.spent() - before
	return !isClose(analytic, numeric, c.s.tol), nil
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

// run bisects level by level from the failing set root.
func (b *bisector) run(root []span) error {
	if isLeaf(root) { // a model of one element: nothing to bisect
		_, err := b.fails(root)
		return err
	}
	frontier := [][]span{root}
	for len(frontier) > 0 {
		var next [][]span
		parents := map[int]int{} // per parameter: its subsets split at this level
		failing := map[int]int{} // and their halves that failed
		for n, sub := range frontier {
			lo, hi := b.split(sub)
			if !b.afford(2 * b.cost()) {
				for _, rest := range append(next, frontier[n:]...) {
					b.giveUp(rest, "budget exhausted")
				}
				return nil
			}
			// A failing set whose halves both pass is checked again along
			// fresh directions; an element-wise leaf is not random, so it
			// is checked once.
			flo, fhi := false, false
			for try := 0; try < 2 && !flo && !fhi; try++ {
				if try > 0 && (isLeaf(lo) && isLeaf(hi) || !b.afford(2*b.cost())) {
					break
				}
				var err error
				if try == 0 || !isLeaf(lo) {
					if flo, err = b.fails(lo); err != nil {
						return err
					}
				}
				if try == 0 || !isLeaf(hi) {
					if fhi, err = b.fails(hi); err != nil {
						return err
					}
				}
			}
			if !flo && !fhi {
				b.giveUp(sub, "failed, but both halves passed along fresh random directions")
				continue
			}
			if len(sub) == 1 {
				parents[sub[0].param]++
			}
			for _, h := range []struct {
				sub  []span
				fail bool
			}{{lo, flo}, {hi, fhi}} {
				if !h.fail || isLeaf(h.sub) {
					continue // a failing leaf is reported already
				}
				next = append(next, h.sub)
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
