package gradcheck_test

import (
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/nnvet/nnvet/examples/planar/model"
	"github.com/nnvet/nnvet/gradcheck"
	"github.com/nnvet/nnvet/gradcheck/nprand"
)

// benchNet is one of the networks the benchmarks (and scripts/bench.sh's
// numpy and PyTorch runs) check: nx→nh→1, tanh then sigmoid, batch m.
type benchNet struct {
	name      string
	nx, nh, m int
}

var benchNets = []benchNet{
	{"planar_2-4-1_m400", 2, 4, 400},
	{"20-64-1_m32", 20, 64, 32},
	{"100-100-1_m16", 100, 100, 16},
}

// data is the planar flower for the planar network, seeded normals otherwise.
func (n benchNet) data() (X, Y *mat.Dense) {
	if n.nx == 2 && n.m == 400 {
		return model.LoadPlanarDataset()
	}
	rng := nprand.New(2)
	X = rng.Randn(n.nx, n.m)
	Y = rng.Rand(1, n.m)
	Y.Apply(func(_, _ int, v float64) float64 {
		if v > 0.5 {
			return 1
		}
		return 0
	}, Y)
	return X, Y
}

// build returns the network's loss and its parameters with their analytic
// gradients, at weights of about 0.5 so that tanh is not linear.
func (n benchNet) build() (X, Y *mat.Dense, loss func() float64, ps []gradcheck.Param) {
	X, Y = n.data()
	params := model.InitializeParameters(n.nx, n.nh, 1, nprand.New(3))
	for _, k := range []string{"W1", "W2"} {
		params[k].Scale(50, params[k])
	}
	_, cache := model.ForwardPropagation(X, params)
	grads := model.BackwardPropagation(params, cache, X, Y)
	for _, k := range []string{"W1", "b1", "W2", "b2"} {
		ps = append(ps, gradcheck.Param{Name: k, Value: params[k], Grad: grads["d"+k]})
	}
	return X, Y, lossOf(X, Y, ps), ps
}

// lossOf is ComputeCost∘ForwardPropagation over the parameters ps.
func lossOf(X, Y *mat.Dense, ps []gradcheck.Param) func() float64 {
	params := map[string]*mat.Dense{}
	for _, p := range ps {
		params[p.Name] = p.Value
	}
	return func() float64 {
		A2, _ := model.ForwardPropagation(X, params)
		return model.ComputeCost(A2, Y)
	}
}

// factory gives each Parallel worker a copy of the parameters.
func factory(X, Y *mat.Dense, ps []gradcheck.Param) gradcheck.Factory {
	return func() (func() float64, []gradcheck.Param) {
		cp := make([]gradcheck.Param, len(ps))
		for i, p := range ps {
			cp[i] = gradcheck.Param{Name: p.Name, Value: mat.DenseCopyOf(p.Value), Grad: p.Grad}
		}
		return lossOf(X, Y, cp), cp
	}
}

func size(ps []gradcheck.Param) int {
	n := 0
	for _, p := range ps {
		r, c := p.Value.Dims()
		n += r * c
	}
	return n
}

// BenchmarkCheck reports Check's time per call and "x-floor": its ratio to
// 2·n bare loss evaluations, the least any element-wise check can cost,
// timed between the checks so that both see the same heap and caches.
func BenchmarkCheck(b *testing.B) {
	for _, net := range benchNets {
		b.Run(net.name, func(b *testing.B) {
			_, _, loss, ps := net.build()
			n := size(ps)
			var checks, floor time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				rep, err := gradcheck.Check(loss, ps)
				checks += time.Since(start)
				if err != nil || !rep.OK() {
					b.Fatalf("%v\n%v", err, rep)
				}
				b.StopTimer()
				start = time.Now()
				for e := 0; e < 2*n; e++ {
					loss()
				}
				floor += time.Since(start)
				b.StartTimer()
			}
			b.ReportMetric(float64(checks)/float64(floor), "x-floor")
			b.ReportMetric(float64(n), "params")
		})
	}
}

// BenchmarkCheckParallel runs the check on two workers; "x-serial" is the
// serial check's time over the parallel one's, interleaved in the same run.
func BenchmarkCheckParallel(b *testing.B) {
	for _, net := range benchNets {
		b.Run(net.name, func(b *testing.B) {
			X, Y, loss, ps := net.build()
			build := factory(X, Y, ps)
			var par, serial time.Duration
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := gradcheck.Check(loss, ps, gradcheck.Parallel(2, build)); err != nil {
					b.Fatal(err)
				}
				par += time.Since(start)
				b.StopTimer()
				start = time.Now()
				gradcheck.Check(loss, ps)
				serial += time.Since(start)
				b.StartTimer()
			}
			b.ReportMetric(float64(serial)/float64(par), "x-serial")
		})
	}
}

// BenchmarkCheckFast is the directional mode: 3 directions over the whole model.
func BenchmarkCheckFast(b *testing.B) {
	for _, net := range benchNets {
		b.Run(net.name, func(b *testing.B) {
			_, _, loss, ps := net.build()
			for i := 0; i < b.N; i++ {
				rep, err := gradcheck.Check(loss, ps, gradcheck.Fast(3, 1))
				if err != nil || !rep.OK() {
					b.Fatalf("%v\n%v", err, rep)
				}
			}
		})
	}
}

// BenchmarkMachineScaling is the ceiling for Parallel on this machine: the
// same pure-CPU loop (math.Tanh, no allocation) on one goroutine twice versus
// two goroutines at once. "x-serial" far below 2 means the cores are shared.
func BenchmarkMachineScaling(b *testing.B) {
	work := func() float64 {
		s := 0.0
		for i := 0; i < 2_000_000; i++ {
			s += math.Tanh(float64(i) * 1e-7)
		}
		return s
	}
	var serial, par time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		var wg sync.WaitGroup
		for w := 0; w < 2; w++ {
			wg.Add(1)
			go func() { defer wg.Done(); work() }()
		}
		wg.Wait()
		par += time.Since(start)
		b.StopTimer()
		start = time.Now()
		work()
		work()
		serial += time.Since(start)
		b.StartTimer()
	}
	b.ReportMetric(float64(serial)/float64(par), "x-serial")
}

// mlpBenchBugs names the planted bugs of the 784-128-10 MLP for benchmarks
// (and scripts/bench_python.py's torch runs, which plant the same ones).
var mlpBenchBugs = []struct {
	name string
	bug  mlpBug
}{
	{"correct", mlpCorrect}, {"one_element", mlpOneElement}, {"missing_1m", mlpMissing1m},
	{"wrong_row", mlpWrongRow}, {"bias_1pct", mlpBias1Percent}, {"four_elements", mlpFourElements},
}

// BenchmarkMLP checks the 784-128-10 MLP (101,770 parameters, batch 8)
// with each planted bug: tanh in float64 with Fast(3, 1) over the whole
// model ("fast") and per parameter ("perparam"); ReLU with the kinks of
// mlpKinks ("relu"); tanh in float32 ("f32"). "evals" is loss evaluations
// per check, "ok" 1 when the verdict is right (pass for the correct model,
// fail otherwise), "named" 1 when the report names at least one element and
// only elements the bug changed, "kinks" the directions, subsets and
// elements reported as crossing a kink.
func BenchmarkMLP(b *testing.B) {
	type run struct {
		name  string
		bugs  []mlpBug
		check func(bug mlpBug) (*gradcheck.Report, bool, error)
	}
	f64 := func(net *mlp, opts ...gradcheck.Option) func(mlpBug) (*gradcheck.Report, bool, error) {
		return func(bug mlpBug) (*gradcheck.Report, bool, error) {
			params, correct := net.backward(bug), net.backward(mlpCorrect)
			rep, err := gradcheck.Check(net.loss, params, opts...)
			if err != nil {
				return nil, false, err
			}
			return rep, onlyWrongNamed(rep, func(k, i, j int) bool { return params[k].Grad.At(i, j) != correct[k].Grad.At(i, j) }), nil
		}
	}
	net32 := newMLP32(1)
	f32 := func(bug mlpBug) (*gradcheck.Report, bool, error) {
		params, correct := net32.grads(bug), net32.grads(mlpCorrect)
		rep, err := gradcheck.Check(net32.loss, net32.params(bug), gradcheck.Fast(3, 1))
		if err != nil {
			return nil, false, err
		}
		return rep, onlyWrongNamed(rep, func(k, i, j int) bool {
			e := i*rep.Params[k].Cols + j
			return params[k][e] != correct[k][e]
		}), nil
	}
	all := []mlpBug{mlpCorrect, mlpOneElement, mlpMissing1m, mlpWrongRow, mlpBias1Percent, mlpFourElements}
	for _, r := range []run{
		{"fast", all, f64(newMLP(1), gradcheck.Fast(3, 1))},
		{"perparam", all, f64(newMLP(1), gradcheck.Fast(3, 1), gradcheck.PerParameter())},
		{"relu", []mlpBug{mlpCorrect, mlpOneElement}, f64(newReluMLP(1, mlpKinks), gradcheck.Fast(3, 1))},
		{"f32", []mlpBug{mlpCorrect, mlpOneElement, mlpMissing1m}, f32},
	} {
		for _, c := range mlpBenchBugs {
			if !slices.Contains(r.bugs, c.bug) {
				continue
			}
			b.Run(r.name+"/"+c.name, func(b *testing.B) {
				var rep *gradcheck.Report
				var named bool
				for i := 0; i < b.N; i++ {
					var err error
					if rep, named, err = r.check(c.bug); err != nil {
						b.Fatal(err)
					}
				}
				kinks := len(rep.DirectionKinks)
				for _, p := range rep.Params {
					kinks += len(p.Kinks)
				}
				b.ReportMetric(float64(rep.Evals), "evals")
				b.ReportMetric(b2f(rep.OK() == (c.bug == mlpCorrect)), "ok")
				b.ReportMetric(b2f(named), "named")
				b.ReportMetric(float64(kinks), "kinks")
			})
		}
	}
}

func b2f(ok bool) float64 {
	if ok {
		return 1
	}
	return 0
}

// onlyWrongNamed reports whether the report names at least one element as
// wrong and every element it names is one the bug changed (changed(k, i,
// j): the analytic value of element (i, j) of parameter k differs from the
// correct backward pass's).
func onlyWrongNamed(rep *gradcheck.Report, changed func(k, i, j int) bool) bool {
	named := 0
	for k, p := range rep.Params {
		if p.Comparison == nil {
			continue
		}
		for _, m := range p.Comparison.Mismatches {
			if !changed(k, m.Row, m.Col) {
				return false
			}
			named++
		}
	}
	return named > 0
}
