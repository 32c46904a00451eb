"""PyTorch training throughput for the two models issue 3 compares jresnet against, on the CPU with 2 threads.

Run:  /usr/bin/python3 tools/golden/pytorch_train_bench.py [--threads 2] [--warmup 3] [--steps 10]
Prints, per model, the median images/s of SGD-momentum training steps (forward in train mode, softmax
cross-entropy, backward, update) on synthetic standard-normal batches after a few warm-up steps:
  resnet20                 batch 128 of 28x28x1 (Fashion-MNIST), 10 classes: the CIFAR ResNet-20 of jresnet's zoo
                           (3x3 stem with 16 filters, no pool, stages of 3 basic blocks with 16/32/64 filters,
                           1x1 conv + BN projection shortcuts where the shape changes, global average pool)
  resnet50-keras-64x64-6   batch 32 of 64x64x3, 6 classes: the Keras-notebook ResNet-50 (keras_notebook_resnet.py),
                           trained on its logits
Data loading is not measured. The machine may be shared: the median of the timed steps damps the noise.
"""

import argparse
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn

from keras_notebook_resnet import KerasNotebookResNet50
from train_step import logits


class BasicBlock(nn.Module):
    """Two 3x3 conv + BN, ReLU between and after the residual add; a 1x1 conv + BN shortcut when the shape changes."""

    def __init__(self, in_channels, filters, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, filters, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(filters)
        self.conv2 = nn.Conv2d(filters, filters, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(filters)
        self.downsample = None
        if stride != 1 or in_channels != filters:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, filters, 1, stride=stride, bias=False), nn.BatchNorm2d(filters))

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + shortcut)


class CifarResNet(nn.Module):
    """He et al.'s CIFAR ResNet-(6n+2) with projection shortcuts, as jresnet's zoo `resnet20` (n = 3)."""

    def __init__(self, blocks_per_stage=3, in_channels=1, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, channels = [], 16
        for filters, stride in ((16, 1), (32, 2), (64, 2)):
            blocks = []
            for b in range(blocks_per_stage):
                blocks.append(BasicBlock(channels, filters, stride if b == 0 else 1))
                channels = filters
            layers.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = layers
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def images_per_second(module, batch, channels, height, width, classes, warmup, steps):
    """Median images/s over `steps` timed SGD-momentum steps after `warmup` untimed ones."""
    generator = torch.Generator().manual_seed(20_251_128)
    x = torch.randn(batch, channels, height, width, generator=generator)
    labels = torch.randint(0, classes, (batch,), generator=generator)
    module.train()
    optimizer = torch.optim.SGD(module.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    times = []
    for step in range(warmup + steps):
        started = time.perf_counter()
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(logits(module, x), labels)
        loss.backward()
        optimizer.step()
        if step >= warmup:
            times.append(time.perf_counter() - started)
    return batch / statistics.median(times), batch / min(times), batch / max(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default: %(default)s)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps first (default: %(default)s)")
    parser.add_argument("--steps", type=int, default=10, help="timed steps (default: %(default)s)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {args.warmup} warm-up and "
          f"{args.steps} timed steps, SGD momentum 0.9, float32, NCHW")
    cases = (
        ("resnet20", CifarResNet(), 128, 1, 28, 28, 10),
        ("resnet50-keras-64x64-6", KerasNotebookResNet50(64, 64, 6), 32, 3, 64, 64, 6),
    )
    for name, module, batch, channels, height, width, classes in cases:
        parameters = sum(p.numel() for p in module.parameters())
        median, best, worst = images_per_second(
            module, batch, channels, height, width, classes, args.warmup, args.steps)
        print(f"{name:24s} batch {batch:3d} of {height}x{width}x{channels}  {parameters:>10,} trainable  "
              f"{median:8.1f} images/s median (best {best:.1f}, worst {worst:.1f})", flush=True)


if __name__ == "__main__":
    main()
