#!/usr/bin/env python3
"""PyTorch's images/second on the workloads of lenet5j's `bench` command, to be compared as ratios in one run.

Workloads (random 32x32 inputs already in memory, the twin's model from lenet5_torch.py beside this file):
  train_ips_bB   training images/second at batch B = 1, 16, 64, 256: forward, loss (cross-entropy; the RBF
                 loss for the classic preset), backward, an SGD step (lr 0.01, momentum 0.9)
  infer_ips_bB   inference images/second at batch B = 1 and 1000, under torch.inference_mode
Each figure: one warm-up pass, then the median of --repeats timed passes over --images images
(training at batch 1: a fifth of them), as lenet5j's bench does.

Output (--json): one JSON object {"threads", "torch", "preset", "train_ips_b1", "train_ips_b16",
"train_ips_b64", "train_ips_b256", "infer_ips_b1", "infer_ips_b1000"}; without --json, one line each.
With --passes, also each figure's timed passes, "<key>_passes": [images/second of each pass, in order], to tell a
process that is slow or fast throughout from one whose passes vary.
Runs with Debian's python3-torch 1.13 (/usr/bin/python3) or a PyTorch 2.x (tools/peers-venv.sh).
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lenet5_torch as twin  # noqa: E402

TRAIN_BATCHES = (1, 16, 64, 256)
INFER_BATCHES = (1, 1000)


def images_per_second(step, images, batch, repeats, passes=None):
    """Runs step once per batch for `images` images: one warm-up pass, then the median of `repeats` passes
    (each pass's images/second appended to `passes` when given)."""
    steps = max(1, images // batch)
    for _ in range(steps + 1):
        step()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        seconds.append(time.perf_counter() - start)
    if passes is not None:
        passes.extend(round(steps * batch / s) for s in seconds)
    return steps * batch / statistics.median(seconds)


def training_step(model, optimizer, x, y):
    def step():
        loss_sum, _ = twin.scores_loss_predictions(model, x, y)
        optimizer.zero_grad()
        (loss_sum / len(y)).backward()
        optimizer.step()
    return step


def inference_step(model, x):
    def step():
        with torch.inference_mode():
            model(x)
    return step


def add_bench_options(p, threads_help):
    """The options every peer shares with lenet5j's bench: threads, images, repeats, --json, the model."""
    p.add_argument("--threads", type=int, default=os.cpu_count(), help=threads_help + " (default: all processors)")
    p.add_argument("--images", type=int, default=10000, help="images per timed pass (default: 10000)")
    p.add_argument("--repeats", type=int, default=3, help="timed passes; the median counts (default: 3)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    twin.add_model_options(p)


def parse_bench_args(p, argv):
    a = p.parse_args(argv)
    if a.threads < 1 or a.images < 1 or a.repeats < 1:
        p.error("--threads, --images and --repeats must be >= 1")
    return a


def parser():
    p = argparse.ArgumentParser(prog="pytorch_bench.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    add_bench_options(p, "torch.set_num_threads")
    p.add_argument("--passes", action="store_true", help="also print each figure's timed passes (<key>_passes)")
    return p


def main(argv=None):
    a = parse_bench_args(parser(), argv)
    torch.set_num_threads(a.threads)
    model = twin.model_from_args(a, 0)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    data = torch.Generator().manual_seed(1)
    out = {"threads": a.threads, "torch": torch.__version__, "preset": a.preset}

    def measure(key, step, images, batch):
        passes = [] if a.passes else None
        out[key] = images_per_second(step, images, batch, a.repeats, passes)
        if passes is not None:
            out[key + "_passes"] = passes

    model.train()
    for b in TRAIN_BATCHES:
        x = torch.rand(b, a.channels, 32, 32, generator=data)
        y = torch.randint(0, a.classes, (b,), generator=data)
        measure(f"train_ips_b{b}", training_step(model, optimizer, x, y), a.images // 5 if b == 1 else a.images, b)
    model.eval()
    for b in INFER_BATCHES:
        x = torch.rand(b, a.channels, 32, 32, generator=data)
        measure(f"infer_ips_b{b}", inference_step(model, x), a.images, b)
    print_result(out, a.json)


def print_result(out, as_json):
    """One JSON object, or one line per key."""
    if as_json:
        print(json.dumps(out))
        return
    for key, value in out.items():
        print(f"{key:<16}{value:>12.6g}" if isinstance(value, float) else f"{key:<16}{value!s:>12}")


if __name__ == "__main__":
    main()
