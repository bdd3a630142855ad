# Writes dtypes.safetensors with the PyTorch twin's writer, to cross-check lenet5j's reader on
# F16, BF16, F64, I32 and I64. Run from the project root:
#   /usr/bin/python3 src/test/resources/torch/make_dtypes.py
import sys

import torch

sys.path.insert(0, "../shared/reference")
from lenet5_torch import save_safetensors  # noqa: E402

values = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 2.0 ** -14, 2.0 ** -24, 3e-5,
                       float("inf"), float("-inf"), float("nan"), 1 / 3], dtype=torch.float64)
tensors = {}
for name, dtype in [("f16", torch.float16), ("bf16", torch.bfloat16), ("f64", torch.float64)]:
    x = values.to(dtype).reshape(3, 4)
    tensors[name] = x
    tensors[name + ".as_f32"] = x.float()  # what the reader must return, converted by PyTorch
tensors["i32"] = torch.tensor([[-2 ** 31, -1, 0], [1, 7, 2 ** 31 - 1]], dtype=torch.int32)
tensors["i64"] = torch.tensor([-2 ** 63, -1, 0, 9, 2 ** 53 + 1, 2 ** 63 - 1], dtype=torch.int64)
save_safetensors("src/test/resources/torch/dtypes.safetensors", tensors, {"source": "make_dtypes.py"})
