#!/usr/bin/python3
"""Parameter updates computed by torch.optim, for io.jresnet.train's optimizer tests.

A small set of parameters, one of each role jresnet's ParameterSpec knows as trainable (conv weight, batch-norm
gamma and beta, dense weight, bias), is updated for a few steps with fixed gradients and a learning rate that
changes every step, as a schedule would. OptimizerGoldenTest (resnet-backend-tck) replays each case on the
reference backend and compares the parameters after every step and the optimizer state at the end.

Shapes are jresnet's canonical ones (conv HWIO, dense [in, out]); the updates are elementwise, so PyTorch never
needs its own layouts here. Excluding batch-norm and bias parameters from weight decay is done as PyTorch users do
it: two parameter groups, the second with weight_decay=0.

  sgd                 SGD(momentum=0)
  sgd_momentum_wd     SGD(momentum=0.9, weight_decay=0.05)
  sgd_nesterov_skip   SGD(momentum=0.9, nesterov=True, weight_decay=0.05), no decay on BN and bias
  adam                Adam(betas=(0.9, 0.999), eps=1e-8)
  adam_wd_skip        Adam(weight_decay=0.1) (L2 added to the gradient), no decay on BN and bias
  adamw               AdamW(weight_decay=0.1)
  adamw_skip          AdamW(betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), no decay on BN and bias

JSON layout: "parameters" (name, role, shape, initial values), "gradients" (per step, per parameter), "lrs" (per
step) and per case the hyper-parameters, "after" (parameter values after each step) and "state" (PyTorch's state
tensors at the end under jresnet's names: <parameter>.momentum_buffer, .exp_avg, .exp_avg_sq). All numbers are
float32 values printed exactly.

Regenerate (from the repository root, Debian's python3-torch 1.13, i.e. /usr/bin/python3):
  /usr/bin/python3 tools/golden/optimizers.py
and commit resnet-backend-tck/src/test/resources/train/optimizers.json. The output is deterministic (seed 20261128).
"""

import json
import os

import torch

SEED = 20261128
STEPS = 4
LRS = [0.1, 0.05, 0.08, 0.02]
OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "resnet-backend-tck", "src", "test", "resources", "train", "optimizers.json")

# name, jresnet role, canonical shape
PARAMETERS = [
    ("conv1.weight", "CONV_WEIGHT", [3, 3, 2, 4]),
    ("bn1.weight", "BN_GAMMA", [4]),
    ("bn1.bias", "BN_BETA", [4]),
    ("fc.weight", "DENSE_WEIGHT", [4, 3]),
    ("fc.bias", "BIAS", [3]),
]
NO_DECAY_ROLES = {"BN_GAMMA", "BN_BETA", "BIAS"}

CASES = [
    ("sgd", "sgd", {"momentum": 0.0, "weight_decay": 0.0, "nesterov": False, "skip_norm_and_bias": False}),
    ("sgd_momentum_wd", "sgd",
     {"momentum": 0.9, "weight_decay": 0.05, "nesterov": False, "skip_norm_and_bias": False}),
    ("sgd_nesterov_skip", "sgd",
     {"momentum": 0.9, "weight_decay": 0.05, "nesterov": True, "skip_norm_and_bias": True}),
    ("adam", "adam", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": 0.0,
                      "skip_norm_and_bias": False}),
    ("adam_wd_skip", "adam", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": 0.1,
                              "skip_norm_and_bias": True}),
    ("adamw", "adamw", {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": 0.1,
                        "skip_norm_and_bias": False}),
    ("adamw_skip", "adamw", {"beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6, "weight_decay": 0.1,
                             "skip_norm_and_bias": True}),
]

# PyTorch's state keys, which jresnet keeps as the suffix of its state tensor names (SGD without momentum has a
# None buffer, which jresnet does not store).
STATE_KEYS = ("momentum_buffer", "exp_avg", "exp_avg_sq")


def flat(t):
    """Float32 values as Python floats (exact), row-major."""
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def make_optimizer(kind, hp, tensors):
    decay = [t for (name, role, _), t in zip(PARAMETERS, tensors)
             if not (hp["skip_norm_and_bias"] and role in NO_DECAY_ROLES)]
    no_decay = [t for (name, role, _), t in zip(PARAMETERS, tensors)
                if hp["skip_norm_and_bias"] and role in NO_DECAY_ROLES]
    groups = [{"params": decay}] + ([{"params": no_decay, "weight_decay": 0.0}] if no_decay else [])
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=LRS[0], momentum=hp["momentum"], nesterov=hp["nesterov"],
                               weight_decay=hp["weight_decay"])
    cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
    return cls(groups, lr=LRS[0], betas=(hp["beta1"], hp["beta2"]), eps=hp["epsilon"],
               weight_decay=hp["weight_decay"])


def run(kind, hp, initial, gradients):
    tensors = [v.clone().requires_grad_(True) for v in initial]
    opt = make_optimizer(kind, hp, tensors)
    after = []
    for step in range(STEPS):
        for group in opt.param_groups:
            group["lr"] = LRS[step]
        for t, g in zip(tensors, gradients[step]):
            t.grad = g.clone()
        opt.step()
        after.append([flat(t) for t in tensors])
    state = {}
    for (name, _, _), t in zip(PARAMETERS, tensors):
        for key, value in opt.state[t].items():
            if key in STATE_KEYS and value is not None:
                state[name + "." + key] = flat(value)
    return after, state


def main():
    gen = torch.Generator().manual_seed(SEED)
    initial = [torch.randn(*shape, generator=gen, dtype=torch.float32) for _, _, shape in PARAMETERS]
    gradients = [[torch.randn(*shape, generator=gen, dtype=torch.float32) * 0.5 for _, _, shape in PARAMETERS]
                 for _ in range(STEPS)]
    cases = []
    for name, kind, hp in CASES:
        after, state = run(kind, hp, initial, gradients)
        cases.append({"name": name, "optimizer": kind, "params": hp, "after": after, "state": state})
    doc = {
        "torch": torch.__version__,
        "lrs": LRS,
        "parameters": [{"name": n, "role": r, "shape": s, "values": flat(v)}
                       for (n, r, s), v in zip(PARAMETERS, initial)],
        "gradients": [[flat(g) for g in step] for step in gradients],
        "cases": cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f)
        f.write("\n")


if __name__ == "__main__":
    main()
