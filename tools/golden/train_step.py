"""Golden training steps: two SGD-momentum steps of real PyTorch from counter-formula weights, as checksums.

Run from anywhere with Debian's PyTorch:  /usr/bin/python3 tools/golden/train_step.py
Writes into resnet-models/src/test/resources/golden/train/:
  input-stepS-NxHxWxC.npy         float32 NHWC standard-normal batches, one per step, shared by the models
  MODEL-checksums.json            per step, every state_dict tensor's update checksums (train_step_checksums.py)
  MODEL-full-deltas.npy           float32, the final delta of every 1-D tensor and of fc.*, concatenated
  manifest.json                   the cases: hyper-parameters, labels, float64 losses, files and their SHA-256
The reference runs in float64 on the exactly widened float32 weights and inputs (as make_golden.py does); a second
run in float32 records PyTorch's own float32 error against it. The scheme is described in README.md.
"""

import argparse
import hashlib
import json
import pathlib
import time

import numpy as np
import torch
import torch.nn.functional as F
import torchvision

import counter_weights
import train_step_checksums as checksums
from keras_notebook_resnet import KerasNotebookResNet50, same_avg_pool_2x2

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "resnet-models" / "src" / "test" / "resources" / "golden" / "train"
BATCH_SEED = 20_251_128
STEPS = 2
BATCH_SHAPE = (4, 64, 64, 3)

# Both models at the Keras notebook's 4x64x64x3 (the last stage is 2x2: 16 values per channel for the batch
# statistics); the same two input batches serve both. resnet18 runs with 10 classes (ModelSpec.withClasses) so its fc
# stays small, and with label smoothing to exercise the fused loss's target mixing. SGD runs two steps with momentum,
# the first with a tiny learning rate: with formula weights and batch statistics both networks are ill-conditioned
# (the gradient grows ~40x from fc to conv1 in resnet18 and ~1000x in the Keras model), so a float32 run whose first
# step moved the weights far would leave the float64 reference in its second step (PyTorch's own float32 run does,
# by 3e-2 of the update at lr 0.01). A tiny first step still fills the velocity buffer (v1 = g1 + wd * W0), so the
# second update is -lr2 * (0.9 * v1 + g2 + wd * W1) and a missing or wrong momentum term shows. The second rate
# bounds the largest relative update (conv1's: 8e-3 in resnet18, 5e-4 in the Keras model), because float32 gradient
# noise from ReLU masks that flip on rounding reaches ~3e-2 of the update in the Keras model's first layers.
CASES = (
    {
        "model": "resnet18",
        "classes": 10,
        "label_smoothing": 0.1,
        "bn_momentum": 0.1,
        "optimizer": {"type": "sgd", "lr": [1e-5, 3e-3], "momentum": 0.9, "weight_decay": 5e-4, "nesterov": False},
    },
    {
        "model": "resnet50-keras-64x64-6",
        "classes": 6,
        "label_smoothing": 0.0,
        "bn_momentum": 0.01,
        "optimizer": {"type": "sgd", "lr": [1e-7, 5e-6], "momentum": 0.9, "weight_decay": 5e-4, "nesterov": False},
    },
)


def build(case):
    """The case's module in train mode with float32 counter-formula weights and the spec's BN momentum."""
    _, height, width, _ = BATCH_SHAPE
    if case["model"] == "resnet18":
        module = torchvision.models.resnet18(weights=None, num_classes=case["classes"])
    elif case["model"] == "resnet50-keras-64x64-6":
        module = KerasNotebookResNet50(height, width, case["classes"])
    else:
        raise ValueError(f"no training case for model '{case['model']}'")
    for layer in module.modules():
        if isinstance(layer, torch.nn.BatchNorm2d):
            layer.momentum = case["bn_momentum"]
    counter_weights.load_into(module)
    return module.train()


def logits(module, x):
    """The pre-softmax outputs. The Keras model's forward ends in a softmax; this repeats its layers without it, as a
    fused softmax-cross-entropy on the logits equals Keras' categorical cross-entropy on the probabilities."""
    if not isinstance(module, KerasNotebookResNet50):
        return module(x)
    x = module.maxpool(module.relu(module.bn1(module.conv1(module.pad(x)))))
    x = module.layer4(module.layer3(module.layer2(module.layer1(x))))
    return module.fc(same_avg_pool_2x2(x).permute(0, 2, 3, 1).flatten(1))


def batch(case, step):
    """The float32 NHWC input and int labels of 1-based `step`; the input is seeded by the step and shape only."""
    shape = BATCH_SHAPE
    x = np.random.default_rng([BATCH_SEED, step, *shape]).standard_normal(shape, dtype=np.float32)
    labels = np.random.default_rng([BATCH_SEED, step, shape[0], case["classes"]]).integers(0, case["classes"], shape[0])
    return x, [int(label) for label in labels]


def state(module):
    """The state_dict in float64 numpy, without num_batches_tracked."""
    return {
        name: value.detach().to(torch.float64).numpy().copy()
        for name, value in module.state_dict().items()
        if not name.endswith(counter_weights.SKIPPED_SUFFIX)
    }


def train(case, dtype):
    """Runs the case's steps in `dtype`; returns the losses and, per step, the delta of every tensor (float64)."""
    module = build(case).to(dtype)
    initial = state(module)
    hyper = case["optimizer"]
    optimizer = torch.optim.SGD(
        module.parameters(), lr=hyper["lr"][0], momentum=hyper["momentum"], weight_decay=hyper["weight_decay"],
        nesterov=hyper["nesterov"])
    losses, deltas = [], []
    for step in range(1, STEPS + 1):
        x, labels = batch(case, step)
        x = torch.from_numpy(x).to(dtype).permute(0, 3, 1, 2).contiguous()
        for group in optimizer.param_groups:
            group["lr"] = hyper["lr"][step - 1]
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(logits(module, x), torch.tensor(labels), label_smoothing=case["label_smoothing"])
        loss.backward()
        optimizer.step()
        losses.append(float(loss.item()))
        deltas.append({name: value - initial[name] for name, value in state(module).items()})
    return losses, deltas


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tag(shape):
    return "x".join(str(d) for d in shape)


def input_file(step):
    return f"input-step{step}-{tag(BATCH_SHAPE)}.npy"


def write_case(case, out):
    model = case["model"]
    started = time.perf_counter()
    losses, deltas = train(case, torch.float64)
    elapsed = time.perf_counter() - started
    losses32, deltas32 = train(case, torch.float32)
    initial = state(build(case))
    steps = []
    for step in range(1, STEPS + 1):
        x, labels = batch(case, step)
        path = out / input_file(step)
        np.save(path, x)
        steps.append({
            "input": path.name,
            "input_sha256": sha256(path),
            "labels": labels,
            "lr": case["optimizer"]["lr"][step - 1],
            "loss": losses[step - 1],
            "torch_float32_loss": losses32[step - 1],
        })
    summaries = [[checksums.summarise(name, initial[name], d) for name, d in step.items()] for step in deltas]
    summaries32 = [[checksums.summarise(name, initial[name], d) for name, d in step.items()] for step in deltas32]
    # PyTorch's own float32 run against the reference, in the contract's terms: per tensor and step, the estimated
    # ||W - W_ref|| / ||W_ref||.
    errors = [checksums.error_estimate(a, b) / b["updated_l2"]
              for s32, s in zip(summaries32, summaries) for a, b in zip(s32, s)]
    loss_errors = [abs(a - b) / abs(b) for a, b in zip(losses32, losses)]
    moved = sum(s["delta_l2"] >= 1e-3 * s["updated_l2"] for s in summaries[-1])

    final = deltas[-1]
    full_names = [name for name, d in final.items() if checksums.has_full_delta(name, d.shape)]
    offsets, parts, offset = [], [], 0
    for name in full_names:
        flat = final[name].reshape(-1)
        offsets.append({"name": name, "offset": offset, "length": int(flat.size)})
        parts.append(flat)
        offset += flat.size
    full_path = out / f"{model}-full-deltas.npy"
    np.save(full_path, np.concatenate(parts).astype(np.float32))
    checksum_path = out / f"{model}-checksums.json"
    document = {"steps": [{"step": i + 1, "tensors": s} for i, s in enumerate(summaries)], "full_deltas": offsets}
    checksum_path.write_text(json.dumps(document, separators=(",", ":")) + "\n")

    print(f"{model:24s} losses {[round(x, 6) for x in losses]}  torch float32: loss error {max(loss_errors):.1e}, "
          f"worst ||W - W_ref|| / ||W_ref|| {max(errors):.1e}; {moved}/{len(final)} tensors moved by >= 1e-3 of "
          f"their norm; float64 run {elapsed:.1f} s")
    return {
        **case,
        "batch_shape": list(BATCH_SHAPE),
        "steps": steps,
        "checksums": checksum_path.name,
        "checksums_sha256": sha256(checksum_path),
        "full_deltas": full_path.name,
        "full_deltas_sha256": sha256(full_path),
        "full_deltas_count": offset,
        "tensors_moved_1e-3": moved,
        "torch_float32_loss_error": max(loss_errors),
        "torch_float32_update_error": max(errors),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="fixture folder (default: %(default)s)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    cases = [write_case(case, args.out) for case in CASES]
    manifest = {
        "generator": "tools/golden/train_step.py",
        "weights": "counter formula, tools/golden/README.md",
        "checksums": "tools/golden/train_step_checksums.py, README.md 'The golden training step'",
        "projections": checksums.PROJECTIONS,
        "samples": checksums.SAMPLES,
        "metric": "per step: |loss - ref| <= 1e-4 |ref|; per tensor and step: ||W - W_ref|| <= 1e-4 ||W_ref||, "
                  "estimated from the update checksums (exact for the full deltas)",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "cases": cases,
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
