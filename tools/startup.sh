#!/usr/bin/env bash
# Start-up to the first prediction: the whole process of `predict` on one Fashion-MNIST picture with the pretrained
# model, the median of ten runs after three warm-up runs, timed by hyperfine (apt-get install hyperfine).
#   tools/startup.sh                  # the java on the PATH
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 tools/startup.sh
# Three ways to start it: `java -jar` (what a user types), the ./lenet5j launcher (class-data-sharing archive,
# no vector module for predict), and `java -jar` with the vector module (what the launcher avoids).
# Writes the figures to target/startup-<java version>.json (hyperfine's JSON) and prints the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "startup.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar=cli/target/lenet5j-cli.jar
[ -f "$jar" ] || mvn -B -q -pl cli -am package -DskipTests
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -Djava.awt.headless=true tools/IdxToPng.java /usr/share/datasets/fashion-mnist "$work/png" --limit 1 >/dev/null
picture="$(find "$work/png/test" -name '*.png' | head -1)"
model=datasets/src/main/resources/io/github/lenet5j/datasets/pretrained-models/fashion-mnist.safetensors
version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
mkdir -p target
args=(predict --model "$model" "$picture")
PATH="$(dirname "$(command -v "$java")"):$PATH" hyperfine -N -w 3 -r 10 --export-json "target/startup-$version.json" \
  -n "java -jar" "$java -jar $jar ${args[*]}" \
  -n "./lenet5j" "./lenet5j ${args[*]}" \
  -n "java -jar, vector module" "$java --add-modules jdk.incubator.vector -jar $jar ${args[*]}" >/dev/null
python3 - "target/startup-$version.json" "$version" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"java {sys.argv[2]}  {r['command']:<26} median {r['median'] * 1000:4.0f} ms  "
          f"(min {r['min'] * 1000:.0f}, max {r['max'] * 1000:.0f}, {len(r['times'])} runs)")
PY
