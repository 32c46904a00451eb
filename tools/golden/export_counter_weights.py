"""Writes a zoo model's counter-formula weights as a torchvision-layout .safetensors file.

  /usr/bin/python3 tools/golden/export_counter_weights.py --model resnet50 --output resnet50-counter.safetensors

Tensors keep PyTorch names and layouts (OIHW conv, [out, in] linear, 1-D BN vectors), float32 little-endian;
num_batches_tracked is left out. The Keras-notebook model's dense layer depends on the input size: pass --size
HxW when it is not 64x64. The file is written by hand (the safetensors package is not needed): an 8-byte
little-endian header length, the JSON header padded with spaces to a multiple of 8, then the raw data.
"""

import argparse
import json
import pathlib
import struct

import numpy as np

import counter_weights
import golden_models


def write_safetensors(path, tensors, metadata):
    """Writes name -> float32 numpy arrays in the given order, with string metadata, to `path`."""
    header = {"__metadata__": metadata}
    offset = 0
    for name, array in tensors.items():
        size = array.size * 4
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + size]}
        offset += size
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for array in tensors.values():
            f.write(np.ascontiguousarray(array, dtype="<f4").tobytes())
    return 8 + len(encoded) + offset


def parse_size(text):
    try:
        height, width = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size '{text}' is not HxW, e.g. 64x64") from None
    return height, width


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, choices=golden_models.MODEL_NAMES)
    parser.add_argument("--output", required=True, type=pathlib.Path)
    parser.add_argument("--size", type=parse_size, default=(64, 64),
                        help="input HxW, only matters for resnet50-keras-64x64-6 (default 64x64)")
    args = parser.parse_args()

    shapes = golden_models.state_dict_shapes(golden_models.architecture(args.model, *args.size))
    tensors = counter_weights.state_dict(shapes)
    metadata = {"format": "pt", "model": args.model, "weights": "counter formula, tools/golden/README.md"}
    size = write_safetensors(args.output, tensors, metadata)
    count = sum(a.size for a in tensors.values())
    print(f"{args.model}: {len(tensors)} tensors, {count:,} values, {size:,} bytes written to {args.output}")


if __name__ == "__main__":
    main()
