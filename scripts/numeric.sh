#!/usr/bin/env bash
# No crash and no finding on numeric code that is no neural network: nnvet over a few modules from the Go module
# proxy, each copied out of the module cache and checked from its own root, as its authors would run it.
#   statistics  github.com/montanaflynn/stats
#   geometry    github.com/golang/geo (s2, r3, s1)
#   plotting    gonum.org/v1/plot
#   storage     go.etcd.io/bbolt
#   blockchain  github.com/ethereum/go-ethereum (its numeric packages: big-number math, gas pricing, the EVM)
# Prints one line per module and fails on any finding, crash or analyzer error.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/nnvet" ./cmd/nnvet

status=0
check() { # module@version patterns...
  local mod=$1; shift
  local src dst out="$work/out" rc=0
  src=$(go mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  dst="$work/$(basename "${mod%@*}")"
  cp -r "$src" "$dst"
  chmod -R u+w "$dst"
  ( cd "$dst" && GOFLAGS=-mod=mod go mod download )
  ( cd "$dst" && GOFLAGS=-mod=mod "$work/nnvet" "$@" ) >"$out" 2>&1 || rc=$?
  local findings
  findings=$(grep -cE '\.go:[0-9]+:[0-9]+: ' "$out" || true)
  echo "numeric: $mod: exit $rc, $findings findings"
  if [ "$rc" -ne 0 ]; then
    head -40 "$out"
    status=1
  fi
}

check github.com/montanaflynn/stats@v0.7.1 .   # its examples/ directory holds two mains and does not build
check github.com/golang/geo@v0.0.0-20260818125358-b200a1149890 ./s1/... ./s2/... ./r1/... ./r2/... ./r3/...
check gonum.org/v1/plot@v0.17.0 ./...
check go.etcd.io/bbolt@v1.4.0 ./...
check github.com/ethereum/go-ethereum@v1.15.11 ./common/math/... ./common/bitutil/... ./eth/gasprice/... ./core/vm/... ./consensus/misc/...

if [ "$status" -ne 0 ]; then
  echo "numeric: FAILED (a finding or an error above)"
  exit 1
fi
echo "numeric: ok (no findings, no crash)"
