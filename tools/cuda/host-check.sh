#!/usr/bin/env bash
# Runs the CUDA kernels that need no shared memory (pooling, padding, the epilogue, batch-norm inference, the
# optimizer steps) as plain C++ on the host against loops written from the TCK reference's definitions: a check that
# needs neither a GPU nor nvcc, only g++. The GPU run (tools/gpu-check.sh) still checks every kernel through the TCK.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v g++ >/dev/null || { echo "host-check: g++ not found" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for check in pool_check elementwise_check; do
  g++ -std=c++17 -O1 -Wall -x c++ "$here/host/$check.cpp" -o "$tmp/$check"
  "$tmp/$check"
done
