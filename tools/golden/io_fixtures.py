#!/usr/bin/env python3
"""Writes the small safetensors and .npy fixtures that io.jresnet.io's tests read.

The safetensors files are written byte by byte here (the `safetensors` package is not installed), the way the
reference writer lays them out: an 8-byte little-endian header length, the JSON header with "__metadata__" first,
padded with spaces to a multiple of 8 bytes, then the tensors end to end, ordered by element size (largest first)
and name. Values come from PyTorch's own dtype conversions, so the bfloat16 rounding is PyTorch's.
The .npy files are written by numpy itself.

Run from the repository root:  /usr/bin/python3 tools/golden/io_fixtures.py
"""
import json
import math
import os
import struct

import numpy as np
import torch

OUT = os.path.join("resnet-api", "src", "test", "resources", "io")

SAFETENSORS_DTYPES = {
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.float64: "F64",
    torch.int64: "I64",
}


def tensor_bytes(t):
    # bfloat16 has no numpy twin: view its bits as int16, which keeps the little-endian byte order.
    if t.dtype == torch.bfloat16:
        return t.contiguous().view(torch.int16).numpy().astype("<i2").tobytes()
    return t.contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(name, tensors, metadata=None):
    order = sorted(tensors, key=lambda k: (-tensors[k].element_size(), k))
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    data = b""
    for key in order:
        t = tensors[key]
        raw = tensor_bytes(t)
        header[key] = {
            "dtype": SAFETENSORS_DTYPES[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [len(data), len(data) + len(raw)],
        }
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(data)


def eighths(n, dtype):
    """-0.5, -0.375, ...: exact in every float type used here."""
    return torch.arange(n, dtype=torch.float64).div(8).sub(0.5).to(dtype)


def main():
    os.makedirs(OUT, exist_ok=True)
    inf = math.inf

    write_safetensors(
        "f32.safetensors",
        {
            "conv1.weight": torch.arange(6, dtype=torch.float32).sub(2.5).div(4).reshape(2, 3, 1, 1),
            "fc.bias": torch.tensor([0.1, -0.2, 1e-30], dtype=torch.float32),
            "bn1.num_batches_tracked": torch.tensor(7, dtype=torch.int64),
            "scalar": torch.tensor(3.5, dtype=torch.float32),
            "empty": torch.zeros(0, 4, dtype=torch.float32),
        },
        metadata={"format": "pt"},
    )
    write_safetensors(
        "f16.safetensors",
        {
            "w": eighths(8, torch.float16).reshape(2, 4),
            "special": torch.tensor([inf, -inf, math.nan, -0.0, 2.0**-24, 65504.0], dtype=torch.float16),
        },
    )
    write_safetensors(
        "bf16.safetensors",
        {
            "w": eighths(8, torch.bfloat16).reshape(2, 4),
            "special": torch.tensor(
                [inf, -inf, math.nan, -0.0, 2.0**-133, (2 - 2.0**-7) * 2.0**127], dtype=torch.bfloat16),
            # 1/3 rounds to nearest-even in bfloat16: bits 0x3EAB.
            "third": torch.tensor([1 / 3], dtype=torch.float32).to(torch.bfloat16),
        },
    )
    write_safetensors(
        "f64.safetensors",
        {"w": torch.tensor([1 / 3, -2.5, 1e-300, 1e300], dtype=torch.float64).reshape(2, 2)},
    )

    np.save(os.path.join(OUT, "v1_f4.npy"), (np.arange(24, dtype=np.float32) / 8 - 1).reshape(2, 3, 4))
    np.save(os.path.join(OUT, "v1_u1.npy"), (np.arange(16) * 17).astype(np.uint8).reshape(4, 4))
    np.save(os.path.join(OUT, "v1_f8.npy"), np.array([1 / 3, -2.5, 1e-300, 1e300]).reshape(2, 2))
    np.save(os.path.join(OUT, "v1_scalar.npy"), np.float32(2.25))
    np.save(os.path.join(OUT, "v1_empty.npy"), np.zeros((0, 3), dtype=np.float32))
    with open(os.path.join(OUT, "v2_f4.npy"), "wb") as f:
        np.lib.format.write_array(f, np.array([1.5, -0.0, inf], dtype=np.float32), version=(2, 0))
    # Files numpy writes that we refuse, each with its own message.
    np.save(os.path.join(OUT, "fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
    np.save(os.path.join(OUT, "big_endian.npy"), np.arange(4, dtype=">f4"))
    np.save(os.path.join(OUT, "int64.npy"), np.arange(4, dtype=np.int64))


if __name__ == "__main__":
    main()
