#!/usr/bin/env bash
# Every benchmark figure of the project in one run on this machine, written under docs/bench/:
#   gemm-efficiency.md  the FMA peak and the GEMM efficiency of ResNet-50's convolutions (io.jresnet.bench.GemmEfficiency)
#   ort-comparison.md   jresnet vs ONNX Runtime on ResNet-50 at 224x224, batches 1 and 8, alternating in one JVM,
#                       with output agreement, allocation, GCs, JFR sites and peak RSS (io.jresnet.bench.OrtComparison)
#   ort-comparison-resnet20.md  the same for ResNet-20 at 32x32x3, batches 1 and 128 (300 warm-up forwards: a batch-1
#                       forward takes half a millisecond, so 15 would end before the JIT has compiled the model's code)
#   train-throughput.txt  jresnet vs PyTorch training images/s (tools/bench/train-throughput.sh)
#   results.csv         images/s of every system and workload (ONNX Runtime, PyTorch inference and training included)
#   chart.png           the bar chart of results.csv (io.jresnet.bench.ThroughputChart)
#
#   tools/bench/run-all.sh            (takes several minutes; run it on a quiet machine)
# Environment: THREADS (default 2), ROUNDS (timed rounds of the ONNX Runtime comparison, default 15),
#   TRAIN_ROUNDS (default 3), SKIP_TRAINING=1 / SKIP_PYTORCH=1 to leave those out, JAVA_HOME (a JDK 25),
#   HEAP_CAP (the -Xmx of the capped-heap peak-memory row, default 400m: ResNet-50 at batch 8 bound for inference runs
#   in it, bound for training it does not), BENCH_JAVA_OPTS (extra JVM options, e.g. -Xmx2g; the peak-memory child JVMs get the same heap flags).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/docs/bench"
threads="${THREADS:-2}"
rounds="${ROUNDS:-15}"
java_home="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$java_home/bin/java"
[ -x "$java" ] || { echo "run-all.sh: no java at $java; set JAVA_HOME to a JDK 25" >&2; exit 1; }
mkdir -p "$out"

echo "building resnet-bench..." >&2
(cd "$root" && JAVA_HOME="$java_home" ./mvnw -B -q -DskipTests package -pl resnet-bench,resnet-cli -am) >&2
jar="$(ls "$root"/resnet-bench/target/resnet-bench-*.jar | grep -v -e '-sources' -e '-tests' | head -n 1)"
# shellcheck disable=SC2206 # BENCH_JAVA_OPTS is a list of options, split on spaces on purpose.
extra=(${BENCH_JAVA_OPTS:-})
bench() { # main class, args...
  local main="$1"
  shift
  "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED ${extra[@]+"${extra[@]}"} \
    -cp "$jar:$root/resnet-bench/target/lib/*" "$main" "$@" 2> >(grep -v '^WARNING: Using incubator modules' >&2)
}

echo "GEMM efficiency..." >&2
bench io.jresnet.bench.GemmEfficiency --threads "$threads" | tee "$out/gemm-efficiency.md"

echo "jresnet vs ONNX Runtime..." >&2
bench io.jresnet.bench.OrtComparison --threads "$threads" --rounds "$rounds" --csv "$out/results.csv" \
  --memory-heap-cap "${HEAP_CAP:-400m}" |
  grep -v '^wrote ' | tee "$out/ort-comparison.md"

echo "jresnet vs ONNX Runtime, ResNet-20..." >&2
bench io.jresnet.bench.OrtComparison --model resnet20 --batches 1,128 --warmup 300 --threads "$threads" \
  --rounds "$rounds" --memory-batch 0 --jfr false | tee "$out/ort-comparison-resnet20.md"

if [ "${SKIP_PYTORCH:-0}" != 1 ]; then
  echo "PyTorch inference..." >&2
  /usr/bin/python3 "$root/tools/bench/pytorch_infer_bench.py" --threads "$threads" >>"$out/results.csv"
fi

if [ "${SKIP_TRAINING:-0}" != 1 ]; then
  echo "training, jresnet vs PyTorch..." >&2
  "$root/tools/bench/train-throughput.sh" "${TRAIN_ROUNDS:-3}" | tee "$out/train-throughput.txt"
  # Table rows: model, jresnet images/s, PyTorch images/s, ratio (the header line has non-numeric fields).
  awk '$2 ~ /^[0-9.]+$/ {
      workload = ($1 == "resnet20") ? "resnet20 28x28x1 training,128" : $1 " training,32"
      printf "jresnet,%s,%s\npytorch,%s,%s\n", workload, $2, workload, $3
    }' "$out/train-throughput.txt" >>"$out/results.csv"
fi

bench io.jresnet.bench.ThroughputChart "$out/results.csv" "$out/chart.png"
echo "wrote $out/results.csv and $out/chart.png" >&2
