#!/usr/bin/env bash
# Measures gradcheck against numpy and torch.autograd.gradcheck, and nnvet against go vet,
# in one run on this machine, and writes BENCHMARKS.md (or --out FILE).
#   scripts/bench.sh            full run (about 40 minutes on 2 cores; torch's gradcheck of the 784-128-10
#                               MLP, about 200,000 forward calls for each slow check and each failing fast
#                               one, 15 of them, is most of it)
#   scripts/bench.sh --quick    one iteration of everything, for CI: checks the script works
# Needs Debian's python3-numpy and python3-torch (apt-get install -y python3-numpy python3-torch).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
out=BENCHMARKS.md
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --out) out=$2; shift ;;
    *) echo "usage: $0 [--quick] [--out FILE]" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "bench: go benchmarks" >&2
if [ $quick = 1 ]; then benchtime=1x; else benchtime=3s; fi
go test ./gradcheck -run '^$' -bench . -benchtime "$benchtime" -count 1 | tee "$work/go.txt" >&2

echo "bench: numpy and torch" >&2
py_args=()
[ $quick = 1 ] && py_args=(--quick)
/usr/bin/python3 scripts/bench_python.py "${py_args[@]}" | tee "$work/py.jsonl" >&2

echo "bench: nnvet and go vet on gonum" >&2
go build -o "$work/nnvet" ./cmd/nnvet
src=$(go mod download -json gonum.org/v1/gonum@v0.17.0 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp -r "$src" "$work/gonum"
chmod -R u+w "$work/gonum"
pattern=./...
[ $quick = 1 ] && pattern=./mat/...
(
  cd "$work/gonum"
  export GOFLAGS=-mod=mod
  go mod download
  # A build cache with every package compiled but no vet result in it: each measured
  # run starts from a copy, so that go vet neither recompiles nor replays cached results.
  export GOCACHE="$work/cache-warm"
  go build $pattern && go test -count=1 -run '^$' $pattern >/dev/null
  measure() { # name command...
    local name=$1; shift
    rm -rf "$work/cache-run"; cp -r "$work/cache-warm" "$work/cache-run"
    local rc=0
    GOCACHE="$work/cache-run" /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 || rc=$?
    # time(1) writes "Command exited with non-zero status N" before the numbers then.
    echo "$name $(tail -1 "$work/$name.time") $rc" >>"$work/vet.txt"
  }
  for i in 1 2 3; do
    measure "govet$i" go vet $pattern
    measure "vettool$i" go vet -vettool="$work/nnvet" $pattern
    measure "standalone$i" "$work/nnvet" $pattern
  done
  # Serial (-debug=tp), so that the analyzer's own time and the run's wall time compare.
  GOCACHE="$work/cache-run" /usr/bin/time -f "%e" -o "$work/debug.time" "$work/nnvet" -debug=tp $pattern >"$work/debug.txt" 2>&1 || true
)

/usr/bin/python3 scripts/bench_report.py "$work/go.txt" "$work/py.jsonl" "$work/vet.txt" "$work/debug.txt" "$pattern" \
  "$(tail -1 "$work/debug.time")" >"$out"
echo "bench: wrote $out" >&2
