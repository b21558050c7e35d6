#!/usr/bin/env bash
# End-to-end test of the golangci-lint module plugin (gclplugin): builds a custom golangci-lint
# v2.15.0 that includes nnvet with the real `golangci-lint custom` command, then runs it on a copy
# of the testdata module. The W3A1 finding must be reported by the "nnvet" linter, and
# //nolint:nnvet must silence it.
#
# `golangci-lint custom` clones golangci-lint's sources with git from GitHub, which this workplace
# cannot reach. The script serves it the very same sources, fetched through the Go module proxy,
# as a local git repository (git's url.<base>.insteadOf), so that `custom` itself runs unchanged.
# Takes a few minutes: golangci-lint is built twice (the command, then the custom binary).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=v2.15.0
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/build"

echo "golangci: installing golangci-lint $version through the module proxy" >&2
GOBIN="$work/bin" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"

src=$(go mod download -json "github.com/golangci/golangci-lint/v2@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
repo="$work/golangci-lint-src"
cp -r "$src" "$repo"
chmod -R u+w "$repo"
(
  cd "$repo"
  git init -q
  git add -A
  git -c user.email=ci@nnvet.invalid -c user.name=nnvet-ci commit -q -m "golangci-lint $version as served by the module proxy"
  git tag "$version"
)
export GIT_CONFIG_COUNT=1
export GIT_CONFIG_KEY_0="url.file://$repo.insteadOf"
export GIT_CONFIG_VALUE_0="https://github.com/golangci/golangci-lint.git"

cat >"$work/build/.custom-gcl.yml" <<YML
version: $version
name: custom-gcl
destination: $work/bin
plugins:
  - module: github.com/nnvet/nnvet
    import: github.com/nnvet/nnvet/gclplugin
    path: $root
YML
echo "golangci: golangci-lint custom" >&2
(cd "$work/build" && "$work/bin/golangci-lint" custom)

td="$work/td"
cp -r testdata "$td"
cat >"$td/.golangci.yml" <<'YML'
version: "2"
linters:
  default: none
  enable:
    - nnvet
  settings:
    custom:
      nnvet:
        type: module
        description: finds backward passes that recompute an activation the forward pass cached
        original-url: https://github.com/nnvet/nnvet
        settings:
          naming: true
YML

fail=0
out=$(cd "$td" && "$work/bin/custom-gcl" run ./src/w3a1/... 2>&1) && rc=0 || rc=$?
echo "$out"
if [ "$rc" -ne 1 ] || ! grep -qF 'src/w3a1/planar.go:49:8: recomputeact: backward_propagation recomputes tanh(Z1) but A1 already holds tanh (stored by forward_propagation at planar.go:28); use 1 - A1*A1 (nnvet)' <<<"$out"; then
  echo "golangci: FAIL: want the W3A1 finding from linter nnvet and exit status 1 (got $rc)"
  fail=1
fi

# The same line with //nolint:nnvet instead of the analysistest comment.
sed -i 's|t := math.Tanh(Z1.At(i, j)) // want .*$|t := math.Tanh(Z1.At(i, j)) //nolint:nnvet // kept to reproduce the grader|' "$td/src/w3a1/planar.go"
grep -q 'nolint:nnvet' "$td/src/w3a1/planar.go"
out=$(cd "$td" && "$work/bin/custom-gcl" run ./src/w3a1/... 2>&1) && rc=0 || rc=$?
echo "$out"
if [ "$rc" -ne 0 ] || grep -q 'recomputes' <<<"$out"; then
  echo "golangci: FAIL: //nolint:nnvet did not silence the finding (exit $rc)"
  fail=1
fi

if [ "$fail" -ne 0 ]; then exit 1; fi
echo "golangci: ok (finding reported by nnvet in golangci-lint $version, silenced by //nolint:nnvet)"
