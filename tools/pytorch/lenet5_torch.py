#!/usr/bin/env python3
"""lenet5j's PyTorch twin: the same two networks in PyTorch, for agreement fixtures and peer runs.

The modern LeNet-5 (lenet5j's LeNet5 / LeNet5Config) and the 1998 one (lenet5j's ClassicLeNet5), with
lenet5j's parameter names and layouts (NCHW; conv weight [out, in, kh, kw]; linear weight [out, in];
flatten in C, H, W order; C3's 60 connected kernels as c3.weight [60, 5, 5]), its preprocessing
(28x28 bytes / 255, zero-padded by 2 to 32x32; the classic preset then maps x to 1.275x - 0.1), and its
model files (safetensors with lenet5j's __metadata__), so a file moves both ways unchanged.

Runs with Debian's python3-torch 1.13 (/usr/bin/python3) and with a current PyTorch 2.x
(tools/peers-venv.sh makes a venv and prints its python). Needs only torch: safetensors files are
read and written by the few lines below.

  lenet5_torch.py summary  [model options]
  lenet5_torch.py export   --out FILE [--seed S] [model options]
  lenet5_torch.py train    --data DIR [--out FILE --epochs N --batch B --optimizer adam|sgd --lr X
                           --momentum M --seed S --threads T --limit N --json] [model options]
  lenet5_torch.py eval     --weights FILE --data DIR [--limit N --json] [model options]
  lenet5_torch.py fixtures --out DIR [--seed S]

model options: --preset modern|classic (modern)   the 1998 network ignores the next two
               --channels C (1) --classes K (10)
               --activation sigmoid|relu|tanh (sigmoid) --pooling max|avg|subsampling (max)
DIR: a folder with MNIST-format files (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],
     t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]), e.g. /usr/share/datasets/fashion-mnist.
Run '<command> --help' for each command's options.
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import struct
import sys
import time
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

# ======================================================================= the modern network

ACTIVATIONS = {"sigmoid": torch.sigmoid, "relu": F.relu, "tanh": torch.tanh}
POOLINGS = ("max", "avg", "subsampling")


class Subsampling(nn.Module):
    """LeNet-5's trainable subsampling (lenet5j's nn/Subsampling.java): per map c,
    y = weight[c] * (sum of the 2x2 window) + bias[c]; weight [C], bias [C]."""

    def __init__(self, channels):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(channels))
        self.bias = nn.Parameter(torch.empty(channels))
        nn.init.uniform_(self.weight, -0.5, 0.5)   # 1/sqrt(fan-in), the fan-in being the 4 window inputs
        nn.init.uniform_(self.bias, -0.5, 0.5)

    def forward(self, x):
        # the 2x2 sum: dividing by 4 and multiplying back are exact in binary floating point; ONNX's
        # AveragePool has no divisor_override, which its exporter drops without a word
        window_sum = F.avg_pool2d(x, 2) * 4
        return window_sum * self.weight.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)


class LeNet5(nn.Module):
    """conv1 5x5 -> act -> s2 -> conv2 5x5 -> act -> s4 -> flatten -> fc1 -> act -> fc2 -> act -> fc3.

    forward returns (logits, probabilities), both [N, num_classes]."""

    def __init__(self, in_channels=1, num_classes=10, activation="sigmoid", pooling="max"):
        super().__init__()
        if activation not in ACTIVATIONS or pooling not in POOLINGS:
            raise ValueError(f"activation {activation!r} or pooling {pooling!r} is not one of "
                             f"{list(ACTIVATIONS)} / {list(POOLINGS)}")
        self.config = dict(in_channels=in_channels, num_classes=num_classes,
                           activation=activation, pooling=pooling)
        self.act = ACTIVATIONS[activation]
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.s2 = self.pool_layer(pooling, 6)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.s4 = self.pool_layer(pooling, 16)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    @staticmethod
    def pool_layer(pooling, channels):
        if pooling == "subsampling":
            return Subsampling(channels)
        return nn.MaxPool2d(2) if pooling == "max" else nn.AvgPool2d(2)

    def forward(self, x):
        x = self.s2(self.act(self.conv1(x)))
        x = self.s4(self.act(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = self.act(self.fc1(x))
        x = self.act(self.fc2(x))
        logits = self.fc3(x)
        return logits, F.softmax(logits, dim=1)


# ======================================================================= the 1998 network

def scaled_tanh(x):
    """LeCun's squashing function f(a) = 1.7159 tanh(2a/3) (nn/Tanh.java, scaled)."""
    return 1.7159 * torch.tanh(x * (2.0 / 3.0))


# Table I of the 1998 paper: row o lists the S2 maps that C3 map o reads (SparseConv2d.lenet5Table()).
C3_TABLE = ((0, 1, 2), (1, 2, 3), (2, 3, 4), (3, 4, 5), (0, 4, 5), (0, 1, 5),
            (0, 1, 2, 3), (1, 2, 3, 4), (2, 3, 4, 5), (0, 3, 4, 5), (0, 1, 4, 5), (0, 1, 2, 5),
            (0, 1, 3, 4), (1, 2, 4, 5), (0, 2, 3, 5),
            (0, 1, 2, 3, 4, 5))


class SparseConv2d(nn.Module):
    """A convolution whose output map o reads only the input maps in table[o] (nn/SparseConv2d.java).

    Only the connected kernels are parameters: weight [P, k, k], P = sum of the rows' lengths (60 for C3),
    ordered by output map, then by input map; bias [out]. The forward pass is a masked convolution: the
    kernels are placed into a dense [out, in, k, k] bank whose unconnected kernels are zero."""

    def __init__(self, in_channels, table, kernel=5):
        super().__init__()
        self.in_channels, self.table, self.kernel = in_channels, tuple(tuple(r) for r in table), kernel
        slots = [o * in_channels + i for o, row in enumerate(self.table) for i in row]
        self.register_buffer("slots", torch.tensor(slots), persistent=False)   # dense kernel of each stored one
        self.weight = nn.Parameter(torch.empty(len(slots), kernel, kernel))
        self.bias = nn.Parameter(torch.empty(len(self.table)))

    def dense_weight(self):
        """The equivalent dense weight [out, in, k, k]: the stored kernels where connected, zeros elsewhere."""
        out, k = len(self.table), self.kernel
        bank = self.weight.new_zeros(out * self.in_channels, k, k).index_copy(0, self.slots, self.weight)
        return bank.view(out, self.in_channels, k, k)

    def forward(self, x):
        return F.conv2d(x, self.dense_weight(), self.bias)


class EuclideanRbf(nn.Module):
    """One unit per class: y[n, k] = sum_j (x[n, j] - centers[k, j])^2 (nn/EuclideanRbf.java).

    The centers [K, F] are fixed: a buffer (saved as rbf.centers), not a parameter."""

    def __init__(self, centers):
        super().__init__()
        self.register_buffer("centers", centers.clone())

    def forward(self, x):
        return (x.unsqueeze(1) - self.centers.unsqueeze(0)).pow(2).sum(2)


# The digits 0..9 as 7x12 bitmaps, '#' = +1, '.' = -1, row by row: the same drawing as nn/RbfBitmaps.java.
DIGIT_BITMAPS = """\
....... ....... ....... ....... ....... ....... ....... ....... ....... .......
..###.. ...#... ..###.. .#####. ....##. ####### ..####. ####### .#####. .#####.
.#...#. ..##... .#...#. #.....# ...#.#. #...... .#..... ......# #.....# #.....#
#.....# .#.#... #.....# ......# ..#..#. #...... #...... .....#. #.....# #.....#
#.....# ...#... ......# ......# .#...#. ######. #...... ....#.. #.....# #.....#
#.....# ...#... .....#. ..####. #....#. ......# ######. ....#.. .#####. #.....#
#.....# ...#... ....#.. ......# ####### ......# #.....# ...#... #.....# .######
#.....# ...#... ...#... ......# .....#. ......# #.....# ...#... #.....# ......#
#.....# ...#... ..#.... ......# .....#. ......# #.....# ..#.... #.....# ......#
.#...#. ...#... .#..... #.....# .....#. #.....# #.....# ..#.... #.....# .....#.
..###.. .#####. ####### .#####. .....#. .#####. .#####. ..#.... .#####. .####..
....... ....... ....... ....... ....... ....... ....... ....... ....... .......
"""
RBF_COLUMNS, RBF_ROWS, RBF_SEED = 7, 12, 1998


class JavaRandom:
    """java.util.Random's generator (a 48-bit linear congruential one), enough of it for nextBoolean:
    lenet5j draws the RBF codes of class counts other than 10 from new Random(1998)."""

    MULTIPLIER, ADDEND, MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed):
        self.state = (seed ^ self.MULTIPLIER) & self.MASK

    def next_bits(self, bits):
        self.state = (self.state * self.MULTIPLIER + self.ADDEND) & self.MASK
        return self.state >> (48 - bits)

    def next_boolean(self):
        return self.next_bits(1) != 0


def rbf_codes(num_classes):
    """The fixed RBF centers [K, 84] of RbfBitmaps.forClasses(K): the digit bitmaps for K = 10; otherwise
    K distinct patterns of 84 fair +-1 draws from Java's Random(1998), a repeated pattern drawn again."""
    size = RBF_COLUMNS * RBF_ROWS
    if num_classes == 10:
        lines = DIGIT_BITMAPS.splitlines()
        return torch.tensor([[1.0 if lines[r][d * (RBF_COLUMNS + 1) + c] == "#" else -1.0
                              for r in range(RBF_ROWS) for c in range(RBF_COLUMNS)] for d in range(10)])
    random, codes = JavaRandom(RBF_SEED), []
    while len(codes) < num_classes:
        code = [1.0 if random.next_boolean() else -1.0 for _ in range(size)]
        if code not in codes:
            codes.append(code)
    return torch.tensor(codes)


class ClassicLeNet5(nn.Module):
    """LeNet-5 as the 1998 paper has it (model/ClassicLeNet5.java), f the scaled tanh:
    c1 conv 5x5 -> f -> s2 subsampling -> f -> c3 sparse conv (Table I) -> f -> s4 subsampling -> f
    -> c5 conv 5x5 -> f -> flatten -> f6 120->84 -> f -> rbf: distances [N, K], the smallest wins.
    The input is already scaled (background -0.1, ink 1.175: see paper_scaling)."""

    def __init__(self, in_channels=1, num_classes=10):
        super().__init__()
        self.config = dict(preset="classic", in_channels=in_channels, num_classes=num_classes)
        self.c1 = nn.Conv2d(in_channels, 6, 5)
        self.s2 = Subsampling(6)
        self.c3 = SparseConv2d(6, C3_TABLE, 5)
        self.s4 = Subsampling(16)
        self.c5 = nn.Conv2d(16, 120, 5)
        self.f6 = nn.Linear(120, 84)
        self.rbf = EuclideanRbf(rbf_codes(num_classes))
        self.paper_init()

    def paper_init(self):
        """Every weight and bias uniform in +-2.4/F_in, F_in the fan-in of the unit it feeds
        (c1 25C, s2 and s4 4, c3 75/100/150 per output map, c5 400, f6 120)."""
        with torch.no_grad():
            fan_in = {"c1": 25 * self.config["in_channels"], "s2": 4, "s4": 4, "c5": 400, "f6": 120}
            for name, f in fan_in.items():
                for p in getattr(self, name).parameters():
                    p.uniform_(-2.4 / f, 2.4 / f)
            area = self.c3.kernel ** 2
            first = 0
            for o, row in enumerate(self.c3.table):
                bound = 2.4 / (len(row) * area)
                self.c3.weight[first:first + len(row)].uniform_(-bound, bound)
                self.c3.bias[o].uniform_(-bound, bound)
                first += len(row)

    def forward(self, x):
        x = scaled_tanh(self.s2(scaled_tanh(self.c1(x))))
        x = scaled_tanh(self.s4(scaled_tanh(self.c3(x))))
        x = torch.flatten(scaled_tanh(self.c5(x)), 1)
        return self.rbf(scaled_tanh(self.f6(x)))


RBF_LOSS_J = 0.1   # RbfMapLoss.DEFAULT_J: the paper's "rubbish class" constant


def rbf_map_loss(distances, target, j=RBF_LOSS_J):
    """The paper's equation 9 (loss/RbfMapLoss.java), averaged over the batch:
    E = mean_n( y[n, D] + log(e^-j + sum_i e^-y[n, i]) ), D the target class."""
    rubbish = distances.new_full((distances.shape[0], 1), -j)
    return (distances.gather(1, target.view(-1, 1)).squeeze(1)
            + torch.logsumexp(torch.cat([rubbish, -distances], 1), 1)).mean()


# ======================================================================= models by options

def build_model(preset="modern", channels=1, classes=10, activation="sigmoid", pooling="max"):
    if preset == "classic":
        return ClassicLeNet5(channels, classes)
    return LeNet5(channels, classes, activation, pooling)


def model_from_args(a, seed=None):
    if seed is not None:
        torch.manual_seed(seed)
    return build_model(a.preset, a.channels, a.classes, a.activation, a.pooling)


def is_classic(model):
    return isinstance(model, ClassicLeNet5)


def scores_loss_predictions(model, x, y):
    """(summed loss, predicted classes) of a batch: cross-entropy and argmax for the modern network,
    the RBF loss and argmin of the distances for the 1998 one."""
    if is_classic(model):
        distances = model(x)
        return rbf_map_loss(distances, y) * len(y), distances.argmin(1)
    logits, _ = model(x)
    return F.cross_entropy(logits, y, reduction="sum"), logits.argmax(1)


# ======================================================================= safetensors

# safetensors: 8 bytes little-endian header length n, n bytes of JSON {name: {dtype, shape, data_offsets}}
# (plus "__metadata__": {str: str}), then the raw little-endian data. lenet5j's io/SafeTensors.java reads it.
DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8}
DTYPE_NAMES = {v: k for k, v in DTYPES.items()}


def tensor_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:   # numpy has no bfloat16: the same 2 bytes as int16
        t = t.view(torch.int16)
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()


def save_safetensors(path, tensors, metadata=None):
    """Writes {name: tensor} (names sorted) with string metadata, atomically (a temporary file, then rename)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name]
        data = tensor_bytes(t)
        header[name] = {"dtype": DTYPE_NAMES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)   # the data starts 8-byte aligned
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)
    os.replace(tmp, path)


def load_safetensors(path):
    """Reads a safetensors file: ({name: tensor}, metadata)."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: not a safetensors file ({len(raw)} bytes)")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        raise ValueError(f"{path}: header of {n} bytes in a file of {len(raw)}")
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    body = memoryview(raw)[8 + n:]
    tensors = {}
    for name, h in header.items():
        begin, end = h["data_offsets"]
        dtype = DTYPES[h["dtype"]]
        if dtype == torch.bfloat16:
            t = torch.frombuffer(bytearray(body[begin:end]), dtype=torch.int16).view(torch.bfloat16)
        else:
            t = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(h["shape"]).clone()
    return tensors, metadata


def metadata_of(model, class_names=None):
    meta = dict(format="lenet5j", **model.config)
    if class_names:
        meta["class_names"] = json.dumps(class_names)
    return meta


def save_model(path, model, class_names=None):
    """The model as lenet5j saves it: state_dict names (with rbf.centers for the 1998 network), F32."""
    save_safetensors(path, {k: v.float() for k, v in model.state_dict().items()}, metadata_of(model, class_names))


def load_model(path, a=None):
    """A model from a lenet5j (or twin) file; a file without lenet5j metadata takes the model options in a."""
    tensors, meta = load_safetensors(path)
    if meta.get("format") == "lenet5j":
        channels, classes = int(meta["in_channels"]), int(meta["num_classes"])
        model = (ClassicLeNet5(channels, classes) if meta.get("preset") == "classic"
                 else LeNet5(channels, classes, meta["activation"], meta["pooling"]))
    elif a is not None:
        model = model_from_args(a)
    else:
        raise ValueError(f"{path} has no lenet5j metadata: give the model options")
    if is_classic(model) and not torch.equal(tensors.get("rbf.centers", torch.empty(0)), model.rbf.centers):
        raise ValueError(f"{path}: rbf.centers differs from the fixed codes of {model.config['num_classes']} classes")
    model.load_state_dict({k: v.float() for k, v in tensors.items()})
    return model


# ======================================================================= data

def read_idx(path):
    """An IDX file (MNIST's format) as a uint8 tensor."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        raw = f.read()
    (magic,) = struct.unpack(">I", raw[:4])
    dims = struct.unpack(">" + "I" * (magic & 0xFF), raw[4:4 + 4 * (magic & 0xFF)])
    return torch.frombuffer(bytearray(raw[4 + 4 * len(dims):]), dtype=torch.uint8).reshape(dims)


def find_file(data_dir, stem):
    for name in (stem + ".gz", stem, stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"no {stem}[.gz] in {data_dir}")


def paper_scaling(x01):
    """The 1998 paper's input scaling as lenet5j's Normalization.PAPER_1998 computes it in float:
    (x - 0.1/1.275) / (1/1.275), so background 0 -> -0.1 and ink 1 -> 1.175."""
    mean = torch.tensor(0.1, dtype=torch.float32) / torch.tensor(1.275, dtype=torch.float32)
    std = torch.tensor(1.0, dtype=torch.float32) / torch.tensor(1.275, dtype=torch.float32)
    return (x01 - mean) / std


def load_split(data_dir, split, preset="modern", limit=None):
    """(images [N, 1, 32, 32] float, labels [N] int64) of split 'train' or 't10k': bytes / 255, zero-padded
    by 2 (32x32 images as they are), then the paper's scaling for the classic preset (the padding too)."""
    images = read_idx(find_file(data_dir, f"{split}-images-idx3-ubyte"))
    labels = read_idx(find_file(data_dir, f"{split}-labels-idx1-ubyte")).long()
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    x = images.float().div_(255).unsqueeze(1)
    if x.shape[-1] == 28:
        x = F.pad(x, (2, 2, 2, 2))
    return (paper_scaling(x) if preset == "classic" else x), labels


# ======================================================================= commands

def evaluate(model, x, y, batch=1000):
    """(correct, mean loss) over a split, in batches of 1000."""
    model.eval()
    correct, total_loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            loss, predicted = scores_loss_predictions(model, x[i:i + batch], y[i:i + batch])
            total_loss += loss.item()
            correct += (predicted == y[i:i + batch]).sum().item()
    return correct, total_loss / len(x)


def cmd_summary(a):
    model = model_from_args(a, 0)
    x = torch.zeros(1, a.channels, 32, 32)
    print(f"{'layer':<8}{'output':<14}{'params':>8}")
    shapes = {}
    hooks = [m.register_forward_hook(lambda m, i, o, n=n: shapes.__setitem__(n, tuple(o.shape[1:])))
             for n, m in model.named_children()]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    for name, m in model.named_children():
        if name in shapes:
            shape = "x".join(str(d) for d in shapes[name])
            print(f"{name:<8}{shape:<14}{sum(p.numel() for p in m.parameters()):>8}")
    print(f"total params: {sum(p.numel() for p in model.parameters())}")


def cmd_export(a):
    save_model(a.out, model_from_args(a, a.seed))
    print(a.out)


def cmd_train(a):
    torch.set_num_threads(a.threads)
    xtr, ytr = load_split(a.data, "train", a.preset, a.limit)
    xte, yte = load_split(a.data, "t10k", a.preset, a.limit)
    model = model_from_args(a, a.seed)
    lr = a.lr if a.lr is not None else (1e-3 if a.optimizer == "adam" else 1e-2)
    opt = (torch.optim.Adam(model.parameters(), lr=lr) if a.optimizer == "adam"
           else torch.optim.SGD(model.parameters(), lr=lr, momentum=a.momentum))
    shuffle = torch.Generator().manual_seed(a.seed)
    for epoch in range(1, a.epochs + 1):
        model.train()
        start, total = time.perf_counter(), 0.0
        order = torch.randperm(len(xtr), generator=shuffle)
        for i in range(0, len(xtr), a.batch):
            idx = order[i:i + a.batch]
            loss_sum, _ = scores_loss_predictions(model, xtr[idx], ytr[idx])
            opt.zero_grad()
            (loss_sum / len(idx)).backward()
            opt.step()
            total += loss_sum.item()
        seconds = time.perf_counter() - start
        correct, test_loss = evaluate(model, xte, yte)
        row = dict(epoch=epoch, train_loss=total / len(xtr), test_loss=test_loss, correct=correct,
                   total=len(xte), accuracy=correct / len(xte), seconds=seconds)
        print(json.dumps(row) if a.json else f"epoch {epoch}: train loss {row['train_loss']:.4f}  "
              f"test accuracy {row['accuracy']:.4f}  {seconds:.1f} s", flush=True)
    if a.out:
        save_model(a.out, model)


def cmd_eval(a):
    torch.set_num_threads(a.threads)
    model = load_model(a.weights, a)
    x, y = load_split(a.data, "t10k", "classic" if is_classic(model) else "modern", a.limit)
    correct, loss = evaluate(model, x, y)
    r = dict(correct=correct, total=len(x), accuracy=correct / len(x), loss=loss)
    print(json.dumps(r) if a.json else f"accuracy {r['accuracy']:.4f} ({correct}/{len(x)})  loss {loss:.6f}")


# ----------------------------------------------------------------------- fixtures

MODERN_CASES = [(1, 10, "sigmoid", "max"), (1, 10, "relu", "max"), (1, 10, "tanh", "avg"),
                (1, 10, "sigmoid", "subsampling"), (3, 7, "relu", "avg"), (3, 7, "tanh", "subsampling")]
CLASSIC_CASES = [(1, 10), (3, 7)]   # 10 classes: the digit bitmaps; 7: codes from Java's Random(1998)
CLASSIC_STEPS, CLASSIC_LR, CLASSIC_MOMENTUM = 3, 0.01, 0.9


def seed_for(base, name):
    """Each file's own seed, so adding a case changes no other file."""
    torch.manual_seed(base * 1_000_003 + zlib.crc32(name.encode()))


def with_grads(tensors, inputs, model=None, prefix="grad."):
    """Adds prefix+name for the gradient of every input tensor and every model parameter."""
    tensors.update({prefix + n: t.grad.clone() for n, t in inputs.items()})
    if model is not None:   # copies: an optimizer's zero_grad may zero the gradients in place
        tensors.update({prefix + n: p.grad.clone() for n, p in model.named_parameters()})
    return tensors


def modern_fixture(channels, classes, activation, pooling):
    model = LeNet5(channels, classes, activation, pooling)
    x = torch.rand(4, channels, 32, 32, requires_grad=True)
    target = torch.randint(0, classes, (4,))
    logits, probabilities = model(x)
    loss = F.cross_entropy(logits, target)
    loss.backward()
    t = dict(model.state_dict())
    t.update(input=x, target=target, logits=logits, probabilities=probabilities, loss=loss.reshape(1))
    return with_grads(t, {"input": x}, model), metadata_of(model)


def classic_fixture(channels, classes):
    """The 1998 network on a batch of 4 in the paper's input range: distances, RBF loss, the gradient of the
    input and of every parameter; then CLASSIC_STEPS SGD steps (momentum) on the same batch."""
    model = ClassicLeNet5(channels, classes)
    x = (torch.rand(4, channels, 32, 32) * 1.275 - 0.1).requires_grad_()
    target = torch.randint(0, classes, (4,))
    t = {k: v.clone() for k, v in model.state_dict().items()}
    distances = model(x)
    loss = rbf_map_loss(distances, target)
    loss.backward()
    t.update(input=x, target=target, distances=distances, loss=loss.reshape(1))
    with_grads(t, {"input": x}, model)
    opt = torch.optim.SGD(model.parameters(), lr=CLASSIC_LR, momentum=CLASSIC_MOMENTUM)
    losses = []
    for _ in range(CLASSIC_STEPS):
        opt.zero_grad()
        step_loss = rbf_map_loss(model(x.detach()), target)
        step_loss.backward()
        opt.step()
        losses.append(step_loss.detach())
    t["train.loss"] = torch.stack(losses)   # the loss before each step: the first is "loss"
    t.update({"train." + n: p.detach().clone() for n, p in model.named_parameters()})
    meta = metadata_of(model)
    meta.update(train_optimizer="sgd", train_lr=CLASSIC_LR, train_momentum=CLASSIC_MOMENTUM,
                train_steps=CLASSIC_STEPS, rbf_loss_j=RBF_LOSS_J)
    return t, meta


def vjp(name, layer_out, inputs, params, t):
    """Stores <name>.output, a random <name>.grad_output g, and <name>.grad.<x> = d(sum(output * g))/dx."""
    g = torch.randn(layer_out.shape)
    (layer_out * g).sum().backward()
    t[name + ".output"] = layer_out
    t[name + ".grad_output"] = g
    for n, v in {**inputs, **params}.items():
        t[f"{name}.{n}"] = v
        t[f"{name}.grad.{n}"] = v.grad


def classic_layers_fixture():
    """The 1998 layers alone, each with its own input, weights and upstream gradient."""
    t = {}
    c3 = ClassicLeNet5(1, 10).c3   # the paper's initialisation of C3
    x = (torch.rand(2, 6, 14, 14) * 3.4 - 1.7).requires_grad_()
    vjp("c3", c3(x), {"input": x}, dict(c3.named_parameters()), t)
    t["c3.dense_weight"] = c3.dense_weight().detach()
    s2 = Subsampling(6)
    x = (torch.rand(2, 6, 28, 28) * 3.4 - 1.7).requires_grad_()
    vjp("s2", s2(x), {"input": x}, dict(s2.named_parameters()), t)
    x = (torch.rand(2, 200) * 8 - 4).requires_grad_()
    vjp("tanh", scaled_tanh(x), {"input": x}, {}, t)
    rbf = EuclideanRbf(rbf_codes(10))
    x = (torch.rand(3, 84) * 3.4 - 1.7).requires_grad_()
    vjp("rbf", rbf(x), {"input": x}, {}, t)
    t["rbf.centers"] = rbf.centers
    for name, low, high in (("loss", 0.0, 3.0), ("loss_far", 200.0, 800.0)):
        distances = (torch.rand(6, 10) * (high - low) + low).requires_grad_()
        target = torch.randint(0, 10, (6,))
        loss = rbf_map_loss(distances, target)
        loss.backward()
        t.update({f"{name}.distances": distances, f"{name}.target": target, f"{name}.loss": loss.reshape(1),
                  f"{name}.grad.distances": distances.grad})
    return t, {"source": "lenet5_torch.py fixtures", "rbf_loss_j": RBF_LOSS_J}


def dtypes_fixture():
    """Twelve awkward values as F16, BF16 and F64 [3, 4], each beside PyTorch's own conversion to F32
    (<name>.as_f32); I32 and I64 holding their types' extremes."""
    values = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 2.0 ** -14, 2.0 ** -24, 3e-5,
                           float("inf"), float("-inf"), float("nan"), 1 / 3], dtype=torch.float64)
    t = {}
    for name, dtype in (("f16", torch.float16), ("bf16", torch.bfloat16), ("f64", torch.float64)):
        t[name] = values.to(dtype).reshape(3, 4)
        t[name + ".as_f32"] = t[name].float()
    t["i32"] = torch.tensor([[-2 ** 31, -1, 0], [1, 7, 2 ** 31 - 1]], dtype=torch.int32)
    t["i64"] = torch.tensor([-2 ** 63, -1, 0, 9, 2 ** 53 + 1, 2 ** 63 - 1], dtype=torch.int64)
    return t, {"source": "lenet5_torch.py fixtures"}


def cmd_fixtures(a):
    """Writes every fixture of src/test/resources/torch (see the README.md there) and their SHA256SUMS."""
    torch.set_num_threads(1)   # one summation order, the same bytes on every run
    os.makedirs(a.out, exist_ok=True)
    jobs = [(f"c{c}_k{k}_{act}_{pool}", lambda c=c, k=k, act=act, pool=pool: modern_fixture(c, k, act, pool))
            for c, k, act, pool in MODERN_CASES]
    jobs += [(f"c{c}_k{k}_classic", lambda c=c, k=k: classic_fixture(c, k)) for c, k in CLASSIC_CASES]
    jobs += [("classic_layers", classic_layers_fixture), ("dtypes", dtypes_fixture)]
    sums = []
    for name, make in jobs:
        seed_for(a.seed, name)
        tensors, meta = make()
        meta["torch"] = torch.__version__
        path = os.path.join(a.out, name + ".safetensors")
        save_safetensors(path, {k: v.detach() for k, v in tensors.items()}, meta)
        with open(path, "rb") as f:
            sums.append(f"{hashlib.sha256(f.read()).hexdigest()}  {name}.safetensors\n")
        print(path)
    with open(os.path.join(a.out, "SHA256SUMS"), "w") as f:   # sha256sum's format: check with sha256sum -c
        f.writelines(sorted(sums, key=lambda line: line.split()[1]))


# ----------------------------------------------------------------------- arguments

def add_model_options(p):
    g = p.add_argument_group("model options")
    g.add_argument("--preset", choices=["modern", "classic"], default="modern",
                   help="modern (shaped by the flags below) or classic (the 1998 network) (default: modern)")
    g.add_argument("--channels", type=int, default=1, help="input channels: 1 grayscale, 3 RGB (default: 1)")
    g.add_argument("--classes", type=int, default=10, help="output classes (default: 10)")
    g.add_argument("--activation", choices=list(ACTIVATIONS), default="sigmoid", help="(default: sigmoid)")
    g.add_argument("--pooling", choices=list(POOLINGS), default="max", help="(default: max)")


def parser():
    p = argparse.ArgumentParser(prog="lenet5_torch.py", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True, metavar="command")
    s = sub.add_parser("summary", help="print each layer's output shape and parameter count")
    add_model_options(s)
    s = sub.add_parser("export", help="save a freshly initialised model as lenet5j safetensors")
    add_model_options(s)
    s.add_argument("--out", required=True, help="the file to write")
    s.add_argument("--seed", type=int, default=0, help="seed of the weights (default: 0)")
    s = sub.add_parser("train", help="train on MNIST-format data, evaluate after each epoch")
    add_model_options(s)
    s.add_argument("--data", required=True, help="folder of MNIST-format files")
    s.add_argument("--out", help="save the trained model here (lenet5j safetensors)")
    s.add_argument("--epochs", type=int, default=10, help="(default: 10)")
    s.add_argument("--batch", type=int, default=64, help="(default: 64)")
    s.add_argument("--optimizer", choices=["adam", "sgd"], default="adam", help="(default: adam)")
    s.add_argument("--lr", type=float, help="learning rate (default: 0.001 for adam, 0.01 for sgd)")
    s.add_argument("--momentum", type=float, default=0.9, help="SGD momentum (default: 0.9)")
    s.add_argument("--seed", type=int, default=0, help="seed of the weights and the shuffle (default: 0)")
    s.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: 2)")
    s.add_argument("--limit", type=int, help="use only the first N images of each split")
    s.add_argument("--json", action="store_true", help="one JSON object per epoch")
    s = sub.add_parser("eval", help="test accuracy and mean loss of a saved model")
    add_model_options(s)
    s.add_argument("--weights", "--model", required=True, help="a model file (lenet5j's or the twin's)")
    s.add_argument("--data", required=True, help="folder of MNIST-format files")
    s.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: 2)")
    s.add_argument("--limit", type=int, help="use only the first N test images")
    s.add_argument("--json", action="store_true", help="one JSON object")
    s = sub.add_parser("fixtures", help="write the test fixtures of src/test/resources/torch and their SHA256SUMS")
    s.add_argument("--out", required=True, help="the folder to write")
    s.add_argument("--seed", type=int, default=1998, help="(default: 1998)")
    return p


def main(argv=None):
    a = parser().parse_args(argv)
    {"summary": cmd_summary, "export": cmd_export, "train": cmd_train, "eval": cmd_eval,
     "fixtures": cmd_fixtures}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
