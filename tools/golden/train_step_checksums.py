"""Checksums of a parameter update that survive float rounding, so a training-step fixture needs no weights.

For a tensor with initial values W0 (the counter formula) and updated values W, the delta D = W - W0 is summarised by
  updated_l2       ||W||, the scale of the accuracy contract (updated weights within 1e-4 relative);
  delta_l2         ||D||, in float64;
  projections      p_k = sum_i D_i * r_k[i] for k < PROJECTIONS, where r_k[i] = 2 * unit(hash(seed(NAME#k), i)) - 1
                   is uniform in [-1, 1) and computed from the counter formula's hash (NAME#k is the tensor name,
                   '#projection-' and k), exactly the same in float64 on both sides;
  samples          D at a few element indices (row-major in the PyTorch shape), chosen by the same hash;
  full deltas      every element of D, for 1-D tensors (biases, batch-norm vectors and statistics) and the fc layer.
Since E[r^2] = 1/3, 3 * mean_k (p_k - p_ref_k)^2 estimates ||D - D_ref||^2 = ||W - W_ref||^2, so the projections
measure the error of the whole update without storing it; a wrong layout or sign moves every one of them
(see README.md, "The golden training step").
"""

import numpy as np

import counter_weights

PROJECTIONS = 8
SAMPLES = 8


def direction(name, k, n):
    """The k-th projection direction of tensor `name` with n elements: uniform values in [-1, 1), float64."""
    return 2.0 * counter_weights.units(f"{name}#projection-{k}", n) - 1.0


def sample_indices(name, n):
    """SAMPLES element indices of tensor `name`: hash(seed(NAME#samples), j) mod n, possibly repeated for small n."""
    return [int(h % np.uint64(n)) for h in counter_weights.hashes(f"{name}#samples", SAMPLES)]


def has_full_delta(name, shape):
    """1-D tensors and the classifier get their whole delta committed; they are small."""
    return len(shape) == 1 or name.startswith("fc.")


def summarise(name, initial, delta):
    """The checksums of one tensor's delta (float64 numpy arrays in PyTorch layout, `initial` the formula values)."""
    flat = delta.reshape(-1)
    n = flat.size
    indices = sample_indices(name, n)
    return {
        "name": name,
        "shape": list(delta.shape),
        "updated_l2": float(np.linalg.norm(initial.reshape(-1) + flat)),
        "delta_l2": float(np.linalg.norm(flat)),
        "projections": [float(np.dot(flat, direction(name, k, n))) for k in range(PROJECTIONS)],
        "samples": [{"index": i, "delta": float(flat[i])} for i in indices],
    }


def error_estimate(summary, reference):
    """An estimate of ||D - D_ref|| (= ||W - W_ref||) from two summaries of the same tensor: the worst of the error of
    the norm, the projection estimate and the largest sampled element error. The Java test computes the same."""
    norm_error = abs(summary["delta_l2"] - reference["delta_l2"])
    diffs = np.subtract(summary["projections"], reference["projections"])
    projection_error = float(np.sqrt(3.0 * np.mean(diffs * diffs)))
    sample_error = max(abs(a["delta"] - b["delta"]) for a, b in zip(summary["samples"], reference["samples"]))
    return max(norm_error, projection_error, sample_error)
