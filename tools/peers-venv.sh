#!/usr/bin/env bash
# Makes, once, a Python virtual environment with a current PyTorch, NumPy, ONNX and ONNX Runtime (what the
# peers under tools/ need), installed by pip as the machine's pip is configured, and prints the path of its
# python on standard output (pip's messages go to standard error). Later calls only check it and print it.
#
#   PY=$(tools/peers-venv.sh)
#   $PY tools/pytorch/pytorch_bench.py --threads 2 --json     # PyTorch 2.x
#   $PY tools/onnx/ort_bench.py --threads 2 --json            # ONNX Runtime
#   $PY tools/pytorch/lenet5_torch.py --help                  # the twin runs here too
#
# The folder: $LENET5J_PEERS_VENV, or ~/.cache/lenet5j/peers-venv. The base python: $LENET5J_PYTHON, or
# python3.11 when there is one (the version PyTorch's wheels exist for here), or python3.
# Options: --help; --recreate (delete the folder first).
set -euo pipefail

venv=${LENET5J_PEERS_VENV:-$HOME/.cache/lenet5j/peers-venv}
packages=(torch numpy onnx onnxruntime)

case "${1:-}" in
  -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
  --recreate) rm -rf "$venv" ;;
  "") ;;
  *) echo "peers-venv.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac

complete() {
  [[ -x $venv/bin/python ]] && "$venv/bin/python" -c 'import torch, numpy, onnx, onnxruntime' 2>/dev/null
}

if ! complete; then
  base=${LENET5J_PYTHON:-}
  if [[ -z $base ]]; then
    base=python3
    if command -v python3.11 >/dev/null; then base=python3.11; fi
  fi
  echo "peers-venv.sh: installing ${packages[*]} into $venv with $base (once)" >&2
  "$base" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet "${packages[@]}" >&2
  if ! complete; then
    echo "peers-venv.sh: $venv still cannot import ${packages[*]}" >&2
    exit 1
  fi
fi
echo "$venv/bin/python"
