#!/usr/bin/env bash
# Compiles the CUDA backend's own kernels (resnet-cuda/src/main/cuda/*.cu) to PTX resources that are committed, so
# the Maven build needs no nvcc. Run it after changing a .cu file; PtxResourcesTest fails until you do.
#   tools/cuda/build-ptx.sh            (needs nvcc, e.g. CUDA 12 or 13; no GPU)
# Each PTX file starts with a comment holding the sha256 of its source, which the test compares.
# The PTX targets compute_75 (Turing and newer; the driver JIT-compiles it for the GPU at hand) and declares PTX ISA
# 8.0 (drivers of CUDA 12.0 and newer), checked with ptxas, instead of nvcc's newest ISA that only new drivers load.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$root/resnet-cuda/src/main/cuda"
out="$root/resnet-cuda/src/main/resources/io/jresnet/cuda/ptx"
readonly arch=compute_75 ptx_isa=8.0

command -v nvcc >/dev/null || { echo "build-ptx: nvcc not found; install the CUDA toolkit (no GPU needed)" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  nvcc -ptx -arch="$arch" -O3 -o "$tmp/$name.ptx" "$cu"
  sed -i -E "s/^\.version [0-9]+\.[0-9]+$/.version $ptx_isa/" "$tmp/$name.ptx"
  ptxas -arch="sm_${arch#compute_}" -o /dev/null "$tmp/$name.ptx"
  {
    printf '// source-sha256: %s %s.cu\n' "$(sha256sum "$cu" | cut -d' ' -f1)" "$name"
    printf '// built by tools/cuda/build-ptx.sh: nvcc -ptx -arch=%s -O3, PTX ISA %s\n' "$arch" "$ptx_isa"
    grep -v -E '^// (Compiler Build ID|Based on NVVM)' "$tmp/$name.ptx"
  } >"$out/$name.ptx"
  echo "build-ptx: $name.ptx"
done
# No stale PTX of a deleted source.
for ptx in "$out"/*.ptx; do
  [ -f "$src/$(basename "$ptx" .ptx).cu" ] || { rm -f "$ptx"; echo "build-ptx: removed stale $(basename "$ptx")"; }
done
