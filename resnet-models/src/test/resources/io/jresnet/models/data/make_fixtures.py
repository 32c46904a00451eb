"""Expected outputs of torchvision/Pillow preprocessing for ImagePreprocessorTest.

Run with Debian's Python (python3-torchvision, python3-pil): /usr/bin/python3 make_fixtures.py
The test images are defined by formulas that ImagePreprocessorTest computes too, so only the outputs are committed:
each .f32 file holds the preprocessed image as float32 little-endian, HWC order.
"""
import numpy as np
from PIL import Image
from torchvision import transforms

IMAGENET = transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])


def rgb(height, width):
    y, x = np.mgrid[0:height, 0:width]
    r = (7 * x + 3 * y) % 256
    g = (x * x + 5 * y) % 256
    b = (11 * x * y + 37) % 256
    return Image.fromarray(np.stack([r, g, b], axis=-1).astype(np.uint8), "RGB")


def grey(height, width):
    y, x = np.mgrid[0:height, 0:width]
    return Image.fromarray(((5 * x + 9 * y) % 256).astype(np.uint8), "L")


def save(name, chw):
    np.ascontiguousarray(chw.numpy().transpose(1, 2, 0)).astype("<f4").tofile(name)


def torchvision_pipeline(resize, crop):
    return transforms.Compose([transforms.Resize(resize), transforms.CenterCrop(crop), transforms.ToTensor(), IMAGENET])


save("tv-rgb-53x75-resize40-crop32.f32", torchvision_pipeline(40, 32)(rgb(53, 75)))
save("tv-rgb-13x20-resize40-crop32.f32", torchvision_pipeline(40, 32)(rgb(13, 20)))
save("tv-grey-29x31-resize20-crop16.f32", torchvision_pipeline(20, 16)(grey(29, 31).convert("RGB")))
to_tensor = transforms.ToTensor()
save("nearest-rgb-53x75-to-16x24.f32", to_tensor(rgb(53, 75).resize((24, 16), Image.NEAREST)))
save("nearest-rgb-16x24-to-53x75.f32", to_tensor(rgb(16, 24).resize((75, 53), Image.NEAREST)))
save("bilinear-luma-53x75-to-10x12.f32", to_tensor(rgb(53, 75).convert("L").resize((12, 10), Image.BILINEAR)))
