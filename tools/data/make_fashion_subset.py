#!/usr/bin/python3
"""Writes the bundled Fashion-MNIST subset, examples/data/fashion-mnist-subset/, from Debian's dataset-fashion-mnist.

Run from the repository root: /usr/bin/python3 tools/data/make_fashion_subset.py [SOURCE_DIR]
(SOURCE_DIR defaults to /usr/share/datasets/fashion-mnist). Needs numpy.

The first 10,000 training images are not balanced (942 to 1,027 per class), so the subset is stratified: the first
1,000 training images of each class and the first 200 test images of each class, kept in their original order. The
output is IDX, gzip-compressed with a zero timestamp so that rerunning the script reproduces the files byte for byte.
"""
import gzip
import os
import sys

import numpy as np

OUT = "examples/data/fashion-mnist-subset"
TRAIN_PER_CLASS = 1000
TEST_PER_CLASS = 200
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def write_idx(path, array):
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(d.to_bytes(4, "big") for d in array.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def stratified_first(labels, per_class):
    """Indices of the first per_class examples of every class, in their original order."""
    chosen = [np.flatnonzero(labels == c)[:per_class] for c in range(len(CLASSES))]
    if any(len(c) < per_class for c in chosen):
        raise ValueError("a class has fewer examples than asked for")
    return np.sort(np.concatenate(chosen))


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    os.makedirs(OUT, exist_ok=True)
    for split, per_class in (("train", TRAIN_PER_CLASS), ("t10k", TEST_PER_CLASS)):
        images = read_idx(os.path.join(source, f"{split}-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(source, f"{split}-labels-idx1-ubyte.gz"))
        keep = stratified_first(labels, per_class)
        write_idx(os.path.join(OUT, f"{split}-images-idx3-ubyte.gz"), images[keep])
        write_idx(os.path.join(OUT, f"{split}-labels-idx1-ubyte.gz"), labels[keep])
        print(f"{split}: {len(keep)} images, originals {keep[0]}..{keep[-1]}, per class {np.bincount(labels[keep])}")
    with open(os.path.join(OUT, "classes.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(CLASSES) + "\n")


if __name__ == "__main__":
    main()
