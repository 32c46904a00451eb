#!/usr/bin/env python3
"""PyTorch side of tools/gpu-check.sh: torchvision ResNet-50 images/s on the GPU, as jresnet's bench measures it.

  python3 torch_bench.py --mode infer|train --precision fp32|tf32|amp [--batch 64] [--size 224]

Random weights and inputs, cudnn.benchmark on. Inference: eval mode, no_grad, one forward plus the copy of its output
to the host per iteration. Training: forward, cross-entropy, backward and an SGD step (momentum 0.9, weight decay
5e-4) per iteration, synchronised by reading the loss. fp32 turns TF32 off in cuDNN and cuBLAS, tf32 turns it on,
amp runs the forward under torch.autocast(float16) with a GradScaler. Prints one line: "images/s <median-based>".
"""
import argparse
import statistics
import time

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["infer", "train"], required=True)
    parser.add_argument("--precision", choices=["fp32", "tf32", "amp"], required=True)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=20)
    args = parser.parse_args()

    torch.backends.cudnn.benchmark = True
    tf32 = args.precision == "tf32"
    torch.backends.cuda.matmul.allow_tf32 = tf32
    torch.backends.cudnn.allow_tf32 = tf32
    device = torch.device("cuda")
    torch.manual_seed(0)
    model = torchvision.models.resnet50().to(device)
    x = torch.randn(args.batch, 3, args.size, args.size, device=device)
    labels = torch.randint(0, 1000, (args.batch,), device=device)
    amp = args.precision == "amp"

    if args.mode == "infer":
        model.eval()

        def step():
            with torch.no_grad(), torch.autocast("cuda", dtype=torch.float16, enabled=amp):
                model(x).float().cpu()
    else:
        model.train()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
        loss_fn = torch.nn.CrossEntropyLoss()
        scaler = torch.amp.GradScaler("cuda", enabled=amp)

        def step():
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast("cuda", dtype=torch.float16, enabled=amp):
                loss = loss_fn(model(x), labels)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            loss.item()

    for _ in range(args.warmup):
        step()
    torch.cuda.synchronize()
    times = []
    for _ in range(args.iterations):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    print(f"images/s {args.batch / statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
