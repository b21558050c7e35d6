#!/usr/bin/python3
"""Writes BENCHMARKS.md from the measurements scripts/bench.sh collected (arguments: go benchmark output,
numpy/torch JSON lines, vet timings, nnvet -debug=tp output, the package pattern)."""
import datetime
import json
import platform
import re
import subprocess
import sys


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def go_benchmarks(path):
    rows = {}
    for line in open(path):
        m = re.match(r"Benchmark(\w+)(?:/(\S+?))?-\d+\s+\d+\s+(\d+(?:\.\d+)?) ns/op(.*)", line)
        if not m:
            continue
        kind, net, ns, rest = m.group(1), m.group(2) or "", float(m.group(3)), m.group(4)
        metrics = {unit: float(v) for v, unit in re.findall(r"([\d.e+-]+) (\S+)", rest)}
        rows[(kind, net)] = {"ms": ns / 1e6, **metrics}
    return rows


# (Go run, bug, label, target, torch net): the rows of the model-scale table, as BenchmarkMLP names them.
MLP_ROWS = [
    ("fast", "correct", "correct model", "≤ 8", "mlp_784-128-10_m8"),
    ("fast", "one_element", "dW1[5,300] off by 0.05", "≤ 45", "mlp_784-128-10_m8"),
    ("fast", "missing_1m", "dW2 without 1/m", "≤ 168", "mlp_784-128-10_m8"),
    ("fast", "wrong_row", "row 5 of dW1 off by 0.01 (784 elements)", "≤ 196", "mlp_784-128-10_m8"),
    ("fast", "bias_1pct", "db2[3] 1% too large", "caught", "mlp_784-128-10_m8"),
    ("fast", "four_elements", "four wrong elements (3 in dW1, 1 in dW2)", "≤ 160", "mlp_784-128-10_m8"),
    ("relu", "correct", "ReLU, correct, 4 pre-activations within 1e-8 of 0", "pass", "mlp_relu_784-128-10_m8"),
    ("relu", "one_element", "ReLU, dW1[5,300] off by 0.05 (its unit has a kink)", "caught", "mlp_relu_784-128-10_m8"),
    ("f32", "correct", "float32, correct model", "pass", None),
    ("f32", "one_element", "float32, dW1[5,300] off by 0.05", "caught", None),
    ("f32", "missing_1m", "float32, dW2 without 1/m", "caught", None),
]


def mlp_section(w, go, py):
    if not any(k == "MLP" for k, _ in go):
        return
    torch_rows = {(r["net"], r["tool"], r["bug"]): r for r in py if r.get("net", "").startswith("mlp_")}
    w("## gradcheck at model scale")
    w("")
    w("A 784-128-10 MLP (101,770 parameters, batch 8) with a hand-written backward pass and one planted bug at a")
    w("time (`BenchmarkMLP`): tanh/softmax in float64; the same with ReLU hidden units and four pre-activations")
    w("planted within 1e-8 of zero, far inside any finite-difference step; tanh/softmax in float32 (`Matrix32`,")
    w("the `Float32` preset). torch: a `torch.autograd.Function` with the same bugs and kinks in its backward,")
    w("weights drawn from the same distributions by numpy; `torch.autograd.gradcheck` with its defaults (no")
    w("float32 rows: torch's gradcheck wants double precision). Evaluations are loss (forward) calls per check;")
    w("\"only wrong named\" is whether the report names elements and only elements the bug changed (torch names")
    w("none); \"kinks\" counts what gradcheck reported as crossing a kink instead of failing.")
    w("")
    w("| planted bug | target | `Fast(3,1)` evals | time | verdict | only wrong named | `Fast(3,1)`, `PerParameter()` evals | verdict | torch fast evals | time | verdict | torch slow evals | time | verdict |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    yn = lambda v: "-" if v is None else ("yes" if v else "no")

    def go_verdict(r, bug):  # ok is 1 when the verdict is right: pass for the correct model only
        if not r:
            return "-"
        v = "pass" if (r.get("ok") == 1) == (bug == "correct") else "FAIL"
        if r.get("kinks"):
            v += " (%d kinks)" % r["kinks"]
        return v

    def torch_cells(r):
        if not r:
            return ["-", "-", "-"]
        if r.get("stopped"):
            return ["%d+ (stopped)" % r["evals"], "-", "FAIL"]
        return ["%d" % r["evals"], "%.2f s" % r["seconds"], "FAIL" if r["caught"] else "pass"]

    for run, bug, label, target, tnet in MLP_ROWS:
        f = go.get(("MLP", run + "/" + bug), {})
        pp = go.get(("MLP", "perparam/" + bug), {}) if run == "fast" else {}
        tf = torch_rows.get((tnet, "torch.autograd.gradcheck fast", bug), {})
        ts = torch_rows.get((tnet, "torch.autograd.gradcheck", bug), {})
        cells = [label, target,
                 "%d" % f["evals"] if f else "-", "%.0f ms" % f["ms"] if f else "-", go_verdict(f, bug),
                 "-" if bug == "correct" or not f else yn(f.get("named") == 1),
                 "%d" % pp["evals"] if pp else "-", go_verdict(pp, bug)]
        cells += torch_cells(tf) + torch_cells(ts)
        w("| " + " | ".join(cells) + " |")
    w("")
    w("Every bug should FAIL and the correct models pass. torch's fast mode recomputes the slow Jacobians when it")
    w("fails, which is where its evaluations for a caught bug go; at the ReLU kinks it fails the correct model,")
    w("where gradcheck compares the one-sided slopes and reports the kinks.")
    w("")


def main():
    go_path, py_path, vet_path, debug_path, pattern, serial_wall = sys.argv[1:7]
    serial_wall = float(serial_wall)
    go = go_benchmarks(go_path)
    py = [json.loads(l) for l in open(py_path) if l.strip()]
    nets = [n for (k, n) in go if k == "Check"]
    out = []
    w = out.append
    w("# Benchmarks")
    w("")
    w("Generated by `scripts/bench.sh` (do not edit by hand); every number on this page comes from one run.")
    w("")
    w("- date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    w("- machine: %s, %s cores, %s" % (sh("lscpu | sed -n 's/^Model name: *//p' | head -1"), sh("nproc"),
                                       sh("free -g | awk '/Mem:/{print $2\" GiB\"}'")))
    w("- software: %s; numpy %s; torch %s (one thread); gonum v0.17.0" % (
        sh("go version"), sh("/usr/bin/python3 -c 'import numpy; print(numpy.__version__)'"),
        sh("/usr/bin/python3 -c 'import torch; print(torch.__version__)'")))
    scaling = go.get(("MachineScaling", ""), {}).get("x-serial")
    w("- this machine's ceiling for two goroutines: %.2f× (a pure `math.Tanh` loop, `BenchmarkMachineScaling`)" % (scaling or 0))
    w("")
    w("## gradcheck against numpy and PyTorch")
    w("")
    w("Element-wise check of all parameters of nx→nh→1 tanh/sigmoid networks (cross-entropy). \"floor\" is the time")
    w("of 2·n bare loss evaluations in the same tool, measured in the same run: the least any element-wise check costs.")
    w("")
    w("| network | params | gradcheck | ×floor | numpy `gradient_check_n` | ×floor | torch `gradcheck` | ×floor | gradcheck vs numpy | vs torch |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    byk = {(r["net"], r["tool"]): r for r in py}
    for net in nets:
        g = go[("Check", net)]
        npy = byk.get((net, "numpy gradient_check_n"), {})
        tor = byk.get((net, "torch.autograd.gradcheck"), {})
        w("| %s | %d | %.2f ms | %.2f | %.2f ms | %.2f | %.2f ms | %.2f | %.2f× | %.2f× |" % (
            net, g.get("params", 0), g["ms"], g.get("x-floor", 0),
            npy.get("seconds", 0) * 1e3, npy.get("seconds", 0) / max(npy.get("floor_seconds", 1), 1e-12),
            tor.get("seconds", 0) * 1e3, tor.get("seconds", 0) / max(tor.get("floor_seconds", 1), 1e-12),
            npy.get("seconds", 0) * 1e3 / g["ms"], tor.get("seconds", 0) * 1e3 / g["ms"]))
    w("")
    w("Speed-ups above 1 mean gradcheck is faster. Fast modes (3 random directions over the whole model in")
    w("gradcheck, torch's `fast_mode=True`) and two workers:")
    w("")
    w("| network | gradcheck Fast | torch fast | gradcheck Fast vs torch fast | Parallel(2) speed-up over serial |")
    w("|---|---|---|---|---|")
    for net in nets:
        f = go.get(("CheckFast", net), {})
        tf = byk.get((net, "torch.autograd.gradcheck fast"), {})
        p = go.get(("CheckParallel", net), {})
        w("| %s | %.2f ms | %.2f ms | %.2f× | %.2f× |" % (net, f.get("ms", 0), tf.get("seconds", 0) * 1e3,
                                                      tf.get("seconds", 0) * 1e3 / max(f.get("ms", 1e-9), 1e-9),
                                                      p.get("x-serial", 0)))
    w("")
    w("Time of one loss evaluation, to show where the time goes: the floors above divided by 2·n.")
    w("")
    w("| network | Go (gonum) | numpy | torch |")
    w("|---|---|---|---|")
    for net in nets:
        g = go[("Check", net)]
        n = g.get("params", 1)
        gofloor = g["ms"] / max(g.get("x-floor", 1), 1e-9) / 1e3
        npy = byk.get((net, "numpy gradient_check_n"), {})
        tor = byk.get((net, "torch.autograd.gradcheck"), {})
        per = lambda s: "%.1f µs" % (s / (2 * n) * 1e6) if s else "-"
        w("| %s | %s | %s | %s |" % (net, per(gofloor), per(npy.get("floor_seconds")), per(tor.get("floor_seconds"))))
    w("")
    mlp_section(w, go, py)
    w("## nnvet against go vet")
    w("")
    runs = {}
    exits = {}
    for line in open(vet_path):
        name, secs, kb, rc = line.split()
        tool = re.sub(r"\d+$", "", name)
        runs.setdefault(tool, []).append((float(secs), int(kb)))
        exits[tool] = rc
    label = {"govet": "`go vet` (default analyzers)", "vettool": "`go vet -vettool=nnvet`", "standalone": "`nnvet` standalone"}
    w("On gonum v0.17.0 (`%s`), from a build cache with every package compiled and no vet result cached (each run" % pattern)
    w("starts from a copy of it). Median of 3 runs; peak memory is the largest process's resident set.")
    w("")
    w("| command | wall time | peak memory | time vs go vet | exit status |")
    w("|---|---|---|---|---|")
    med = lambda xs: sorted(xs)[len(xs) // 2]
    base = med([s for s, _ in runs.get("govet", [(1, 0)])])
    for k in ("govet", "vettool", "standalone"):
        if k in runs:
            t = med([s for s, _ in runs[k]])
            m = med([kb for _, kb in runs[k]])
            w("| %s | %.1f s | %.0f MiB | %.2f× | %s |" % (label[k], t, m / 1024, t / base, exits[k]))
    # nnvet's own analyzers are its stages and checks; the rest of -debug=tp is
    # the inspect pass they require (loading and type-checking are not listed).
    stages = ("actsummary", "actholds", "recomputeact", "wrongderiv")
    total, per = 0.0, {st: 0.0 for st in stages}
    for line in open(debug_path):
        m = re.match(r"\s*([\d.]+)(ms|s|µs)\s+(\S+)@", line)
        if not m:
            continue
        v = float(m.group(1)) * {"ms": 1e-3, "s": 1, "µs": 1e-6}[m.group(2)]
        total += v
        if m.group(3) in per:
            per[m.group(3)] += v
    own = sum(per.values())
    w("")
    if total and serial_wall:
        w("nnvet's own share of a serial standalone run (`nnvet -debug=tp`): %.2f s of %.1f s wall time, %.1f%%"
          % (own, serial_wall, 100 * own / serial_wall))
        w("(%s);" % ", ".join("%s %.2f s" % (st, per[st]) for st in stages))
        w("the `inspect` pass they require took %.2f s, and the rest is loading and type-checking." % (total - own))
    print("\n".join(out))


if __name__ == "__main__":
    main()
