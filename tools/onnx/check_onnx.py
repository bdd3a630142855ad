#!/usr/bin/env python3
"""Checks lenet5j's ONNX files with the ONNX project's own tools, independently of the Java tests.

For each FILE.onnx:
  1. onnx.checker.check_model(model, full_check=True): the protobuf, the IR and operator-set rules, and
     strict shape inference over the whole graph;
  2. Python's onnxruntime loads it and runs a batch of 1 and a batch of 3 random images: the outputs are
     [N, K], each row of probabilities sums to 1 and picks the class the logits (largest) or distances
     (smallest) pick;
  3. if FILE.expected.safetensors lies beside it (OnnxRuntimeAgreementIT writes one per file in target/onnx/:
     16 Fashion-MNIST test images and lenet5j's outputs for them), runs those images and compares with
     lenet5j: logits within 1e-4 (distances within 1e-4 plus 4 units in their last place), probabilities
     within 1e-5, the same predicted classes.
Prints what it checked, one block per file, and exits 1 if any check fails. With --nodes, prints instead
each file's nodes as a Markdown table (op, inputs, output and its shape by ONNX's shape inference), as
docs/interop.md shows them.

Needs numpy, onnx and onnxruntime (pip install numpy onnx onnxruntime). Usage:
    python tools/onnx/check_onnx.py target/onnx/*.onnx
    python tools/onnx/check_onnx.py --nodes target/onnx/classic-1998.onnx
"""
import json
import struct
import sys

import numpy as np
import onnx
import onnxruntime as ort


def read_safetensors(path):
    """The F32 tensors of a safetensors file, by name (the format: u64 header length, JSON header, data)."""
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length])
    data = raw[8 + length:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}, expected F32")
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(info["shape"])
    return tensors


def check(path):
    """Runs the three checks on one file; returns a list of failures (empty when it passes)."""
    failures = []
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)   # raises on any violation
    opsets = {o.domain or "ai.onnx": o.version for o in model.opset_import}
    ops = sorted({n.op_type for n in model.graph.node})
    print(f"{path}: onnx.checker (full_check) passed; IR version {model.ir_version}, opset {opsets}, "
          f"producer {model.producer_name}, {len(model.graph.node)} nodes ({', '.join(ops)}), "
          f"{len(model.graph.initializer)} initializers")
    print(f"  metadata: {json.dumps({p.key: p.value for p in model.metadata_props})}")

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    (input_info,) = session.get_inputs()
    outputs = [o.name for o in session.get_outputs()]
    scores_name = outputs[0]
    smallest_wins = scores_name == "distances"
    channels = input_info.shape[1]
    rng = np.random.default_rng(0)
    for batch in (1, 3):
        x = rng.normal(0, 1, (batch, channels, 32, 32)).astype(np.float32)
        scores, probabilities = session.run(outputs, {input_info.name: x})
        pick = scores.argmin(1) if smallest_wins else scores.argmax(1)
        if scores.shape != probabilities.shape or scores.shape[0] != batch:
            failures.append(f"batch {batch}: output shapes {scores.shape} and {probabilities.shape}")
        if not np.allclose(probabilities.sum(1), 1, atol=1e-5):
            failures.append(f"batch {batch}: probabilities sum to {probabilities.sum(1)}")
        if not (probabilities.argmax(1) == pick).all():
            failures.append(f"batch {batch}: probabilities and {scores_name} pick different classes")
    print(f"  onnxruntime {ort.__version__}: input {input_info.name} {input_info.shape}, outputs {outputs}; "
          f"batches of 1 and 3 run")

    expected_path = path[:-len(".onnx")] + ".expected.safetensors"
    try:
        expected = read_safetensors(expected_path)
    except FileNotFoundError:
        print(f"  (no {expected_path}: no comparison with lenet5j)")
        return failures
    scores, probabilities = session.run(outputs, {input_info.name: expected["input"]})
    want_scores, want_probabilities = expected[scores_name], expected["probabilities"]
    score_difference = np.abs(scores.astype(np.float64) - want_scores)
    slack = 4 * np.spacing(np.abs(want_scores)) if smallest_wins else 0
    probability_difference = np.abs(probabilities.astype(np.float64) - want_probabilities).max()
    pick = (lambda s: s.argmin(1)) if smallest_wins else (lambda s: s.argmax(1))
    differing = int((pick(scores) != pick(want_scores)).sum())
    print(f"  against lenet5j on {len(scores)} Fashion-MNIST images: largest {scores_name} difference "
          f"{score_difference.max():.3g}, probability difference {probability_difference:.3g}, "
          f"{differing} predictions differ")
    if (score_difference > 1e-4 + slack).any():
        failures.append(f"{scores_name} differ from lenet5j's by up to {score_difference.max():.3g}")
    if probability_difference > 1e-5:
        failures.append(f"probabilities differ from lenet5j's by up to {probability_difference:.3g}")
    if differing:
        failures.append(f"{differing} predictions differ from lenet5j's")
    return failures


def shape_text(value_info):
    dims = value_info.type.tensor_type.shape.dim
    return "[" + ", ".join("N" if d.dim_param else str(d.dim_value) for d in dims) + "]"


def node_table(path):
    """The graph's nodes in order, as a Markdown table; initializers are shown with their shapes."""
    model = onnx.shape_inference.infer_shapes(onnx.load(path), strict_mode=True)
    graph = model.graph
    shapes = {v.name: shape_text(v) for v in list(graph.value_info) + list(graph.output) + list(graph.input)}
    constants = {t.name: "[" + ", ".join(str(d) for d in t.dims) + "]" for t in graph.initializer}
    lines = [f"{path}: input `{graph.input[0].name}` {shapes[graph.input[0].name]}", "",
             "| node | op | inputs | output |", "|---|---|---|---|"]
    for n in graph.node:
        inputs = ", ".join(f"`{i}` {constants[i]}" if i in constants else f"`{i}`" for i in n.input)
        attributes = ", ".join(f"{a.name}={list(a.ints) if a.ints else a.i}" for a in n.attribute)
        op = n.op_type + (f" ({attributes})" if attributes else "")
        lines.append(f"| {n.name} | {op} | {inputs} | `{n.output[0]}` {shapes.get(n.output[0], '')} |")
    return "\n".join(lines)


def main(paths):
    if paths and paths[0] == "--nodes":
        for path in paths[1:]:
            print(node_table(path) + "\n")
        return 0
    if not paths:
        print(__doc__)
        return 2
    failed = 0
    for path in paths:
        try:
            failures = check(path)
        except Exception as e:  # a checker or runtime error is this file's failure, not the end of the run
            failures = [f"{type(e).__name__}: {e}"]
        for f in failures:
            print(f"  FAILED: {f}")
        failed += bool(failures)
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
