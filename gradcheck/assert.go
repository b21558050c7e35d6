package gradcheck

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Assert runs Check and reports through t: one subtest per parameter, so
// that every wrong gradient is reported, not just the first, each with the
// report's table. A check that cannot be made (see Check's errors) fails t
// at once.
//
// With the environment variable GRADCHECK_PLOT set to a directory, Assert
// writes the heat maps of [Plot] there, named after the test
// (GRADCHECK_PLOT=plots go test ./...), unless Plot is given.
func Assert(t testing.TB, loss func() float64, params []Param, opts ...Option) {
	t.Helper()
	prefix := func(s *settings) { // last, once Plot is known
		if s.plotDir != "" {
			s.plotPrefix = t.Name() + "-"
		}
	}
	if dir := os.Getenv(PlotEnv); dir != "" {
		opts = append([]Option{Plot(dir)}, opts...) // a Plot option of the caller's wins
	}
	rep, err := Check(loss, params, append(opts, prefix)...)
	if rep != nil {
		for _, f := range rep.Plots {
			t.Logf("gradcheck: wrote %s", f)
		}
	}
	if err != nil {
		t.Fatal(err)
		return
	}
	run, hasRun := t.(interface {
		Run(string, func(*testing.T)) bool
	})
	for _, p := range rep.Params {
		msg := fmt.Sprintf("gradient of %s is wrong (%s)\n%s", p.Name, rep.method(), strings.TrimSuffix(rep.detail(p), "\n"))
		if !hasRun { // *testing.B and other TBs: report each failure on t itself
			if !p.OK {
				t.Error(msg)
			}
			continue
		}
		run.Run(p.Name, func(t *testing.T) {
			t.Helper()
			if !p.OK {
				t.Error(msg)
			}
		})
	}
}
