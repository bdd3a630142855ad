#!/usr/bin/env bash
# The table at the top of docs/performance.md: `bench --peers --json` (lenet5j, then PyTorch 2.x and ONNX Runtime in
# the same run) on each JDK, with the vector kernels and with the scalar ones (what a JVM without
# --add-modules jdk.incubator.vector runs), RUNS times each, interleaved so that a slow phase of the machine falls on
# every column alike; then, once per JDK on the vector kernels, other model configurations and the 1998 network.
#   tools/bench-matrix.sh                          # JDKS, RUNS=3, PY: see below
#   RUNS=1 CONFIGS=0 tools/bench-matrix.sh         # one run of the default model only
#   RUNS=0 CONFIG_MODELS=classic tools/bench-matrix.sh   # the 1998 network against the modern one only
# Environment: JDKS (java homes, default: the JDK 17 and 25 of this machine's /usr/lib/jvm), PY (the peers' python,
# default: the one tools/peers-venv.sh prints), RUNS (3), CONFIGS (1: also RGB, relu, tanh + average pooling,
# trainable subsampling with 7 classes, and --preset classic after a run of the default model, for their ratio in one
# phase of the machine), CONFIG_MODELS (which of those: rgb relu tanh-avg subsampling-7 classic), CONFIG_JDKS (the
# JDKs for those, default JDKS),
# IMAGES (bench's --images, default bench's 10,000; each run takes a few minutes at 10,000), OUT (target/bench-matrix).
# Each run's JSON goes to OUT/<java>-<kernels>-<model>-<run>.json; tools/bench_table.py OUT prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
jdks=(${JDKS:-/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64})
runs="${RUNS:-3}"
config_jdks=(${CONFIG_JDKS:-${jdks[*]}})
images=(${IMAGES:+--images "$IMAGES"})
out="${OUT:-target/bench-matrix}"
py="${PY:-$(tools/peers-venv.sh)}"
jar=cli/target/lenet5j-cli.jar
[ -f "$jar" ] || mvn -B -q -pl cli -am package -DskipTests
mkdir -p "$out"

bench() {  # java-home kernels model-name run bench-options...
  local home="$1" kernels="$2" model="$3" run="$4"
  shift 4
  local version opts=()
  version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
  if [ "$kernels" = vector ]; then opts+=(--add-modules jdk.incubator.vector); else opts+=(-Dlenet5j.kernels=scalar); fi
  local file="$out/$version-$kernels-$model-$run.json"
  echo "bench-matrix: $(date -u +%H:%M:%S) java $version, $kernels kernels, $model, run $run -> $file" >&2
  "$home/bin/java" "${opts[@]}" -jar "$jar" bench --peers --python "$py" --json ${images[@]+"${images[@]}"} "$@" \
    > "$file.tmp" 2>/dev/null
  mv "$file.tmp" "$file"
}

for run in $(seq 1 "$runs"); do
  for home in "${jdks[@]}"; do
    bench "$home" vector default "$run"
    bench "$home" scalar default "$run"
  done
done
if [ "${CONFIGS:-1}" != 0 ]; then
  for home in "${config_jdks[@]}"; do
    for model in ${CONFIG_MODELS:-rgb relu tanh-avg subsampling-7 classic}; do
      case "$model" in
        rgb) bench "$home" vector rgb 1 --channels 3 ;;
        relu) bench "$home" vector relu 1 --activation relu ;;
        tanh-avg) bench "$home" vector tanh-avg 1 --activation tanh --pooling avg ;;
        subsampling-7) bench "$home" vector subsampling-7 1 --pooling subsampling --classes 7 ;;
        classic)   # the modern network right before the 1998 one: their ratio in one phase of the machine
          bench "$home" vector classic-pair 1
          bench "$home" vector classic 1 --preset classic ;;
        *) echo "bench-matrix: unknown model $model in CONFIG_MODELS" >&2; exit 2 ;;
      esac
    done
  done
fi
python3 tools/bench_table.py "$out"
