#!/usr/bin/python3
"""Golden fixtures for the reference backend's training kernels, computed by PyTorch autograd and optimizers.

ReferenceBackwardGoldenTest (resnet-backend-tck) loads these files and requires the TCK's ReferenceBackend to
agree within 1e-5 relative error (||out - ref|| / ||ref||), so the oracle that every backend's backward kernels
are checked against has PyTorch's semantics: which cell a max pool credits on a tie, the divisor an average pool
spreads with, batch-norm's running-statistics update (unbiased variance, momentum), label smoothing, and the
order of weight decay, momentum and Nesterov in SGD and of bias correction and decoupled decay in Adam/AdamW.

Layouts follow jresnet (NHWC, HWIO, [in, out]); see kernels.py. Files are little-endian float32 .npy named
bwd_<case>_<tensor>.npy; class labels are stored as float32 integers. Inputs are drawn as float32; gradients and
updates are computed by PyTorch in float64 from those inputs and rounded to float32 once. Hyper-parameters are
float32-representable, so the Java float arguments are the same numbers.

The cases (their geometry is repeated in ReferenceBackwardGoldenTest; change both together):
  bwd_conv        x[2,7,6,4] -> 6 filters 3x2, stride (2,1), dilation (1,2), padding top 1 bottom 2 left 0
                  right 1 (F.pad), groups 2, bias; dy random: dx, dw (HWIO), db
  bwd_bn          x[3,4,5,6] (mean 0.5), training mode, eps 1e-5, momentum 0.1, running stats from random
                  values: y, batch mean, inverse std, updated running mean/var; backward: dx, dgamma, dbeta
  bwd_maxpool     x[2,7,6,3] distinct values, 3x3 stride 2 padding 1: dx
  bwd_maxties     x[1,5,6,2] with values in {0, 0.5, 1} (ties everywhere), 3x3 stride 1 padding 1: dx
  bwd_avgpool     x[2,7,6,3], 3x3 stride 2 padding 1, count_include_pad True (dx_incl) and False (dx_excl)
  bwd_ce          logits[6,5] (scale 3), labels; smoothing 0 (loss, dlogits) and 0.1 (loss_ls, dlogits_ls);
                  the loss is the batch mean, as F.cross_entropy
  bwd_sgd         param[5,7], 3 steps of SGD(lr 0.1, momentum 0.9, weight_decay 0.01, nesterov) with grads
                  g[3,5,7]: params after each step p[3,5,7], final momentum buffer
  bwd_adam        param[5,7], 3 steps of Adam(lr 0.01, betas (0.9, 0.999), eps 1e-8, weight_decay 0.01):
                  p[3,5,7], final exp_avg (m) and exp_avg_sq (v)
  bwd_adamw       the same with AdamW(weight_decay 0.05)

Regenerate (from the repository root; needs Debian's python3-torch, i.e. /usr/bin/python3):
  /usr/bin/python3 tools/golden/kernels_backward.py
and commit the changed files under resnet-backend-tck/src/test/resources/golden/kernels/. Deterministic for a
given PyTorch version (seed 20241128).
"""

import os

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20241128
OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "resnet-backend-tck", "src", "test", "resources", "golden", "kernels")


def f32(value):
    """The float32 number nearest to value, as a Python float: what the Java side passes as a float."""
    return float(np.float32(value))


def randn(*shape, scale=1.0, shift=0.0):
    return (torch.randn(*shape, dtype=torch.float32) * scale + shift).to(torch.float32).double()


def save(case, name, tensor):
    array = np.ascontiguousarray(torch.as_tensor(tensor).detach().to(torch.float32).numpy().astype("<f4"))
    np.save(os.path.join(OUT, f"bwd_{case}_{name}.npy"), array, allow_pickle=False)


def nchw(t):
    return t.permute(0, 3, 1, 2)


def nhwc(t):
    return t.permute(0, 2, 3, 1)


def conv():
    x = randn(2, 7, 6, 4)
    weight = randn(6, 2, 3, 2, scale=0.5)  # OIHW, groups 2: 4 / 2 input channels per group
    bias = randn(6)
    x.requires_grad_(True)
    weight.requires_grad_(True)
    bias.requires_grad_(True)
    padded = F.pad(nchw(x), (0, 1, 1, 2))  # (left, right, top, bottom)
    y = F.conv2d(padded, weight, bias, stride=(2, 1), dilation=(1, 2), groups=2)
    dy = randn(*nhwc(y).shape)
    y.backward(nchw(dy))
    for name, t in (("x", x), ("w", weight.permute(2, 3, 1, 0)), ("b", bias), ("dy", dy), ("dx", x.grad),
                    ("dw", weight.grad.permute(2, 3, 1, 0)), ("db", bias.grad)):
        save("conv", name, t)


def batch_norm():
    x = randn(3, 4, 5, 6, shift=0.5)
    gamma, beta = randn(6), randn(6)
    running_mean = randn(6)
    running_var = (torch.rand(6, dtype=torch.float32) + 0.5).double()
    save("bn", "x", x)
    save("bn", "gamma", gamma)
    save("bn", "beta", beta)
    save("bn", "running_mean0", running_mean)
    save("bn", "running_var0", running_var)
    x.requires_grad_(True)
    gamma.requires_grad_(True)
    beta.requires_grad_(True)
    y = F.batch_norm(nchw(x), running_mean, running_var, gamma, beta, training=True, momentum=f32(0.1), eps=f32(1e-5))
    dy = randn(*x.shape)
    y.backward(nchw(dy))
    flat = x.detach().reshape(-1, 6)
    save("bn", "y", nhwc(y))
    save("bn", "mean", flat.mean(0))
    save("bn", "invstd", 1 / torch.sqrt(flat.var(0, unbiased=False) + f32(1e-5)))
    save("bn", "running_mean1", running_mean)
    save("bn", "running_var1", running_var)
    save("bn", "dy", dy)
    save("bn", "dx", x.grad)
    save("bn", "dgamma", gamma.grad)
    save("bn", "dbeta", beta.grad)


def pool_backward(case, x, forward, names):
    for name, fn in zip(names, forward):
        xg = x.clone().requires_grad_(True)
        y = fn(nchw(xg))
        dy = randn(*nhwc(y).shape)
        y.backward(nchw(dy))
        save(case, "dy" + name, dy)
        save(case, "dx" + name, xg.grad)
    save(case, "x", x)


def pools():
    distinct = (torch.randperm(2 * 7 * 6 * 3).double() / 100 - 1.2).reshape(2, 7, 6, 3)
    pool_backward("maxpool", distinct, [lambda t: F.max_pool2d(t, 3, stride=2, padding=1)], [""])
    ties = (torch.randint(0, 3, (1, 5, 6, 2)).double() * 0.5)
    pool_backward("maxties", ties, [lambda t: F.max_pool2d(t, 3, stride=1, padding=1)], [""])
    pool_backward(
        "avgpool", randn(2, 7, 6, 3),
        [lambda t: F.avg_pool2d(t, 3, stride=2, padding=1, count_include_pad=True),
         lambda t: F.avg_pool2d(t, 3, stride=2, padding=1, count_include_pad=False)],
        ["_incl", "_excl"])


def cross_entropy():
    logits = randn(6, 5, scale=3.0)
    labels = torch.randint(0, 5, (6,))
    save("ce", "logits", logits)
    save("ce", "labels", labels.double())
    for suffix, smoothing in (("", 0.0), ("_ls", f32(0.1))):
        z = logits.clone().requires_grad_(True)
        loss = F.cross_entropy(z, labels, label_smoothing=smoothing)
        loss.backward()
        save("ce", "loss" + suffix, loss.reshape(1))
        save("ce", "dlogits" + suffix, z.grad)


def optimizer_steps(case, make, state_names):
    param0 = randn(5, 7)
    grads = randn(3, 5, 7, scale=0.5)
    param = param0.clone().requires_grad_(True)
    optimizer = make([param])
    history = []
    for step in range(3):
        param.grad = grads[step].clone()
        optimizer.step()
        history.append(param.detach().clone())
    save(case, "p0", param0)
    save(case, "g", grads)
    save(case, "p", torch.stack(history))
    for file_name, key in state_names:
        save(case, file_name, optimizer.state[param][key])


def optimizers():
    optimizer_steps(
        "sgd",
        lambda ps: torch.optim.SGD(ps, lr=f32(0.1), momentum=f32(0.9), weight_decay=f32(0.01), nesterov=True),
        [("velocity", "momentum_buffer")])
    adam = dict(lr=f32(0.01), betas=(f32(0.9), f32(0.999)), eps=f32(1e-8))
    optimizer_steps("adam", lambda ps: torch.optim.Adam(ps, weight_decay=f32(0.01), **adam),
                    [("m", "exp_avg"), ("v", "exp_avg_sq")])
    optimizer_steps("adamw", lambda ps: torch.optim.AdamW(ps, weight_decay=f32(0.05), **adam),
                    [("m", "exp_avg"), ("v", "exp_avg_sq")])


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(SEED)
    conv()
    batch_norm()
    pools()
    cross_entropy()
    optimizers()


if __name__ == "__main__":
    main()
