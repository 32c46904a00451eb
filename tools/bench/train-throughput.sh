#!/usr/bin/env bash
# Training images/s of jresnet (CPU backend) and PyTorch (Debian's python3-torch) side by side, in one run on one
# machine: resnet20 at batch 128 of 28x28x1 and the Keras-notebook ResNet-50 at batch 32 of 64x64x3, 2 threads.
# The two frameworks alternate for ROUNDS rounds so that load on a shared machine hits both alike; the table gives
# the median over rounds of each round's median images/s, and the ratio jresnet / PyTorch. Both get WARMUP untimed
# steps (default 10): the JVM compiles the kernels that run once per step (stem, max-pool, head, loss) only after
# several steps on two busy cores (Keras ResNet-50: 45.7-56.2 images/s after 2 warm-up steps, 52.9-59.1 after 12),
# and a training run lasts thousands of steps; PyTorch's speed does not change after its first step.
#   tools/bench/train-throughput.sh [ROUNDS]      (default 3; needs /usr/bin/python3 with torch; env WARMUP)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
warmup="${WARMUP:-10}"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT

jresnet() { # model, extra bench args...
  local model="$1"
  shift
  "$root/resnet" --backend cpu --threads 2 bench --model "$model" --train --warmup "$warmup" --iterations 8 --no-fma-peak "$@" 2>/dev/null |
    sed -n 's/^throughput: \([0-9.]*\) images\/s.*/\1/p'
}

for round in $(seq "$rounds"); do
  echo "round $round/$rounds" >&2
  printf 'jresnet resnet20 %s\n' "$(jresnet resnet20 --batch 128 --size 28x28 --channels 1)" >>"$results"
  printf 'jresnet resnet50-keras-64x64-6 %s\n' "$(jresnet resnet50-keras-64x64-6 --batch 32)" >>"$results"
  /usr/bin/python3 "$root/tools/golden/pytorch_train_bench.py" --threads 2 --warmup "$warmup" --steps 8 |
    awk '$2 == "batch" {for (i = 1; i <= NF; i++) if ($i == "images/s") print "pytorch", $1, $(i - 1)}' >>"$results"
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
printf '%-24s %12s %12s %8s\n' model "jresnet i/s" "PyTorch i/s" ratio
for model in resnet20 resnet50-keras-64x64-6; do
  j="$(awk -v m="$model" '$1 == "jresnet" && $2 == m {print $3}' "$results" | median)"
  p="$(awk -v m="$model" '$1 == "pytorch" && $2 == m {print $3}' "$results" | median)"
  awk -v m="$model" -v j="$j" -v p="$p" 'BEGIN {printf "%-24s %12.1f %12.1f %8.2f\n", m, j, p, j / p}'
done
