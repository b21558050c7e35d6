#!/usr/bin/env bash
# Validates nnvet's SARIF output with Microsoft's SARIF validator (@microsoft/sarif-multitool
# from the npm registry): `nnvet -sarif` on the testdata module, whose findings include one after
# non-ASCII text and fixes that delete whole lines, must produce a log with no validation errors.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "sarif: installing @microsoft/sarif-multitool" >&2
(cd "$work" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >/dev/null)
# npm 11 does not run the package's postinstall (chmod u+x); do it here.
chmod u+x "$work"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
validator="$work/node_modules/.bin/sarif-multitool"

go build -o "$work/nnvet" ./cmd/nnvet
(cd testdata && "$work/nnvet" -sarif="$work/nnvet.sarif" ./src/...) >/dev/null && rc=0 || rc=$?
if [ "$rc" -ne 3 ]; then
  echo "sarif: FAIL: nnvet -sarif exited $rc, want 3 (findings)"; exit 1
fi
results=$(grep -c '"ruleId"' "$work/nnvet.sarif")
echo "sarif: $results results in the log" >&2

"$validator" validate "$work/nnvet.sarif" --output "$work/validation.sarif" >"$work/validate.log" 2>&1 || true
cat "$work/validate.log"
# The validator writes its findings as SARIF too; fail on any error or warning.
if [ ! -s "$work/validation.sarif" ]; then
  echo "sarif: FAIL: the validator did not run"; exit 1
fi
problems=$(grep -cE '"level": "(error|warning)"' "$work/validation.sarif" || true)
if [ "$problems" -ne 0 ] || grep -qE ': (error|warning) SARIF' "$work/validate.log"; then
  echo "sarif: FAIL: the validator reports $problems errors or warnings"
  exit 1
fi
echo "sarif: ok ($results results, no validation errors or warnings)"
