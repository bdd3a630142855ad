#!/usr/bin/env python3
"""The performance table from the JSON files that tools/bench-matrix.sh wrote (`bench --peers --json`, one per run).

    python3 tools/bench_table.py target/bench-matrix

Prints, in Markdown: the default model's figures per JDK and kernels (lowest - highest of the runs, images/s) with
each run's ratio to the peer measured in the same run, the share of the machine's FLOP limit, the bytes a training
step allocates (thousands mean vectors the JIT keeps on the heap, or passes too short for a steady state), the other
configurations, the 1998 network against the modern one, and each floor of docs/performance.md with the worst run
against it. Needs only the standard library.
"""
import glob
import json
import os
import re
import sys

WORKLOADS = [  # key of lenet5j's figure, the ratio's key, the label
    ("train_ips_b64", "train_b64_vs_pytorch", "training, batch 64"),
    ("infer_ips_b1", "infer_b1_vs_onnxruntime", "inference, batch 1"),
    ("infer_ips_b1000", "infer_b1000_vs_onnxruntime", "inference, batch 1000"),
]
# floors: (kernels, ratio key) -> lowest ratio; "scalar" also stands for "scalar-fma" (the scalar kernels with fused
# multiply-adds, what a JVM without the Vector API module runs where the CPU has them)
FLOORS = {
    ("vector", "train_b64_vs_pytorch"): 3.0,
    ("vector", "infer_b1_vs_onnxruntime"): 2.0,
    ("vector", "infer_b1000_vs_onnxruntime"): 1.2,
    ("scalar", "train_b64_vs_pytorch"): 1.5,
    ("scalar", "infer_b1000_vs_onnxruntime"): 0.8,
}
CONFIG_FLOOR = 2.5
CLASSIC_FLOOR = 0.8
# fp32 FLOP a core can do a cycle, a multiply-add counted as two: 32 with one 512-bit FMA pipe or two 256-bit ones
# (AMD Zen 4), 64 with two 512-bit pipes (Intel Xeon since Skylake-SP, most models); /proc/cpuinfo does not say which:
# tools/FmaPeak.java measures it. FLOP_PER_CYCLE=64 tools/bench_table.py OUT for such a machine.
FLOPS_PER_CYCLE_PER_CORE = int(os.environ.get("FLOP_PER_CYCLE", "32"))


def best(run, key):
    """lenet5j's images/s for key at its better thread count (all threads or one)."""
    values = [run[k] for k in (key, key + "_1t") if k in run]
    return max(values) if values else None


def peer(run, key):
    """The peer's images/s that the ratio of key divides by: PyTorch for training, ONNX Runtime's better thread count."""
    peers = run.get("peers", {})
    if key.startswith("train"):
        return peers.get("pytorch", {}).get(key)
    values = [p[key] for p in (peers.get("ort"), peers.get("ort_1t")) if p and key in p]
    return max(values) if values else None


def span(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    lo, hi = min(values), max(values)
    return fmt(lo) if fmt(lo) == fmt(hi) else f"{fmt(lo)} – {fmt(hi)}"


def ips(v):
    return f"{v:,.0f}"


def ratio(v):
    return f"{v:.2f}×"


def clock_hz():
    try:
        with open("/proc/cpuinfo") as f:
            mhz = [float(m) for m in re.findall(r"cpu MHz\s*:\s*([\d.]+)", f.read())]
        return max(mhz) * 1e6 if mhz else None
    except OSError:
        return None


def main(folder):
    runs = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path) as f:
            run = json.load(f)
        model = os.path.basename(path).rsplit("-", 1)[0].split("-", 2)[2]
        runs.setdefault((run["java"], run["kernels"], model), []).append(run)
    if not runs:
        sys.exit(f"bench_table.py: no JSON files in {folder}")
    any_run = next((rs[0] for key, rs in sorted(runs.items()) if key[2] == "default"), next(iter(runs.values()))[0])
    columns = sorted({(java, kernels) for java, kernels, model in runs if model == "default"},
                     key=lambda c: ([int(x) for x in re.findall(r"\d+", c[0])], c[1] != "vector"))
    commits = sorted({r["commit"] + (" (uncommitted changes)" if r.get("uncommitted_changes") else "")
                      for rs in runs.values() for r in rs})
    cores = any_run["threads"]
    hz = clock_hz()
    limit = cores * FLOPS_PER_CYCLE_PER_CORE * hz / (any_run["mflop_per_train_image"] * 1e6) if hz else None
    peers = any_run.get("peers", {})
    print(f"commit {', '.join(commits)}; {cores} threads; PyTorch {peers.get('torch')}, ONNX Runtime "
          f"{peers.get('onnxruntime')}; lowest – highest of {min(len(v) for v in runs.values())} – "
          f"{max(len(v) for v in runs.values())} runs; the ratio is each run's figure over the peer's in the same run.")
    if limit:
        print(f"FLOP limit: {cores} cores × {FLOPS_PER_CYCLE_PER_CORE} FLOP/cycle × {hz / 1e9:.2f} GHz = "
              f"{limit:,.0f} training images/s ({any_run['mflop_per_train_image']:.2f} MFLOP an image).")
    print()
    if columns:   # the default model's runs (none when only other configurations ran)
        head = "| workload (images/s) | " + " | ".join(f"JDK {j}, {k}" for j, k in columns) + " | PyTorch | ONNX Runtime |"
        print(head)
        print("|---" * (len(columns) + 3) + "|")
        default_runs = [r for java, kernels in columns for r in runs[(java, kernels, "default")]]
        for key, ratio_key, label in WORKLOADS:
            cells = []
            for java, kernels in columns:
                rs = runs[(java, kernels, "default")]
                cells.append(f"{span([best(r, key) for r in rs], ips)} ({span([r['ratios'][ratio_key] for r in rs], ratio)})")
            torch = span([r["peers"]["pytorch"].get(key) for r in default_runs], ips)
            ort = "–" if key.startswith("train") else span([peer(r, key) for r in default_runs], ips)
            print(f"| {label} | " + " | ".join(cells) + f" | {torch} | {ort} |")
        if limit:
            print("| training b64, share of the FLOP limit | " + " | ".join(
                span([best(r, "train_ips_b64") / limit * 100 for r in runs[(j, k, "default")]], lambda v: f"{v:.0f}%")
                for j, k in columns) + " | | |")
        if all("allocated_bytes_per_step" in r for r in default_runs):   # bench from 2131a76 on
            print("| training b64, bytes allocated a step | " + " | ".join(
                span([r["allocated_bytes_per_step"]["train_b64"] for r in runs[(j, k, "default")]],
                     lambda v: f"{v:,.0f}") for j, k in columns) + " | | |")
        print()

    others = sorted(k for k in runs if k[2] not in ("default", "classic", "classic-pair"))
    if others:
        print("| configuration (training, batch 64) | JDK, kernels | lenet5j | PyTorch | ratio |")
        print("|---|---|---:|---:|---:|")
        for java, kernels, model in others:
            rs = runs[(java, kernels, model)]
            m = rs[0]["model"]
            desc = f"{m['in_channels']} channel(s), {m['num_classes']} classes, {m['activation']}, {m['pooling']}"
            print(f"| {desc} | {java}, {kernels} | {span([best(r, 'train_ips_b64') for r in rs], ips)} | "
                  f"{span([peer(r, 'train_ips_b64') for r in rs], ips)} | "
                  f"{span([r['ratios']['train_b64_vs_pytorch'] for r in rs], ratio)} |")
        print()

    verdicts = []
    for (java, kernels, model), rs in sorted(runs.items()):
        if model == "default":
            for (k, key), floor in FLOORS.items():
                if k == kernels.removesuffix("-fma"):
                    worst = min(r["ratios"][key] for r in rs)
                    verdicts.append((f"JDK {java} {kernels}: {key} ≥ {floor}", worst, worst >= floor))
        elif model == "classic":
            # against the modern network's run just before it (the same phase of the machine), else the median of
            # the default runs
            pair = runs.get((java, kernels, "classic-pair"))
            modern = pair or runs.get((java, kernels, "default"))
            if modern:
                classic_ips = min(best(r, "train_ips_b64") for r in rs)
                modern_ips = sorted(best(r, "train_ips_b64") for r in modern)[len(modern) // 2]
                worst = classic_ips / modern_ips
                which = "run just before it" if pair else "median"
                print(f"1998 network, JDK {java} {kernels}: training b64 {ips(classic_ips)} images/s, "
                      f"{ratio(worst)} the modern network's {which} {ips(modern_ips)}; PyTorch's twin "
                      f"{span([peer(r, 'train_ips_b64') for r in rs], ips)}.")
                verdicts.append((f"JDK {java} {kernels}: classic training ≥ {CLASSIC_FLOOR}× modern", worst,
                                 worst >= CLASSIC_FLOOR))
        elif model == "classic-pair":
            continue
        else:
            worst = min(r["ratios"]["train_b64_vs_pytorch"] for r in rs)
            verdicts.append((f"JDK {java} {kernels} {model}: train_b64_vs_pytorch ≥ {CONFIG_FLOOR}", worst,
                             worst >= CONFIG_FLOOR))
    print()
    print("| floor | worst run | met |")
    print("|---|---:|---|")
    for name, worst, met in verdicts:
        print(f"| {name} | {worst:.2f} | {'yes' if met else 'no'} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/bench-matrix")
