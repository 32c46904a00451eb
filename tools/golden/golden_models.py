"""Zoo models as PyTorch modules in eval mode, their weights set by the counter formula (counter_weights.py)."""

import torch
import torchvision

import counter_weights
from keras_notebook_resnet import KerasNotebookResNet50

TORCHVISION_MODELS = ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152")
KERAS_NOTEBOOK_MODEL = "resnet50-keras-64x64-6"
MODEL_NAMES = TORCHVISION_MODELS + (KERAS_NOTEBOOK_MODEL,)


def architecture(name, height, width):
    """The untrained module for zoo model `name` and an input of height x width (only the Keras one depends on it)."""
    if name in TORCHVISION_MODELS:
        return getattr(torchvision.models, name)(weights=None)
    if name == KERAS_NOTEBOOK_MODEL:
        return KerasNotebookResNet50(height, width)
    raise ValueError(f"unknown model '{name}'; known: {', '.join(MODEL_NAMES)}")


def build(name, height, width):
    """Module `name` in eval mode with counter-formula weights."""
    module = architecture(name, height, width)
    counter_weights.load_into(module)
    return module.eval()


def forward_nhwc(module, x_nhwc):
    """Runs an NHWC numpy batch through the module in the module's dtype; returns numpy [N, classes] in that dtype."""
    dtype = next(module.parameters()).dtype
    x = torch.from_numpy(x_nhwc).to(dtype).permute(0, 3, 1, 2).contiguous()
    with torch.no_grad():
        return module(x).numpy()


def state_dict_shapes(module):
    """Name -> PyTorch-layout shape for every tensor of the state_dict except num_batches_tracked."""
    return {
        k: tuple(v.shape)
        for k, v in module.state_dict().items()
        if not k.endswith(counter_weights.SKIPPED_SUFFIX)
    }
