package gclplugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/nnvet/nnvet/analyzers/recomputeact"
	_ "github.com/nnvet/nnvet/gclplugin"
)

func TestPluginSettingsBecomeFlags(t *testing.T) {
	defer recomputeact.Analyzer.Flags.Set("naming", "true")
	defer recomputeact.Analyzer.Flags.Set("funcs", recomputeact.Analyzer.Flags.Lookup("funcs").DefValue)

	newPlugin, err := register.GetPlugin("nnvet")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"funcs": "(?i)backward", "naming": false})
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 2 || as[0].Name != "recomputeact" || as[1].Name != "wrongderiv" {
		t.Fatalf("analyzers %v, err %v", as, err)
	}
	if got := as[0].Flags.Lookup("funcs").Value.String(); got != "(?i)backward" {
		t.Errorf("funcs = %q", got)
	}
	if got := as[0].Flags.Lookup("naming").Value.String(); got != "false" {
		t.Errorf("naming = %q", got)
	}
}

func TestPluginRejectsBadSettings(t *testing.T) {
	newPlugin, _ := register.GetPlugin("nnvet")
	if _, err := newPlugin(map[string]any{"naming": "sometimes"}); err == nil {
		t.Error("a string for naming was accepted")
	}
	p, err := newPlugin(map[string]any{"funcs": "(unclosed"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.BuildAnalyzers(); err == nil || !strings.Contains(err.Error(), "settings.funcs") {
		t.Errorf("bad regexp: err = %v", err)
	}
}
