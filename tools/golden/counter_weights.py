"""Counter-based weights: every parameter element is a pure function of (tensor name, element index).

Both the PyTorch side (this module) and the Java side (io.jresnet.models.golden.CounterWeights, test sources)
compute the same float32 values bit for bit, so golden tests commit only inputs and outputs, never weights.
The exact formula is documented in README.md next to this file; keep the two implementations and that
document in step.
"""

import math

import numpy as np

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
GOLDEN_GAMMA = 0x9E3779B97F4A7C15
MIX_1 = 0xBF58476D1CE4E5B9
MIX_2 = 0x94D049BB133111EB
MASK_64 = (1 << 64) - 1

BIAS_HALF_RANGE = 0.1
MEAN_HALF_RANGE = 0.1
GAMMA_RANGE = (0.5, 1.0)
VAR_RANGE = (0.5, 1.5)

SKIPPED_SUFFIX = "num_batches_tracked"


def seed(name):
    """FNV-1a 64 of the UTF-8 bytes of `name`, as a Python int in [0, 2^64)."""
    h = FNV_OFFSET
    for byte in name.encode("utf-8"):
        h ^= byte
        h = (h * FNV_PRIME) & MASK_64
    return h


def hashes(name, n):
    """SplitMix64 finaliser of (seed(name) + i * GOLDEN_GAMMA) mod 2^64 for i in [0, n), as uint64."""
    u64 = np.uint64
    with np.errstate(over="ignore"):
        z = u64(seed(name)) + np.arange(n, dtype=np.uint64) * u64(GOLDEN_GAMMA)
        z = (z ^ (z >> u64(30))) * u64(MIX_1)
        z = (z ^ (z >> u64(27))) * u64(MIX_2)
        return z ^ (z >> u64(31))


def units(name, n):
    """Uniform values in [0, 1): the top 24 bits of each hash times 2^-24, exact in float32 and float64."""
    return (hashes(name, n) >> np.uint64(40)).astype(np.float64) * (1.0 / 16777216.0)


def value_range(name, shape):
    """The (lo, hi) interval of a parameter, chosen from the last part of its torchvision name and its rank.

    Raises ValueError for names the formula does not cover (including num_batches_tracked, which is skipped).
    """
    leaf = name.rsplit(".", 1)[-1]
    if leaf == "weight" and len(shape) >= 2:
        fan_in = int(np.prod(shape[1:]))
        half = math.sqrt(3.0 / fan_in)
        return -half, half
    if leaf == "weight" and len(shape) == 1:
        return GAMMA_RANGE
    if leaf == "bias":
        return -BIAS_HALF_RANGE, BIAS_HALF_RANGE
    if leaf == "running_mean":
        return -MEAN_HALF_RANGE, MEAN_HALF_RANGE
    if leaf == "running_var":
        return VAR_RANGE
    raise ValueError(f"tensor '{name}' with shape {list(shape)}: no counter-weight role for '{leaf}'")


def tensor(name, shape):
    """The float32 tensor `name` of PyTorch-layout `shape` (OIHW conv, [out, in] linear, 1-D vectors).

    Element i (row-major) is float32(lo + (hi - lo) * u_i), evaluated in float64.
    """
    lo, hi = value_range(name, shape)
    n = int(np.prod(shape)) if len(shape) else 1
    values = lo + (hi - lo) * units(name, n)
    return values.astype(np.float32).reshape(tuple(shape))


def state_dict(shapes):
    """Formula tensors for a mapping name -> shape; num_batches_tracked entries are left out."""
    return {name: tensor(name, shape) for name, shape in shapes.items() if not name.endswith(SKIPPED_SUFFIX)}


def load_into(module):
    """Overwrites every parameter and buffer of a torch module with the formula; returns the module."""
    import torch

    current = module.state_dict()
    generated = state_dict({k: tuple(v.shape) for k, v in current.items()})
    for name, value in current.items():
        if name.endswith(SKIPPED_SUFFIX):
            generated[name] = value
        else:
            generated[name] = torch.from_numpy(generated[name])
    module.load_state_dict(generated, strict=True)
    return module
