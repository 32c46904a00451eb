"""Runs a zoo model in PyTorch on an NHWC .npy input with counter-formula weights; writes the output .npy.

  /usr/bin/python3 tools/golden/torch_infer.py --model resnet50 --input x.npy --output y_torch.npy

The input is float32 [N, H, W, C] (as for `resnet infer`); the output is float32 [N, classes]: logits for the
torchvision models, softmax probabilities for resnet50-keras-64x64-6. Compare it with `resnet infer` run on
weights from export_counter_weights.py (for the Keras model, export with the same --size as the input's H x W).
"""

import argparse

import numpy as np

import golden_models


def relative_error(out, ref):
    return float(np.linalg.norm(out.astype(np.float64) - ref) / np.linalg.norm(ref))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, choices=golden_models.MODEL_NAMES)
    parser.add_argument("--input", required=True, help="float32 NHWC .npy")
    parser.add_argument("--output", required=True, help="where to write the float32 [N, classes] .npy")
    parser.add_argument("--float64", action="store_true", help="compute in float64, round the result to float32")
    parser.add_argument("--compare", help="an output .npy (e.g. from `resnet infer`) to measure against ours")
    args = parser.parse_args()

    x = np.load(args.input)
    if x.ndim != 4 or x.dtype != np.float32:
        raise SystemExit(f"{args.input}: expected float32 [N, H, W, C], got {x.dtype} {list(x.shape)}")
    module = golden_models.build(args.model, x.shape[1], x.shape[2])
    if args.float64:
        module = module.double()
    y = golden_models.forward_nhwc(module, x)
    np.save(args.output, y.astype(np.float32))
    print(f"{args.model}: {list(x.shape)} -> {list(y.shape)} written to {args.output}")
    if args.compare:
        other = np.load(args.compare)
        if other.shape != y.shape:
            raise SystemExit(f"{args.compare}: shape {list(other.shape)} differs from ours {list(y.shape)}")
        print(f"||{args.compare} - torch|| / ||torch|| = {relative_error(other, y.astype(np.float64)):.3e}")


if __name__ == "__main__":
    main()
