#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz tests (IdxFuzzTest, SafeTensorsFuzzTest, JsonFuzzTest).

Each file is one input; Jazzer replays every file of <TestClass>Inputs/<method>/ as a regression test in
every `mvn test`, and starts from them when fuzzing. Deterministic: gzip with mtime 0. Run from the repo root:
    python3 src/test/resources/fuzz/make_seeds.py
Files that Jazzer adds to those folders (crash-*, found while fuzzing) are kept: this script only overwrites its own.
"""
import gzip
import json
import os
import struct

ROOT = "src/test/resources/io/github/lenet5j"


def put(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    if folder.endswith("AsAModelOrCheckpointOrFailsWithSafeTensorsException") and isinstance(data, bytes) and len(data) >= 8:
        # this target frames its input itself: header JSON, NUL, data (see SafeTensorsFuzzTest.withLengthPrefix)
        n = min(struct.unpack("<Q", data[:8])[0], len(data) - 8)
        data = data[8:8 + n] + b"\0" + data[8 + n:]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def gz(data):
    return gzip.compress(data, mtime=0)


# ---- IDX -------------------------------------------------------------------------------------------
def idx(values, *dims, magic=None):
    header = struct.pack(">I", magic if magic is not None else 0x0800 | len(dims))
    return header + b"".join(struct.pack(">i", d) for d in dims) + bytes(values)


d = f"{ROOT}/data/IdxFuzzTestInputs/anyBytesReadAsAConsistentIdxFileOrFailWithIdxFormatException"
images = idx(range(18), 2, 3, 3)
put(d, "valid_images_2x3x3", images)
put(d, "valid_images_2x3x3.gz", gz(images))
put(d, "valid_labels_4", idx([0, 1, 2, 9], 4))
put(d, "valid_rank8", idx([7], *([1] * 8)))
put(d, "truncated_body", images[:-3])
put(d, "truncated_header", images[:6])
put(d, "trailing_bytes", images + b"\x00")
put(d, "trailing_bytes.gz", gz(images + b"\x00"))
put(d, "bad_magic", idx(range(4), 4, magic=0x12340801))
put(d, "type_code_float", idx(range(16), 4, magic=0x00000D01))
put(d, "dim_zero", idx([], 0, 28, 28))
put(d, "dim_negative", idx([], -1))
put(d, "huge_dims_2pow31_images", idx([], 0x7FFFFFFF, 28, 28))
put(d, "huge_dims_2pow31_images.gz", gz(idx([], 0x7FFFFFFF, 28, 28)))
put(d, "huge_dims_lying_gzip_label", gz(idx(range(10), 2_000_000_000)))
put(d, "truncated_gzip", gz(images)[:-6])
put(d, "gzip_magic_only", b"\x1f\x8b")

# ---- safetensors -----------------------------------------------------------------------------------
def safetensors(entries, metadata=None, header_len=None, pad=True, data_extra=b""):
    """entries: list of (name, dtype, shape, raw bytes); offsets are laid out in order."""
    header, data = {}, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in entries:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    if pad:
        text += b" " * (-len(text) % 8)
    n = len(text) if header_len is None else header_len
    return struct.pack("<Q", n) + text + data + data_extra


def f32(*values):
    return struct.pack(f"<{len(values)}f", *values)


st = f"{ROOT}/io/SafeTensorsFuzzTestInputs/anyFileReadsOrFailsWithSafeTensorsException"
model = f"{ROOT}/io/SafeTensorsFuzzTestInputs/anyHeaderLoadsAsAModelOrCheckpointOrFailsWithSafeTensorsException"
plain = safetensors([("a", "F32", [2, 2], f32(1, 2, 3, 4)), ("b", "F32", [], f32(5))], {"k": "v"})
dtypes = safetensors([
    ("f16", "F16", [2], struct.pack("<2H", 0x3C00, 0x7C00)),
    ("bf16", "BF16", [1], struct.pack("<H", 0x3F80)),
    ("f64", "F64", [1], struct.pack("<d", 0.1)),
    ("i64", "I64", [1], struct.pack("<q", -3)),
    ("i32", "I32", [1], struct.pack("<i", 7)),
    ("i16", "I16", [1], struct.pack("<h", -2)),
    ("i8", "I8", [1], struct.pack("<b", -1)),
    ("u8", "U8", [2], bytes([0, 255])),
    ("empty", "F32", [0, 3], b""),
])
lenet_meta = {"format": "lenet5j", "in_channels": "1", "num_classes": "10", "activation": "relu", "pooling": "max",
              "class_names": '["a","b","c","d","e","f","g","h","i","j"]'}
lenet_partial = safetensors([("fc3.bias", "F32", [10], f32(*range(10)))], lenet_meta)
classic_meta = {"format": "lenet5j", "preset": "classic", "in_channels": "1", "num_classes": "10"}
classic_partial = safetensors([("rbf.centers", "F32", [1], f32(1))], classic_meta)
ckpt_meta = {"format": "lenet5j-checkpoint", "in_channels": "1", "num_classes": "10", "activation": "relu",
             "pooling": "max", "epoch": "1", "batch": "0", "loss_sum": "0.0", "correct": "0", "seen": "0",
             "optimizer_steps": "10", "seed": "1", "batch_size": "32", "threads": "1"}
checkpoint = safetensors([("model.fc3.bias", "F32", [2], f32(1, 2)),
                          ("optimizer.fc3.bias.momentum_buffer", "F32", [2], f32(0, 0))], ckpt_meta)
for folder in (st, model):
    put(folder, "valid_two_tensors_metadata", plain)
    put(folder, "valid_dtypes", dtypes)
    put(folder, "valid_no_tensors", safetensors([]))
    put(folder, "lenet5j_metadata_partial_model", lenet_partial)
    put(folder, "classic_metadata_partial_model", classic_partial)
    put(folder, "checkpoint_small", checkpoint)
    put(folder, "huge_shape_2pow31", safetensors([("x", "F32", [2 ** 31, 2 ** 31], b"")]))
    put(folder, "header_length_2pow60", struct.pack("<Q", 2 ** 60) + b"{}")
    put(folder, "header_length_negative", struct.pack("<q", -8) + b"{}      ")
    put(folder, "truncated_data", plain[:-2])
    put(folder, "trailing_bytes", plain + b"\x00\x00\x00\x00")
    put(folder, "overlapping", safetensors([("a", "F32", [1], f32(1)), ("b", "F32", [1], b"")])
        .replace(b'"data_offsets":[4,4]', b'"data_offsets":[0,4]'))
    put(folder, "short_file", b"\x08\x00\x00")
    # found by hand while writing the fuzz tests: the model was allocated from the metadata before any check
    put(folder, "lenet5j_metadata_2e9_classes", safetensors([], dict(lenet_meta, num_classes="2000000000", class_names="[]")))
    put(folder, "lenet5j_metadata_2e8_channels", safetensors([], dict(lenet_meta, in_channels="200000000")))
    put(folder, "classic_metadata_3e8_classes", safetensors([], dict(classic_meta, num_classes="300000000")))

# ---- JSON ------------------------------------------------------------------------------------------
js = f"{ROOT}/io/JsonFuzzTestInputs/anyTextParsesAndRoundTripsOrFailsWithJsonException"
for name, text in {
    "object": '{"a":[1,-2.5e-3,true,false,null],"b":{"c":"d\\u00e9\\n"}}',
    "safetensors_header": json.dumps({"__metadata__": {"format": "lenet5j"},
                                      "w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}}),
    "numbers": '[0,-0,1e308,-1.5E+2,9223372036854775807,9223372036854775808,123456789012345678901234567890]',
    "surrogate_pair": '"\\ud83d\\ude00 \U0001F600"',
    "unpaired_surrogate": '"\\ud800"',
    "deep_64": "[" * 64 + "]" * 64,
    "deep_65": "[" * 65 + "]" * 65,
    "trailing_comma": "[1,2,]",
    "leading_zero": "[01]",
    "duplicate_key": '{"a":1,"a":2}',
    "unterminated": '{"a":"b',
    "number_overflow": "1e400",
    "control_char": '"a\tb"',
    "empty": "",
    "whitespace": " \n\t\r 1 \n",
}.items():
    put(js, name, text)
