#!/usr/bin/env bash
# One run that validates the CUDA backend on a GPU machine with no JDK or Maven (PyTorch with CUDA expected there):
#   1. the bundle's Java lists the backends (the CUDA row shows the GPU, driver, CUDA and cuDNN, or why not),
#   2. the GPU tests: every TCK contract on CUDA and the ResNet-50 parity with the CPU backend (@Tag("gpu")),
#   3. ResNet-50 images/s, jresnet against PyTorch on the same GPU: inference and training, FP32 and TF32
#      (batch 64 at 224x224, cudnn.benchmark on), with the ratios the issue targets.
# Use: on a machine with a JDK, tools/cuda/make-bundle.sh builds target/gpu-bundle(.tar.gz); copy that there, unpack
# it and run gpu-check.sh inside it. Run from the source tree, this script builds the bundle and runs its copy.
# Exit: 0 tests passed, 1 tests failed, 2 no usable GPU here (nothing was checked).
# Environment: GPU_CHECK_BATCH (default 64), GPU_CHECK_ITERATIONS (default 10), PYTHON (default python3).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ ! -x "$here/java/bin/java" ]; then
  bundle="$(cd "$here/.." && pwd)/target/gpu-bundle"
  "$here/cuda/make-bundle.sh" "$bundle" || exit 1
  exec "$bundle/gpu-check.sh" "$@"
fi

readonly batch="${GPU_CHECK_BATCH:-64}" iterations="${GPU_CHECK_ITERATIONS:-10}" python="${PYTHON:-python3}"
java="$here/java/bin/java"
jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dguice_bytecode_gen_option=DISABLED
  -Xmx16g)
classpath="$(printf '%s:' "$here"/lib/*.jar)"
resnet() { "$java" "${jvm[@]}" -cp "$classpath" io.jresnet.cli.Main "$@"; }
section() { printf '\n== %s\n' "$*"; }

# cuDNN 9 and cuBLAS load their sub-libraries by name: put PyTorch's pip-installed NVIDIA folders on the path.
nvidia_libs="$("$python" - <<'PY' 2>/dev/null
import glob, os, site
dirs = site.getsitepackages() + [site.getusersitepackages()]
print(":".join(d for s in dirs for d in sorted(glob.glob(os.path.join(s, "nvidia", "*", "lib")))))
PY
)"
if [ -n "$nvidia_libs" ]; then
  export LD_LIBRARY_PATH="$nvidia_libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

section "runtime: $("$java" -version 2>&1 | head -n 1), bundle $(du -sh "$here" | cut -f1)"
section "backends"
backends="$(resnet backends --verbose 2>&1 | grep -v '^WARNING: Using incubator modules')"
printf '%s\n' "$backends"
if ! printf '%s\n' "$backends" | grep -Eq '^cuda +[0-9]+ +yes '; then
  reason="$(printf '%s\n' "$backends" | sed -En 's/^cuda +[0-9]+ +no +- +- +//p' | head -n 1)"
  printf '\ngpu-check: no usable GPU here, so nothing was checked: %s\n' "${reason:-the CUDA backend is not available}" >&2
  printf 'gpu-check: run this bundle on a machine with an NVIDIA GPU, its driver and a CUDA build of PyTorch.\n' >&2
  exit 2
fi

section "GPU tests (TCK contracts on CUDA, ResNet-50 parity with the CPU backend)"
test_classpath="$(printf '%s:' "$here"/test/resnet-*.jar "$here"/lib/*.jar)"
timeout 420 "$java" "${jvm[@]}" -jar "$here"/test/junit-platform-console-standalone-*.jar execute \
  --disable-banner --details=summary --class-path "$test_classpath" --select-package io.jresnet.cuda \
  --include-tag gpu --reports-dir "$here/test-reports"
tests=$?

section "ResNet-50, batch $batch, 224x224: images/s on $(printf '%s\n' "$backends" | sed -En 's/^cuda +[0-9]+ +yes +[0-9]+ +[0-9]+ +//p' | head -n 1)"
torch_ok=0
if "$python" -c 'import torch, torchvision; assert torch.cuda.is_available()' 2>/dev/null; then
  torch_ok=1
  "$python" -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda, "cuDNN", torch.backends.cudnn.version())'
else
  echo "PyTorch with CUDA not found for $python: its column stays empty"
fi
jresnet_rate() {
  local mode="$1" tf32="$2" flag=()
  [ "$mode" = train ] && flag=(--train)
  JRESNET_CUDA_TF32="$tf32" timeout 300 "$java" "${jvm[@]}" -cp "$classpath" io.jresnet.cli.Main --backend cuda bench \
    --model resnet50 --batch "$batch" --warmup 3 --iterations "$iterations" "${flag[@]}" 2>/dev/null |
    sed -n 's/^throughput: \([0-9.]*\) images.*/\1/p'
}
torch_rate() {
  [ "$torch_ok" = 1 ] || return 0
  timeout 300 "$python" "$here/torch_bench.py" --mode "$1" --precision "$2" --batch "$batch" 2>/dev/null |
    sed -n 's/^images\/s //p'
}
printf '%-22s %14s %14s %8s %8s\n' workload "jresnet img/s" "PyTorch img/s" ratio target
for row in "inference fp32 infer fp32 0 0.9" "inference tf32 infer tf32 1 0.9" "training fp32 train fp32 0 0.8" \
  "training tf32 train tf32 1 -" "inference amp infer amp - -" "training amp train amp - 0.8"; do
  read -r what precision mode torch_precision tf32 target <<<"$row"
  ours="n/a"
  [ "$tf32" != - ] && ours="$(jresnet_rate "$mode" "$tf32")"
  theirs="$(torch_rate "$mode" "$torch_precision")"
  ratio="-"
  if [[ "$ours" =~ ^[0-9.]+$ && "$theirs" =~ ^[0-9.]+$ ]]; then
    ratio="$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')"
  fi
  printf '%-22s %14s %14s %8s %8s\n' "$what $precision" "${ours:-failed}" "${theirs:--}" "$ratio" "$target"
done
echo "(amp: jresnet has no mixed precision yet; target = the issue's speed target as a ratio to PyTorch)"

section "result"
if [ "$tests" = 0 ]; then
  echo "gpu-check: GPU tests passed"
else
  echo "gpu-check: GPU tests FAILED (exit $tests); reports in $here/test-reports"
  exit 1
fi
