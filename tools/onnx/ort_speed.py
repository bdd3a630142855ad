#!/usr/bin/env python3
"""ONNX Runtime's inference speed on a file that `lenet5j export` wrote, on the workloads of `lenet5j bench`.

The same definitions as bench's inference figures: random inputs in [0, 1) already in memory; batch 1 and
batch 1000; --images images per timed pass (steps = images / batch); one warm-up pass, then the median of
--repeats timed passes, in images per second. `infer_ips_b1` and `infer_ips_b1000` use --threads intra-op
threads, the `_1t` figures one. ONNX Runtime's CPU provider with its default graph optimisations.
Prints one JSON object with bench's key names.

Needs numpy and onnxruntime. Usage (docs/interop.md runs it beside bench in one command):
    python tools/onnx/ort_speed.py model.onnx --threads 2
"""
import argparse
import json
import statistics
import time

import numpy as np
import onnxruntime as ort


def rate(session, batch, images, repeats, channels):
    """Images per second of session.run on one random batch, as bench's rate()."""
    name = session.get_inputs()[0].name
    x = np.random.default_rng(3).random((batch, channels, 32, 32), dtype=np.float32)
    steps = max(1, images // batch)
    for _ in range(steps + 1):   # warm-up
        session.run(None, {name: x})
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            session.run(None, {name: x})
        seconds.append(time.perf_counter() - start)
    return steps * batch / statistics.median(seconds)


def session(path, threads):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="an ONNX file written by lenet5j export")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--images", type=int, default=10000)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    all_threads, one = session(a.model, a.threads), session(a.model, 1)
    channels = all_threads.get_inputs()[0].shape[1]
    out = {"onnxruntime": ort.__version__, "threads": a.threads, "model": a.model}
    for batch in (1, 1000):
        out[f"infer_ips_b{batch}"] = rate(all_threads, batch, a.images, a.repeats, channels)
        out[f"infer_ips_b{batch}_1t"] = rate(one, batch, a.images, a.repeats, channels)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
