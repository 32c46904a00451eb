"""Regenerates the golden fixtures of resnet-models from real torchvision, weights from the counter formula.

Run from anywhere with Debian's PyTorch:  /usr/bin/python3 tools/golden/make_golden.py
Writes into resnet-models/src/test/resources/golden/:
  input-NxHxWxC.npy               float32 NHWC inputs from a seeded generator, shared between models
  MODEL-NxHxWxC.npy               float32 [N, classes] outputs (logits; softmax probabilities for the Keras model),
                                  computed in float64 from the float32 weights and inputs, then rounded
  manifest.json                   the cases, shapes and SHA-256 checksums of every file above
  state-dicts.json                each model's state_dict names and PyTorch shapes (without num_batches_tracked)
  counter-weights-samples.json    formula values the Java CounterWeights must reproduce bit for bit
Nothing here saves weights: both sides compute them from the formula in README.md.
"""

import argparse
import hashlib
import json
import pathlib
import time

import numpy as np
import torch
import torchvision

import counter_weights
import golden_models

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "resnet-models" / "src" / "test" / "resources" / "golden"
INPUT_SEED = 20_251_102

CASES = (
    ("resnet18", (2, 64, 64, 3)),
    ("resnet18", (1, 97, 131, 3)),
    ("resnet18", (1, 224, 224, 3)),
    ("resnet50", (2, 64, 64, 3)),
    ("resnet50", (1, 97, 131, 3)),
    ("resnet50", (1, 224, 224, 3)),
    ("resnet50-keras-64x64-6", (2, 64, 64, 3)),
    # 57x49 ends in a 2x2 map like 64x64 does, through odd sizes; 33x57 ends in 1x2, so the 'same' average pool
    # pads and must not count the padding.
    ("resnet50-keras-64x64-6", (1, 57, 49, 3)),
    ("resnet50-keras-64x64-6", (1, 33, 57, 3)),
    # 97x131 ends in 3x4, pooled to 2x2: the dense layer reads 2*2*2048 values in NHWC flatten order (as Keras).
    ("resnet50-keras-64x64-6", (1, 97, 131, 3)),
)

# (name, PyTorch shape, indices) for counter-weights-samples.json; a non-ASCII name pins the UTF-8 encoding.
SAMPLE_TENSORS = (
    ("conv1.weight", (64, 3, 7, 7), (0, 1, 2, 146, 9407)),
    ("bn1.weight", (64,), (0, 1, 63)),
    ("bn1.bias", (64,), (0, 5, 63)),
    ("layer1.0.bn1.running_mean", (64,), (0, 33, 63)),
    ("layer2.0.downsample.1.running_var", (512,), (0, 100, 511)),
    ("layer3.5.conv2.weight", (256, 256, 3, 3), (0, 1, 589_823)),
    ("fc.weight", (1000, 2048), (0, 2047, 2048, 2_047_999)),
    ("fc.bias", (6,), (0, 1, 2, 3, 4, 5)),
    ("gewicht.ü.bias", (3,), (0, 1, 2)),
)


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shape_tag(shape):
    return "x".join(str(d) for d in shape)


def make_input(shape):
    """Standard-normal float32 NHWC batch; the generator is seeded by the shape, so files never depend on order."""
    rng = np.random.default_rng([INPUT_SEED, *shape])
    return rng.standard_normal(shape, dtype=np.float32)


def write_cases(out):
    cases = []
    modules = {}
    for model, shape in CASES:
        n, h, w, _ = shape
        input_path = out / f"input-{shape_tag(shape)}.npy"
        x = make_input(shape)
        np.save(input_path, x)
        key = (model, (h, w) if model == golden_models.KERAS_NOTEBOOK_MODEL else None)
        if key not in modules:
            modules[key] = golden_models.build(model, h, w)
        module = modules[key]
        started = time.perf_counter()
        y32 = golden_models.forward_nhwc(module, x)
        elapsed = time.perf_counter() - started
        # The committed reference is computed in float64 (same float32 weights and inputs, exactly widened), then
        # rounded once; torch's own float32 error against it shows what float32 error to expect.
        y64 = golden_models.forward_nhwc(module.double(), x)
        module.float()
        y = y64.astype(np.float32)
        torch_error = float(np.linalg.norm(y32 - y64) / np.linalg.norm(y64))
        output_path = out / f"{model}-{shape_tag(shape)}.npy"
        np.save(output_path, y)
        print(f"{model:24s} {shape_tag(shape):12s} -> {list(y.shape)}  rms {np.sqrt(np.mean(y * y)):.4f}  "
              f"max|y| {np.abs(y).max():.4f}  torch float32 rel. error {torch_error:.1e}  {elapsed:.2f} s")
        cases.append({
            "model": model,
            "input": input_path.name,
            "input_shape": list(shape),
            "input_sha256": sha256(input_path),
            "output": output_path.name,
            "output_shape": list(y.shape),
            "output_sha256": sha256(output_path),
            "output_l2_norm": float(np.linalg.norm(y64)),
            "torch_float32_relative_error": torch_error,
        })
    return cases


# (total incl. BN running statistics, trainable) per model at its zoo input size, as issue 2 and DESIGN §5 state.
EXPECTED_PARAMETERS = {
    "resnet18": (11_689_512 + 9_600, 11_689_512),
    "resnet50": (25_557_032 + 53_120, 25_557_032),
    "resnet50-keras-64x64-6": (23_600_006, 23_546_886),
}


def check_parameter_counts():
    for model, (total, trainable) in EXPECTED_PARAMETERS.items():
        module = golden_models.architecture(model, 64, 64)
        counted = sum(int(np.prod(s)) for s in golden_models.state_dict_shapes(module).values())
        counted_trainable = sum(p.numel() for p in module.parameters())
        if (counted, counted_trainable) != (total, trainable):
            raise SystemExit(f"{model}: {counted:,} parameters ({counted_trainable:,} trainable), "
                             f"expected {total:,} ({trainable:,})")
        print(f"{model:24s} {counted:,} parameters incl. BN running statistics, {counted_trainable:,} trainable")


def write_state_dicts(out):
    """state-dicts.json: model -> {name: PyTorch shape} in state_dict order (Keras model at 64x64), one per line."""
    models = []
    for model in dict.fromkeys(model for model, _ in CASES):
        shapes = golden_models.state_dict_shapes(golden_models.architecture(model, 64, 64))
        lines = [f"  {json.dumps(name)}: {json.dumps(list(shape))}" for name, shape in shapes.items()]
        models.append(f"{json.dumps(model)}: {{\n" + ",\n".join(lines) + "\n}")
    (out / "state-dicts.json").write_text("{\n" + ",\n".join(models) + "\n}\n")


def write_samples(out):
    tensors = []
    for name, shape, indices in SAMPLE_TENSORS:
        values = counter_weights.tensor(name, shape).reshape(-1)
        hashes = counter_weights.hashes(name, int(np.prod(shape)))
        lo, hi = counter_weights.value_range(name, shape)
        tensors.append({
            "name": name,
            "shape": list(shape),
            "seed": f"{counter_weights.seed(name):016x}",
            "range": [lo, hi],
            "all_values_sha256": hashlib.sha256(values.astype("<f4").tobytes()).hexdigest(),
            "samples": [
                {
                    "index": i,
                    "hash": f"{int(hashes[i]):016x}",
                    "value_bits": f"{int(values[i:i + 1].view('<u4')[0]):08x}",
                    "value": float(values[i]),
                }
                for i in indices
            ],
        })
    path = out / "counter-weights-samples.json"
    path.write_text(json.dumps({"formula": "tools/golden/README.md", "tensors": tensors}, indent=1) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="fixture folder (default: %(default)s)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    check_parameter_counts()
    write_samples(args.out)
    write_state_dicts(args.out)
    cases = write_cases(args.out)
    manifest = {
        "generator": "tools/golden/make_golden.py",
        "weights": "counter formula, tools/golden/README.md",
        "metric": "||out - ref|| / ||ref|| <= 1e-4",
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
        "cases": cases,
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
