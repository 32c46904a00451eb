"""PyTorch inference throughput of torchvision's ResNet-50 on the CPU, as rows of docs/bench/results.csv.

Run:  /usr/bin/python3 tools/bench/pytorch_infer_bench.py [--threads 2] [--batches 1,8] [--warmup 3] [--steps 10]
Builds torchvision.models.resnet50() with its default random initialisation (weights do not change the speed of
dense float32 inference), switches it to eval mode and times forward passes under torch.no_grad() on a
standard-normal batch of 224x224x3 images. Model and input are in channels_last memory format by default: in
Debian's torch 1.13 that is what routes the convolutions to oneDNN (the default NCHW format ran ~5x slower here),
so PyTorch is measured at its best; --memory-format contiguous measures the default. Prints one CSV line per batch size,
  pytorch,resnet50 224x224x3 inference,BATCH,IMAGES_PER_S
where images/s is taken at the median of the timed steps (the machine may be shared: the median damps the noise).
"""

import argparse
import statistics
import time

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: %(default)s)")
    parser.add_argument("--batches", default="1,8", help="comma-separated batch sizes (default: %(default)s)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed forwards first (default: %(default)s)")
    parser.add_argument("--steps", type=int, default=10, help="timed forwards (default: %(default)s)")
    parser.add_argument("--size", type=int, default=224, help="input height and width (default: %(default)s)")
    parser.add_argument("--memory-format", choices=["channels_last", "contiguous"], default="channels_last",
                        help="tensor memory format of model and input (default: %(default)s)")
    args = parser.parse_args()
    memory_format = torch.channels_last if args.memory_format == "channels_last" else torch.contiguous_format
    torch.set_num_threads(args.threads)
    torch.manual_seed(20151210)
    model = torchvision.models.resnet50().eval().to(memory_format=memory_format)
    for batch in (int(b) for b in args.batches.split(",")):
        x = torch.randn(batch, 3, args.size, args.size).to(memory_format=memory_format)
        with torch.no_grad():
            for _ in range(args.warmup):
                model(x)
            times = []
            for _ in range(args.steps):
                start = time.perf_counter()
                model(x)
                times.append(time.perf_counter() - start)
        print(f"pytorch,resnet50 {args.size}x{args.size}x3 inference,{batch},{batch / statistics.median(times):.2f}",
              flush=True)


if __name__ == "__main__":
    main()
