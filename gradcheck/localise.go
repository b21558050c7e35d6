package gradcheck

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/diff/fd"
)

// Group testing's constants: a parameter's errors are dense when at least
// denseParents of its subsets were split at one level and at least three
// quarters of their halves failed, or when more than maxFrontier of its
// subsets fail at once. A discrepancy found by difference decides when it
// is beyond decide times the tolerance (fails) or below 1/decide of it
// (passes); in between, the subset is checked.
const (
	denseParents = 4
	maxFrontier  = 64
	decide       = 2
)

// Element states, for the map of a parameter (see Report.String).
const (
	cellOK        = '.'
	cellDiffers   = 'X'
	cellKink      = 'k'
	cellUnchecked = '?'
)

// spent is every loss evaluation made so far, the workers' included.
func (c *checker) spent() int {
	n := c.evals
	for _, r := range c.replicas {
		n += r.evals
	}
	return n
}

// node is a subset of the elements under localisation: its spans with the
// direction it is checked along, and what the check found. A leaf (one
// element) is checked element-wise instead, as Check checks elements.
type node struct {
	sub []dspan
	lineCheck
	derived bool // analytic and numeric are the parent's minus the sibling's, not evaluated
	done    bool // evaluated (or derived)
	fresh   bool // check along a fresh random direction, drawn from id
	slopes  bool // evaluate the one-sided slopes of a line checked before
	id      uint64
	vals    map[float64]float64 // the loss along the line, as evaluated
	evals   int
	err     error
}

func isLeaf(sub []dspan) bool { return len(sub) == 1 && sub[0].size() == 1 }

// inParent returns n's analytic and numeric derivatives along its parent's
// direction: a leaf's element-wise values times its component there.
func (n *node) inParent() (analytic, numeric float64) {
	if isLeaf(n.sub) && !n.derived {
		u := n.sub[0].u[0]
		return u * n.analytic, u * n.numeric
	}
	return n.analytic, n.numeric
}

// linear reports whether n's check may be split by difference: a check
// along a line that crosses a kink does not add up.
func (n *node) linear() bool { return n.derived || !n.kinked && !n.kink }

// groupTest is the state of one localisation.
type groupTest struct {
	c      *checker
	loc    *Localisation
	found  *findings
	state  [][]byte // per parameter, per element: cellOK or cellUnchecked (nil: not localised)
	unloc  [][]string
	kinks  []DirectionKink
	kinked []int // per parameter, directions and subsets in it that crossed a kink
}

// total is the number of elements of the model.
func (c *checker) total() int {
	n := 0
	for _, p := range c.params {
		n += p.n
	}
	return n
}

func (c *checker) fast() (*Report, error) {
	rep := c.newReport()
	if c.s.budget > 0 && c.s.budget < c.planned {
		return nil, fmt.Errorf("gradcheck: Budget(%d) is less than the %d loss evaluations a correct model needs (preflight and %s)", c.s.budget, c.planned, c.directionsPlanned())
	}
	g := &groupTest{c: c, loc: &Localisation{Budget: c.s.budget}, found: newFindings(c.params),
		state: make([][]byte, len(c.params)), unloc: make([][]string, len(c.params)), kinked: make([]int, len(c.params))}
	var roots []*node
	var triggers []string
	var scopes [][]span // what each set of k directions spans
	all := make([]span, len(c.params))
	for k, p := range c.params {
		all[k] = span{k, 0, p.n}
		if c.s.perParam {
			scopes = append(scopes, all[k:k+1])
		}
	}
	if !c.s.perParam {
		scopes = [][]span{all}
	}
	for _, scope := range scopes {
		root, trigger, err := g.directions(scope)
		if err != nil {
			return nil, err
		}
		if root != nil {
			roots, triggers = append(roots, root), append(triggers, trigger)
			for _, sp := range root.sub {
				g.mark(sp.span, cellUnchecked)
			}
		}
	}
	if len(roots) > 0 {
		g.loc.Trigger = strings.Join(triggers, "; ")
		rep.Localisation = g.loc
		if err := g.run(roots); err != nil {
			return nil, err
		}
	}
	rep.DirectionKinks = g.kinks
	for k := range c.params {
		rep.Params = append(rep.Params, g.paramReport(k))
	}
	c.finish(rep)
	return rep, nil
}

// directionsPlanned says what the directions of a correct model cost.
func (c *checker) directionsPlanned() string {
	if c.s.perParam {
		return fmt.Sprintf("%s per parameter", plural(c.s.directions, "direction"))
	}
	return plural(c.s.directions, "direction")
}

// directions checks the spans of scope along k fresh random directions and
// returns the first that fails, with a line saying so (nil when none
// does). A direction that crossed a kink explaining its discrepancy is
// recorded and passes.
func (g *groupTest) directions(scope []span) (*node, string, error) {
	c := g.c
	what := "the whole model"
	if len(scope) == 1 && len(c.params) > 1 {
		what = "d" + c.params[scope[0].param].name
	}
	for d := 0; d < c.s.directions; d++ {
		c.tests++
		n := &node{sub: c.draw(scope, c.tests)}
		if isLeaf(n.sub) { // a parameter of one element: checked element-wise
			n.sub[0].u[0] = 1
		}
		g.do(c.main(), n)
		if n.err != nil {
			return nil, "", n.err
		}
		where := fmt.Sprintf("direction %d of %s", d, what)
		if isLeaf(n.sub) { // element-wise: another direction would be the same check
			g.loc.Elements++
			g.loc.ElementEvals += n.evals
			if !n.fail {
				g.settle(n)
				return nil, "", nil
			}
		}
		if n.kink {
			g.addKink(n, where)
			continue
		}
		if n.fail {
			trigger := fmt.Sprintf("%s: analytic %.8g, numeric %.8g", where, n.analytic, n.numeric)
			if n.kinked {
				trigger += fmt.Sprintf(" (and it crossed a kink: one-sided slopes %.8g and %.8g)", n.forward, n.backward)
			}
			return n, trigger, nil
		}
	}
	return nil, "", nil
}

// addKink records a direction or subset whose failure a kink explains.
func (g *groupTest) addKink(n *node, where string) {
	g.kinks = append(g.kinks, DirectionKink{Where: where, Analytic: n.analytic, Numeric: n.numeric, Forward: n.forward, Backward: n.backward})
	seen := map[int]bool{}
	for _, sp := range n.sub {
		if !seen[sp.param] {
			g.kinked[sp.param]++
			seen[sp.param] = true
		}
	}
}

// mark sets the state of a span's elements, in a parameter under localisation.
func (g *groupTest) mark(sp span, state byte) {
	if g.state[sp.param] == nil {
		g.state[sp.param] = make([]byte, g.c.params[sp.param].n)
		for i := range g.state[sp.param] {
			g.state[sp.param][i] = cellOK
		}
	}
	for i := sp.lo; i < sp.hi; i++ {
		g.state[sp.param][i] = state
	}
}

// settle records the outcome of a node that is not split further: a leaf
// checked element-wise, a subset that passed, or one a kink explains.
func (g *groupTest) settle(n *node) {
	switch {
	case isLeaf(n.sub) && !n.derived:
		g.found.add(task{n.sub[0].param, n.sub[0].lo}, n.lineCheck)
	case n.kink:
		// Its check agrees once the kink is accounted for; where in the
		// subset the kink lies is not known, so the map shows it ok.
		g.addKink(n, "subset "+g.describe(n.sub))
		fallthrough
	case !n.fail:
		for _, sp := range n.sub {
			g.mark(sp.span, cellOK)
		}
	}
}

// runJobs makes independent checks, at once on the Parallel workers'
// copies of the model when there are some. A check's direction depends
// only on its number, so the results do not depend on which copy ran it;
// they are counted in job order.
func (g *groupTest) runJobs(jobs []*node) error {
	c := g.c
	for _, j := range jobs {
		if j.fresh {
			c.tests++
			j.id = c.tests
		}
	}
	ms := c.models()
	if len(ms) == 1 || len(jobs) == 1 {
		for _, j := range jobs {
			if g.do(ms[0], j); j.err != nil {
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
					g.do(m, jobs[i])
				}
			}()
		}
		wg.Wait()
	}
	for _, j := range jobs {
		if j.err != nil {
			return j.err // the first in job order, as the serial run meets it
		}
		if j.tested {
			g.loc.SlopeTests++
		}
		if isLeaf(j.sub) {
			g.loc.Elements++
			g.loc.ElementEvals += j.evals
		} else {
			g.loc.Subsets++
			g.loc.SubsetEvals += j.evals
		}
	}
	return nil
}

// do runs one check on model m: element-wise for a leaf, along the node's
// direction otherwise (a fresh one when asked), or the one-sided slopes of
// a line checked before.
func (g *groupTest) do(m model, n *node) {
	c := g.c
	before := *m.evals
	defer func() {
		n.evals = *m.evals - before
		n.done, n.derived = true, false
		if r := recover(); r != nil { // a panicking Scalars set on a worker
			n.err = fmt.Errorf("gradcheck: panic while moving %s: %v", g.describe(n.sub), r)
		}
	}()
	if isLeaf(n.sub) {
		n.lineCheck, n.err = c.checkElement(m, task{n.sub[0].param, n.sub[0].lo})
		return
	}
	if n.fresh {
		spans := make([]span, len(n.sub))
		for i, sp := range n.sub {
			spans[i] = sp.span
		}
		n.sub, n.fresh, n.vals = c.draw(spans, n.id), false, nil
	}
	l, analytic := c.directionLine(m, n.sub, g.describe(n.sub))
	if n.slopes && n.vals != nil { // the line was checked: only its slopes are new
		l.vals = n.vals
		var err error
		if n.forward, n.backward, err = l.slopes(); err != nil {
			n.err = err
			return
		}
		n.tested = true
		n.kinked, n.kink = classifyKink(n.analytic, n.forward, n.backward, c.s.directionTol(), false)
		n.fail = !n.kink
		return
	}
	if _, n.err = l.derivative(c.s.formula); n.err == nil {
		n.lineCheck, n.err = c.judge(l, analytic(), false, c.s.directionTol())
	}
	n.vals = l.vals
}

// pair is a subset split in two, and which half is checked first.
type pair struct {
	parent  *node
	kids    [2]*node
	first   int
	dropped bool // given up for the budget
}

// run localises the failing subsets of frontier level by level. Each level
// splits every failing subset and checks one half along the subset's own
// direction; the other half's check is the subset's minus that one, as
// directional derivatives add up, and it is evaluated only when that
// difference is too close to the tolerance to decide, or when a kink makes
// the checks not add up. A subset none of whose halves fails is checked
// again along its line (the difference may have been wrong, or a kink the
// first look missed), then its halves along fresh random directions, then
// it is reported as not localised.
func (g *groupTest) run(frontier []*node) error {
	var roots []*node
	for _, n := range frontier {
		if isLeaf(n.sub) { // a model or parameter of one element
			g.settle(n)
			continue
		}
		roots = append(roots, n)
	}
	frontier = roots
	for len(frontier) > 0 {
		pairs := make([]*pair, 0, len(frontier))
		for _, s := range frontier {
			lo, hi := g.split(s.sub)
			pr := &pair{parent: s, kids: [2]*node{{sub: lo}, {sub: hi}}}
			if size(hi) < size(lo) { // the smaller half: a leaf, when there is one, is named at once
				pr.first = 1
			}
			pairs = append(pairs, pr)
		}
		live := g.afford(pairs, func(pr *pair) int {
			if pr.parent.linear() {
				return 1
			}
			return 2
		}, "budget exhausted")
		var jobs []*node
		for _, pr := range live {
			jobs = append(jobs, pr.kids[pr.first])
			if !pr.parent.linear() {
				jobs = append(jobs, pr.kids[1-pr.first])
			}
		}
		if err := g.runJobs(jobs); err != nil {
			return err
		}
		// The other halves by difference, evaluated where it cannot decide.
		var confirm []*pair
		for _, pr := range live {
			a, b := pr.kids[pr.first], pr.kids[1-pr.first]
			if !b.done && !(a.linear() && g.derive(pr.parent, a, b)) {
				confirm = append(confirm, pr)
			}
		}
		jobs = jobs[:0]
		for _, pr := range g.afford(confirm, func(*pair) int { return 1 }, "budget exhausted before a half could be checked") {
			b := pr.kids[1-pr.first]
			if b.derived {
				g.loc.Confirmed++
			}
			jobs = append(jobs, b)
		}
		if err := g.runJobs(jobs); err != nil {
			return err
		}
		// Subsets none of whose halves failed: their own line again (a
		// derived one evaluated, an evaluated one's slopes), then their
		// halves along fresh directions.
		var again []*pair
		for _, pr := range pairs {
			if !pr.dropped && quiet(pr.kids) {
				again = append(again, pr)
			}
		}
		jobs = jobs[:0]
		var fresh []*pair
		for _, pr := range g.afford(again, func(*pair) int { return 1 }, "budget exhausted before its check was repeated") {
			switch p := pr.parent; {
			case p.derived:
				*p = node{sub: p.sub}
			case !p.tested:
				p.slopes = true
			default:
				fresh = append(fresh, pr)
				continue
			}
			jobs = append(jobs, pr.parent)
		}
		if err := g.runJobs(jobs); err != nil {
			return err
		}
		for _, j := range jobs {
			for _, pr := range again {
				if pr.parent == j && j.fail {
					fresh = append(fresh, pr)
				}
			}
		}
		jobs = jobs[:0]
		for _, pr := range g.afford(fresh, func(*pair) int { return 2 }, "budget exhausted before its halves were checked again") {
			for side, kid := range pr.kids {
				if isLeaf(kid.sub) && !kid.derived {
					continue // element-wise: the same again
				}
				pr.kids[side] = &node{sub: kid.sub, fresh: !isLeaf(kid.sub)}
				jobs = append(jobs, pr.kids[side])
			}
		}
		if err := g.runJobs(jobs); err != nil {
			return err
		}
		var next []*node
		parents := map[int]int{} // per parameter: its subsets split at this level
		halves := map[int]int{}  // and their halves that failed
		for _, pr := range pairs {
			switch p := pr.parent; {
			case pr.dropped:
				continue
			case !p.fail: // checked again: a kink, or the difference was wrong
				g.settle(p)
				continue
			case quiet(pr.kids):
				for _, kid := range pr.kids {
					if isLeaf(kid.sub) && !kid.derived {
						g.settle(kid)
					}
				}
				g.giveUp(p.sub, "failed, but both halves passed along fresh random directions")
				continue
			}
			single := len(pr.parent.sub) == 1
			if single {
				parents[pr.parent.sub[0].param]++
			}
			for _, kid := range pr.kids {
				if !kid.fail || isLeaf(kid.sub) {
					g.settle(kid)
					continue
				}
				next = append(next, kid)
				if single {
					halves[pr.parent.sub[0].param]++
				}
			}
		}
		// Dense errors: stop splitting that parameter and sample it.
		count := map[int]int{}
		for _, n := range next {
			if len(n.sub) == 1 {
				count[n.sub[0].param]++
			}
		}
		var keep, dense []*node
		for _, n := range next {
			k := n.sub[0].param
			if len(n.sub) == 1 && (parents[k] >= denseParents && 4*halves[k] >= 3*2*parents[k] || count[k] > maxFrontier) {
				dense = append(dense, n)
			} else {
				keep = append(keep, n)
			}
		}
		if err := g.confirmDense(dense); err != nil {
			return err
		}
		frontier = keep
	}
	return nil
}

// quiet reports whether neither half failed nor crossed a kink.
func quiet(kids [2]*node) bool {
	return !kids[0].fail && !kids[1].fail && !kids[0].kink && !kids[1].kink
}

// derive finds b's check as parent's minus a's along the parent's
// direction. It reports whether that decides b: a leaf that fails is
// checked element-wise all the same, to be named with its own numbers.
func (g *groupTest) derive(parent, a, b *node) bool {
	pa, pn := parent.inParent()
	aa, an := a.inParent()
	b.analytic, b.numeric = pa-aa, pn-an
	b.derived, b.done = true, true
	d, allowed := math.Abs(b.analytic-b.numeric), g.c.s.directionTol().Allowed(b.numeric)
	switch {
	case d > decide*allowed:
		b.fail = true
		if isLeaf(b.sub) {
			return false
		}
		g.loc.Derived++
		return true
	case d < allowed/decide:
		g.loc.Derived++
		return true
	}
	return false
}

// afford keeps the pairs whose checks (so many each, at their worst cost)
// the budget still allows, in order, and gives up the others for why.
func (g *groupTest) afford(pairs []*pair, checks func(*pair) int, why string) []*pair {
	c := g.c
	if c.s.budget == 0 {
		return pairs
	}
	left := c.s.budget - c.spent()
	for i, pr := range pairs {
		left -= checks(pr) * c.maxCheckEvals()
		if left < 0 {
			g.loc.Exhausted = true
			for _, rest := range pairs[i:] {
				rest.dropped = true
				g.giveUp(rest.parent.sub, why)
			}
			return pairs[:i]
		}
	}
	return pairs
}

// maxCheckEvals is the most evaluations one check can cost: the formula's
// stencil, and the one-sided slopes' points it lacks (and the centre, when
// float32 rounding moved it).
func (c *checker) maxCheckEvals() int {
	n := c.stencilEvals() + 1
	for _, loc := range []float64{-2, -1, 1, 2} {
		if !slices.ContainsFunc(c.s.formula.Stencil, func(pt fd.Point) bool { return pt.Loc == loc }) {
			n++
		}
	}
	return n
}

// split cuts a subset in two. A subset of several parameters is cut at the
// parameter boundary nearest its middle, so that each parameter's errors
// end up in subsets of their own (where dense errors are recognised); a
// part of one parameter is cut at the row boundary nearest its middle
// (whole rows first, so that a wrong row stays together) when that is
// within a quarter of the size from it, else at the middle element. The
// halves keep the subset's direction.
func (g *groupTest) split(sub []dspan) (lo, hi []dspan) {
	total := size(sub)
	mid := total / 2
	if len(sub) > 1 {
		best, at := -1, 0
		for i := 1; i < len(sub); i++ {
			at += sub[i-1].size()
			if best < 0 || abs(at-mid) < abs(best-mid) {
				best = at
			}
		}
		return cutAt(sub, best)
	}
	sp := sub[0]
	target := sp.lo + mid
	offs := g.c.params[sp.param].st.offsets()
	cut := -1
	j, _ := slices.BinarySearch(offs, target)
	for _, o := range []int{j - 1, j} {
		if o >= 0 && o < len(offs) && offs[o] > sp.lo && offs[o] < sp.hi && (cut < 0 || abs(offs[o]-target) < abs(cut-target)) {
			cut = offs[o]
		}
	}
	if cut >= 0 && abs(cut-target) <= total/4 {
		return cutAt(sub, cut-sp.lo)
	}
	return cutAt(sub, mid)
}

// cutAt splits sub before its element number at (counted across spans).
func cutAt(sub []dspan, at int) (lo, hi []dspan) {
	for i, sp := range sub {
		if at >= sp.size() {
			at -= sp.size()
			lo = append(lo, sp)
			continue
		}
		if at > 0 {
			lo = append(lo, dspan{span{sp.param, sp.lo, sp.lo + at}, sp.u[:at]})
			sp = dspan{span{sp.param, sp.lo + at, sp.hi}, sp.u[at:]}
		}
		hi = append(append(hi, sp), sub[i+1:]...)
		return lo, hi
	}
	return lo, hi
}

func abs(x int) int { return max(x, -x) }

// describe names a subset for reports: "dW1", "dW1[5,0]..[5,783]", "dW1, db1",
// "the whole model".
func (g *groupTest) describe(sub []dspan) string {
	if len(sub) == len(g.c.params) && len(sub) > 1 && size(sub) == g.c.total() {
		return "the whole model"
	}
	var parts []string
	for _, sp := range sub {
		parts = append(parts, g.describeSpan(sp.span))
	}
	return strings.Join(parts, ", ")
}

func (g *groupTest) describeSpan(sp span) string {
	p := g.c.params[sp.param]
	switch {
	case sp.size() == p.n:
		return "d" + p.name
	case sp.size() == 1:
		return "d" + elementName(p, sp.lo)
	}
	last := elementName(p, sp.hi-1)
	return "d" + elementName(p, sp.lo) + ".." + last[len(p.name):]
}

func (g *groupTest) giveUp(sub []dspan, why string) {
	g.loc.Unlocalised = append(g.loc.Unlocalised, g.describe(sub)+": "+why)
	for _, sp := range sub {
		g.unloc[sp.param] = append(g.unloc[sp.param], g.describeSpan(sp.span))
	}
}

// confirmDense checks a random sample of DenseSample elements of each
// parameter's failing subsets element-wise (on the Parallel workers when
// there are some), within the budget.
func (g *groupTest) confirmDense(nodes []*node) error {
	c := g.c
	byParam := map[int][]span{}
	var order []int
	for _, n := range nodes {
		for _, sp := range n.sub {
			if byParam[sp.param] == nil {
				order = append(order, sp.param)
			}
			byParam[sp.param] = append(byParam[sp.param], sp.span)
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
			want = min(want, (c.s.budget-c.spent())/c.maxCheckEvals())
		}
		desc := fmt.Sprintf("%s (%d elements in %d failing subsets)", g.describeMerged(spans), len(elems), len(spans))
		if want <= 0 {
			g.loc.Exhausted = true
			g.loc.Unlocalised = append(g.loc.Unlocalised, desc+": dense errors, budget exhausted before sampling")
			g.unloc[k] = append(g.unloc[k], g.describeMerged(spans))
			continue
		}
		rng := rand.New(rand.NewPCG(c.s.seed, 0x64656e7365+uint64(k))) // "dense"
		pick := sampleElements(len(elems), want, rng)
		tasks := make([]task, len(pick))
		for t, e := range pick {
			tasks[t] = task{k, elems[e]}
		}
		tasks = g.withTransposes(k, tasks, want)
		before := c.spent()
		checks, err := c.checkAll(tasks)
		if err != nil {
			return err
		}
		wrong := 0
		for t, r := range checks {
			g.found.add(tasks[t], r)
			if r.fail {
				wrong++
			}
			if r.tested {
				g.loc.SlopeTests++
			}
		}
		g.loc.Elements += len(tasks)
		g.loc.ElementEvals += c.spent() - before
		if want < DenseSample && want < len(elems) {
			g.loc.Exhausted = true
		}
		g.loc.Dense = append(g.loc.Dense, fmt.Sprintf("%s: %d sampled, %d differ", desc, len(tasks), wrong))
	}
	return nil
}

// describeMerged names the union of sorted spans of one parameter,
// merging adjacent ones: "dW1[5,0]..[5,783]".
func (g *groupTest) describeMerged(spans []span) string {
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
		parts = append(parts, g.describeSpan(sp))
	}
	return strings.Join(parts, ", ")
}

// withTransposes adds, for a square matrix parameter, element (j,i) of each
// sampled (i,j), so that the hints can test for a transposed gradient: the
// sample is halved to keep its cost.
func (g *groupTest) withTransposes(k int, tasks []task, want int) []task {
	p := g.c.params[k]
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

// paramReport is the verdict on parameter k after the directions and the
// localisation.
func (g *groupTest) paramReport(k int) ParamReport {
	c := g.c
	p := c.params[k]
	var note []string
	if len(g.unloc[k]) > 0 {
		note = append(note, "failed along random directions in "+strings.Join(g.unloc[k], ", ")+" without a wrong element found there")
	}
	if c.s.kinksFail && g.kinked[k] > 0 {
		note = append(note, fmt.Sprintf("%s crossed a kink (KinksFail)", plural(g.kinked[k], "random direction")))
	}
	var pr ParamReport
	if len(g.found.checked[k]) > 0 {
		pr = c.paramReport(k, g.found, g.state[k])
	} else {
		rows, cols, desc := shape(p.st)
		pr = ParamReport{Name: p.name, Rows: rows, Cols: cols, OK: true, Directional: true, shape: desc}
		if g.state[k] != nil {
			pr.grid = newGrid(p, g.state[k])
		}
	}
	pr.KinkedDirections = g.kinked[k]
	if len(note) > 0 {
		pr.OK, pr.Directional = false, false
		pr.Note = strings.Join(note, "; ")
	}
	return pr
}
