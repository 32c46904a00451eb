"""PyTorch fixtures for TorchvisionWeightsTest: a torchvision-built twin of tiny-bottleneck.json.

Run with Debian's Python (python3-torch, python3-torchvision): /usr/bin/python3 make_fixtures.py
Writes tiny-bottleneck.safetensors (the state_dict exactly as PyTorch holds it: OIHW conv weights, [out, in] fc
weight, int64 num_batches_tracked), and the float32 little-endian NHWC input [2, 9, 11, 3] and output [2, 3].
The safetensors file is written by hand (the format is an 8-byte little-endian header length, a JSON header padded
with spaces to 8 bytes, then raw little-endian data) because Debian has no python3-safetensors.
"""
import json
import struct

import torch
from torch import nn
from torchvision.models.resnet import Bottleneck, conv1x1


class TinyBottleneck(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(Bottleneck(8, 2))
        down = nn.Sequential(conv1x1(8, 16, 2), nn.BatchNorm2d(16))
        self.layer2 = nn.Sequential(Bottleneck(8, 4, 2, down), Bottleneck(16, 4))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(16, 3)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        data = t.contiguous().numpy().astype("<f4" if dtype == "F32" else "<i8").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


torch.manual_seed(0)
model = TinyBottleneck()
with torch.no_grad():
    for name, p in model.named_parameters():
        if name.endswith("bias") or (p.dim() == 1 and name.endswith("weight")):
            p.uniform_(-0.5, 0.5) if name.endswith("bias") else p.uniform_(0.5, 1.5)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.2, 0.2)
            module.running_var.uniform_(0.5, 1.5)
model.eval()
x = torch.randn(2, 3, 9, 11)
with torch.no_grad():
    y = model(x)
write_safetensors("tiny-bottleneck.safetensors", model.state_dict())
x.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile("tiny-bottleneck-input.f32")
y.numpy().astype("<f4").tofile("tiny-bottleneck-output.f32")
print({k: list(v.shape) for k, v in model.state_dict().items()})
print(y)
