// Package gclplugin registers nnvet's analyzers as a golangci-lint v2 module
// plugin named "nnvet". Build a golangci-lint that includes it with
// "golangci-lint custom" and a .custom-gcl.yml naming this package (see the
// README); settings under linters.settings.custom.nnvet.settings set the
// analyzers' flags:
//
//	settings:
//	  funcs: "(?i)backward|grad"   # -recomputeact.funcs
//	  naming: false                # -recomputeact.naming
package gclplugin

import (
	"fmt"
	"strconv"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/nnvet/nnvet/analyzers/recomputeact"
	"github.com/nnvet/nnvet/analyzers/wrongderiv"
)

func init() {
	register.Plugin("nnvet", New)
}

// Settings are the plugin's settings in .golangci.yml. Unset fields keep the
// analyzers' defaults.
type Settings struct {
	Funcs  string `json:"funcs"`
	Naming *bool  `json:"naming"`
}

type plugin struct {
	settings Settings
}

// New decodes the settings golangci-lint passes; unknown or mistyped
// settings are an error naming them, not ignored.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("nnvet: bad settings: %w", err)
	}
	return &plugin{settings: s}, nil
}

// BuildAnalyzers applies the settings to the analyzers' flags, as
// -recomputeact.funcs and -recomputeact.naming would on the command line.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	a := recomputeact.Analyzer
	if p.settings.Funcs != "" {
		if err := a.Flags.Set("funcs", p.settings.Funcs); err != nil {
			return nil, fmt.Errorf("nnvet: settings.funcs: %w", err)
		}
	}
	if p.settings.Naming != nil {
		if err := a.Flags.Set("naming", strconv.FormatBool(*p.settings.Naming)); err != nil {
			return nil, fmt.Errorf("nnvet: settings.naming: %w", err)
		}
	}
	return []*analysis.Analyzer{a, wrongderiv.Analyzer}, nil
}

// GetLoadMode asks for type information: the checks resolve calls by type.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
