#!/usr/bin/env python3
"""ONNX Runtime's inference images/second at batch 1 and 1000: the serving peer of lenet5j's `bench`.

Exports the PyTorch twin's model (tools/pytorch/lenet5_torch.py; fresh weights from seed 0, or a saved
lenet5j/twin model file with --model) to ONNX with torch.onnx.export, checks that ONNX Runtime's outputs
equal PyTorch's on the same batch, then times onnxruntime's CPU provider with --threads intra-op threads.
Each figure: one warm-up pass, then the median of --repeats timed passes over --images images.

Output (--json): one JSON object {"threads", "onnxruntime", "torch", "opset", "preset", "outputs",
"max_abs_diff", "infer_ips_b1", "infer_ips_b1000"}; max_abs_diff is the largest |ONNX Runtime - PyTorch|
over the outputs (logits and probabilities, or the classic preset's RBF distances) of 64 random images;
above 1e-4 of the largest output (at least 1) the script stops with an error instead of timing a wrong graph.
Needs torch, numpy, onnx and onnxruntime: run it with the python that tools/peers-venv.sh prints.
"""
import argparse
import inspect
import os
import sys
import tempfile
import time
import warnings

import numpy as np
import onnxruntime as ort
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pytorch"))
import lenet5_torch as twin  # noqa: E402
from pytorch_bench import add_bench_options, images_per_second, parse_bench_args, print_result  # noqa: E402

OPSET = 17
AGREEMENT = 1e-4   # the largest |ONNX Runtime - PyTorch| allowed, relative to the largest output (at least 1)
BATCHES = (1, 1000)


class Outputs(torch.nn.Module):
    """The model's outputs as a flat tuple: (logits, probabilities), or (distances,) for the 1998 network."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        out = self.model(x)
        return out if isinstance(out, tuple) else (out,)


def output_names(model):
    return ["distances"] if twin.is_classic(model) else ["logits", "probabilities"]


def export(model, channels, path):
    """torch.onnx.export with a dynamic batch axis; the TorchScript-based exporter on every PyTorch version."""
    names = output_names(model)
    options = dict(input_names=["x"], output_names=names, opset_version=OPSET,
                   dynamic_axes={n: {0: "batch"} for n in ["x"] + names})
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        options["dynamo"] = False   # PyTorch 2.x: the exporter that PyTorch 1.13 also has (no onnxscript needed)
    with warnings.catch_warnings():   # 2.9+ warns that this exporter is no longer the default
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.onnx.export(Outputs(model).eval(), torch.rand(1, channels, 32, 32), path, **options)


def parser():
    p = argparse.ArgumentParser(prog="ort_bench.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", help="export this model file (lenet5j's or the twin's) instead of fresh weights")
    p.add_argument("--onnx-out", help="keep the exported ONNX file here (default: a temporary file)")
    add_bench_options(p, "ONNX Runtime's intra-op threads")
    return p


def main(argv=None):
    a = parse_bench_args(parser(), argv)
    torch.set_num_threads(a.threads)
    model = (twin.load_model(a.model, a) if a.model else twin.model_from_args(a, 0)).eval()
    channels = model.config["in_channels"]
    path = a.onnx_out or os.path.join(tempfile.mkdtemp(prefix="lenet5j-ort-"), "lenet5.onnx")
    export(model, channels, path)

    options = ort.SessionOptions()
    options.intra_op_num_threads, options.inter_op_num_threads = a.threads, 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    check = torch.rand(64, channels, 32, 32, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        expected = Outputs(model)(check)
    actual = session.run(None, {"x": check.numpy()})
    diff = max(float(np.abs(e.numpy() - r).max()) for e, r in zip(expected, actual))
    largest = max(float(e.abs().max()) for e in expected)
    if not diff <= AGREEMENT * max(1.0, largest):
        sys.exit(f"ort_bench.py: ONNX Runtime's outputs differ from PyTorch's by {diff:.3g} (largest output "
                 f"{largest:.3g}): the exported graph is not the model")

    out = {"threads": a.threads, "onnxruntime": ort.__version__, "torch": torch.__version__, "opset": OPSET,
           "preset": model.config.get("preset", "modern"), "outputs": output_names(model), "max_abs_diff": diff}
    data = np.random.default_rng(3)
    for b in BATCHES:
        x = data.random((b, channels, 32, 32), dtype=np.float32)
        out[f"infer_ips_b{b}"] = images_per_second(lambda: session.run(None, {"x": x}), a.images, b, a.repeats)
    if not a.onnx_out:
        os.remove(path)
        os.rmdir(os.path.dirname(path))
    print_result(out, a.json)


if __name__ == "__main__":
    main()
