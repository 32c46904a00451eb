#!/usr/bin/python3
"""Golden fixtures for the reference backend's kernels, computed by PyTorch.

The TCK's ReferenceBackend is the oracle every other backend is checked against, so it is itself checked
against PyTorch here: ReferenceGoldenTest (resnet-backend-tck) loads these files and requires the reference to
agree within 1e-5 relative error (||out - ref|| / ||ref||).

Layouts follow jresnet, not PyTorch: activations NHWC, conv weights HWIO [kh, kw, cin/groups, cout], dense
weights [in, out]; this script transposes from PyTorch's NCHW / OIHW / [out, in]. Every file is a little-endian
float32, C-order .npy (format 1.0) named <case>_<tensor>.npy. Inputs are drawn as float32 from a seeded
generator; outputs are computed by PyTorch in float64 from those float32 inputs and rounded to float32 once, so
the fixtures carry no float32 accumulation error of their own.

The cases (their geometry is repeated in ReferenceGoldenTest; change both together):
  conv_grouped    x[2,9,8,6], 3x2 kernel, groups 2, stride (2,1), dilation (2,1), padding top 1 bottom 2
                  left 0 right 1 (asymmetric, applied with F.pad), bias, 4 filters
  conv_stem       x[1,11,11,3], 7x7 stride 2 padding 3, bias, 8 filters
  conv_depthwise  x[1,7,7,5], 3x3 stride 2 padding 1, groups 5, channel multiplier 2, no bias
  pool            x[2,7,6,3] (mostly negative, so padding would win a max if read as zeros), 3x3 stride 2
                  padding 1: max (pool_max), average with count_include_pad=True (pool_avg_incl) and False
                  (pool_avg_excl)
  batchnorm       x[2,4,5,6], eval mode with running mean/var, gamma, beta, eps 1e-3
  softmax         x[3,10], logits scaled by 5, softmax over the last axis
  linear          x[4,20], weight [20,7] (in, out), bias [7]

Regenerate (from the repository root; needs Debian's python3-torch, i.e. /usr/bin/python3):
  /usr/bin/python3 tools/golden/kernels.py
and commit the changed files under resnet-backend-tck/src/test/resources/golden/kernels/. The output is
deterministic for a given PyTorch version (seed 20240611).
"""

import os

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20240611
OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "resnet-backend-tck", "src", "test", "resources", "golden", "kernels")


def randn(*shape, scale=1.0, shift=0.0):
    """Float32 normal samples from the shared seeded generator, as float64 for exact downstream math."""
    return (torch.randn(*shape, dtype=torch.float32) * scale + shift).to(torch.float32).double()


def save(case, name, tensor):
    array = np.ascontiguousarray(tensor.detach().to(torch.float32).numpy().astype("<f4"))
    np.save(os.path.join(OUT, f"{case}_{name}.npy"), array, allow_pickle=False)


def nhwc(t):
    return t.permute(0, 2, 3, 1)


def hwio(oihw):
    return oihw.permute(2, 3, 1, 0)


def conv_case(case, x_nhwc, cout, kernel, stride, dilation, pad_tblr, groups, bias):
    cin = x_nhwc.shape[3]
    weight = randn(cout, cin // groups, *kernel, scale=0.5)
    b = randn(cout) if bias else None
    top, bottom, left, right = pad_tblr
    x = F.pad(x_nhwc.permute(0, 3, 1, 2), (left, right, top, bottom))
    y = F.conv2d(x, weight, b, stride=stride, dilation=dilation, groups=groups)
    save(case, "x", x_nhwc)
    save(case, "w", hwio(weight))
    if b is not None:
        save(case, "b", b)
    save(case, "y", nhwc(y))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(SEED)

    conv_case("conv_grouped", randn(2, 9, 8, 6), cout=4, kernel=(3, 2), stride=(2, 1), dilation=(2, 1),
              pad_tblr=(1, 2, 0, 1), groups=2, bias=True)
    conv_case("conv_stem", randn(1, 11, 11, 3), cout=8, kernel=(7, 7), stride=(2, 2), dilation=(1, 1),
              pad_tblr=(3, 3, 3, 3), groups=1, bias=True)
    conv_case("conv_depthwise", randn(1, 7, 7, 5), cout=10, kernel=(3, 3), stride=(2, 2), dilation=(1, 1),
              pad_tblr=(1, 1, 1, 1), groups=5, bias=False)

    pool_x = randn(2, 7, 6, 3, shift=-2.0)
    x = pool_x.permute(0, 3, 1, 2)
    save("pool", "x", pool_x)
    save("pool", "max", nhwc(F.max_pool2d(x, 3, stride=2, padding=1)))
    save("pool", "avg_incl", nhwc(F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=True)))
    save("pool", "avg_excl", nhwc(F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)))

    bn_x = randn(2, 4, 5, 6)
    gamma, beta, mean = randn(6), randn(6), randn(6)
    var = (torch.rand(6, dtype=torch.float32) + 0.1).double()
    y = F.batch_norm(bn_x.permute(0, 3, 1, 2), mean, var, gamma, beta, training=False, eps=1e-3)
    for name, t in (("x", bn_x), ("gamma", gamma), ("beta", beta), ("mean", mean), ("var", var), ("y", nhwc(y))):
        save("batchnorm", name, t)

    logits = randn(3, 10, scale=5.0)
    save("softmax", "x", logits)
    save("softmax", "y", F.softmax(logits, dim=-1))

    lin_x, lin_w, lin_b = randn(4, 20), randn(7, 20), randn(7)
    save("linear", "x", lin_x)
    save("linear", "w", lin_w.t())
    save("linear", "b", lin_b)
    save("linear", "y", F.linear(lin_x, lin_w, lin_b))


if __name__ == "__main__":
    main()
