#!/usr/bin/python3
"""Writes the tiny HDF5 test fixtures of io.jresnet.models.data.KerasHdf5Reader (Keras-notebook layout).

Run from the repository root: /usr/bin/python3 tools/data/make_hdf5_fixtures.py (needs python3-h5py, numpy).
Pixel (n, y, x, c) of every image holds (n * 37 + y * 11 + x * 5 + c * 3) % 256, the formula the Java tests use.
"""
import os

import h5py
import numpy as np

OUT = "resnet-models/src/test/resources/io/jresnet/models/data"


def images(n, h, w, c=3):
    i = np.arange(n)[:, None, None, None]
    y = np.arange(h)[None, :, None, None]
    x = np.arange(w)[None, None, :, None]
    ch = np.arange(c)[None, None, None, :]
    return ((i * 37 + y * 11 + x * 5 + ch * 3) % 256).astype(np.uint8)


def write(name, **datasets):
    with h5py.File(os.path.join(OUT, name), "w") as f:
        for key, value in datasets.items():
            f.create_dataset(key, data=value)


def main():
    os.makedirs(OUT, exist_ok=True)
    # The SIGNS notebook: labels (N,) int64, classes as integers.
    write("signs_like.h5", train_set_x=images(6, 8, 8), train_set_y=np.array([0, 1, 2, 2, 1, 0], dtype=np.int64),
          list_classes=np.arange(3, dtype=np.int64))
    # The cat notebook: labels (1, N), classes as byte strings.
    write("cats_like.h5", test_set_x=images(4, 8, 8), test_set_y=np.array([[1, 0, 0, 1]], dtype=np.int64),
          list_classes=np.array([b"non-cat", b"cat"], dtype="S7"))
    write("bad_label.h5", train_set_x=images(3, 4, 4), train_set_y=np.array([0, 1, 7], dtype=np.int64),
          list_classes=np.arange(2, dtype=np.int64))
    write("count_mismatch.h5", train_set_x=images(3, 4, 4), train_set_y=np.array([0, 1], dtype=np.int64),
          list_classes=np.arange(2, dtype=np.int64))
    write("float_x.h5", train_set_x=images(2, 4, 4).astype(np.float64), train_set_y=np.array([0, 1]),
          list_classes=np.arange(2, dtype=np.int64))
    write("missing_y.h5", train_set_x=images(2, 4, 4), list_classes=np.arange(2, dtype=np.int64))


if __name__ == "__main__":
    main()
