"""A PyTorch rebuild of the classic Keras-notebook ResNet-50 (zoo name `resnet50-keras-64x64-6`).

It follows the Keras original layer for layer, with torchvision's parameter names so that weights exchange with
jresnet unchanged:

  ZeroPadding2D(3) -> Conv 7x7/2 valid (bias) -> BN(eps 1e-3) -> ReLU -> MaxPool 3x3/2 valid
  -> stages [3, 4, 6, 3] of bottlenecks, filters (64,64,256) ... (512,512,2048), the stride on the FIRST 1x1 conv,
     every conv with a bias, a 1x1 conv + BN shortcut in each stage's first block
  -> AveragePooling2D 2x2 'same' (padding not counted) -> Flatten in NHWC order -> Dense(classes) -> softmax.

Names: conv1.weight/bias, bn1.*, layer1.0.conv1.weight/bias, layer1.0.bn1.*, ..., layer1.0.downsample.0.weight/bias,
layer1.0.downsample.1.*, fc.weight, fc.bias. At 64x64 it has 23,600,006 parameters counting BN running statistics.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

BN_EPS = 1e-3
STAGES = ((3, 64, 1), (4, 128, 2), (6, 256, 2), (3, 512, 2))
EXPANSION = 4


class KerasBottleneck(nn.Module):
    """Keras `identity_block` / `convolutional_block`: 1x1 (stride) -> 3x3 'same' -> 1x1, all convs biased."""

    def __init__(self, in_channels, filters, stride, with_shortcut):
        super().__init__()
        out_channels = filters * EXPANSION
        self.conv1 = nn.Conv2d(in_channels, filters, 1, stride=stride, bias=True)
        self.bn1 = nn.BatchNorm2d(filters, eps=BN_EPS)
        self.conv2 = nn.Conv2d(filters, filters, 3, padding=1, bias=True)
        self.bn2 = nn.BatchNorm2d(filters, eps=BN_EPS)
        self.conv3 = nn.Conv2d(filters, out_channels, 1, bias=True)
        self.bn3 = nn.BatchNorm2d(out_channels, eps=BN_EPS)
        self.relu = nn.ReLU()
        self.downsample = None
        if with_shortcut:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=True),
                nn.BatchNorm2d(out_channels, eps=BN_EPS),
            )

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return self.relu(y + shortcut)


def _valid(size, kernel, stride):
    return (size - kernel) // stride + 1


def final_feature_size(height, width):
    """Spatial size (h, w) of the last stage's output for an input of height x width."""
    sizes = []
    for s in (height, width):
        s = _valid(s + 6, 7, 2)  # zero pad 3, conv 7x7/2 valid
        s = _valid(s, 3, 2)  # max pool 3x3/2 valid
        for _, _, stride in STAGES:
            s = _valid(s, 1, stride)  # the stride sits on 1x1 convs
        sizes.append(s)
    return tuple(sizes)


def pooled_size(height, width):
    """Spatial size after the 2x2/2 'same' average pool: ceil of half the final feature map."""
    return tuple(math.ceil(s / 2) for s in final_feature_size(height, width))


def same_avg_pool_2x2(x):
    """Keras AveragePooling2D((2, 2), padding='same') on NCHW: pads bottom/right, averages real pixels only."""
    pads = []
    for size in (x.shape[3], x.shape[2]):  # F.pad lists the last dimension first
        out = math.ceil(size / 2)
        total = max((out - 1) * 2 + 2 - size, 0)
        pads += [total // 2, total - total // 2]
    summed = F.avg_pool2d(F.pad(x, pads), 2, 2, divisor_override=1)
    ones = torch.ones((1, 1, x.shape[2], x.shape[3]), dtype=x.dtype)
    counts = F.avg_pool2d(F.pad(ones, pads), 2, 2, divisor_override=1)
    return summed / counts


class KerasNotebookResNet50(nn.Module):
    """The notebook ResNet-50 on NCHW input of a fixed height x width (the dense layer's width depends on it)."""

    def __init__(self, height=64, width=64, classes=6):
        super().__init__()
        self.pad = nn.ZeroPad2d(3)
        self.conv1 = nn.Conv2d(3, 64, 7, stride=2, bias=True)
        self.bn1 = nn.BatchNorm2d(64, eps=BN_EPS)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, stride=2)
        in_channels = 64
        for index, (blocks, filters, stride) in enumerate(STAGES, start=1):
            layer = []
            for b in range(blocks):
                layer.append(KerasBottleneck(in_channels, filters, stride if b == 0 else 1, with_shortcut=b == 0))
                in_channels = filters * EXPANSION
            setattr(self, f"layer{index}", nn.Sequential(*layer))
        ph, pw = pooled_size(height, width)
        self.fc = nn.Linear(ph * pw * in_channels, classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(self.pad(x)))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        x = same_avg_pool_2x2(x)
        # Flatten in NHWC order, as Keras does, so the dense weights line up when the pooled map exceeds 1x1.
        x = x.permute(0, 2, 3, 1).flatten(1)
        return torch.softmax(self.fc(x), dim=1)
