#!/usr/bin/env bash
# The precision contract of nnvet's checks (recomputeact, wrongderiv): zero diagnostics (and zero errors) on code
# that is not a network: the Go standard library, gonum v0.17.0 and golang.org/x/tools v0.52.0.
# Each third-party module is copied out of the module cache into a scratch directory and
# checked from its own root, as its authors would run it.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/nnvet" ./cmd/nnvet

status=0
check() { # name dir patterns...
  local name=$1 dir=$2; shift 2
  local out="$work/$name.out" rc=0
  ( cd "$dir" && "$work/nnvet" "$@" ) >"$out" 2>&1 || rc=$?
  local findings
  findings=$(grep -cE '\.go:[0-9]+:[0-9]+: ' "$out" || true)
  echo "precision: $name: exit $rc, $findings findings"
  if [ "$rc" -ne 0 ]; then
    head -40 "$out"
    status=1
  fi
}

check std . std

for mod in gonum.org/v1/gonum@v0.17.0 golang.org/x/tools@v0.52.0; do
  src=$(go mod download -json "$mod" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  dst="$work/$(basename "${mod%@*}")"
  cp -r "$src" "$dst"
  chmod -R u+w "$dst"
  ( cd "$dst" && GOFLAGS=-mod=mod go mod download )
  check "$(basename "${mod%@*}")" "$dst" ./...
done

if [ "$status" -ne 0 ]; then
  echo "precision: FAILED (a finding or an error above)"
  exit 1
fi
echo "precision: ok (no findings on std, gonum, x/tools)"
