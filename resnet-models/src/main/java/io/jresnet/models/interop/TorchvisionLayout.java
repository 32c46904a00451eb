package io.jresnet.models.interop;

import io.jresnet.nn.ParameterSpec;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's parameters are laid out in a torchvision {@code state_dict} (and so in safetensors files exchanged
 * with PyTorch), and the conversions to and from the canonical layout. Names are the same on both sides. Conv
 * weights are {@code OIHW [cout, cin/groups, kh, kw]} in files and HWIO {@code [kh, kw, cin/groups, cout]} here;
 * dense weights {@code [out, in]} in files and {@code [in, out]} here. Biases and batch-norm tensors are
 * one-dimensional on both sides.
 *
 * <p>A dense layer's inputs keep the model's own order. After a flatten of a spatial map ({@code H * W > 1}) that is
 * the NHWC order {@code (h * W + w) * C + c}, as in Keras; a PyTorch rebuild must flatten the same way
 * ({@code x.permute(0, 2, 3, 1).flatten(1)}, as {@code tools/golden/keras_notebook_resnet.py} does). Every zoo model
 * pools to 1x1 at its own input size, where both orders coincide.
 */
public final class TorchvisionLayout {
  private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();

  /** @param specs the model's parameters in canonical layout, in graph order */
  public TorchvisionLayout(List<ParameterSpec> specs) {
    for (ParameterSpec spec : specs) {
      if (this.specs.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("parameter '" + spec.name() + "' is declared twice");
      }
    }
  }

  /** The parameters in canonical layout, in graph order. */
  public List<ParameterSpec> specs() {
    return List.copyOf(specs.values());
  }

  /** The parameters as a torchvision file holds them: same names and roles, file shapes. */
  public List<ParameterSpec> fileSpecs() {
    List<ParameterSpec> out = new ArrayList<>();
    for (ParameterSpec spec : specs.values()) {
      out.add(new ParameterSpec(spec.name(), fileShape(spec), spec.role()));
    }
    return out;
  }

  /** The shape of parameter {@code name} in a torchvision file. */
  public Shape fileShape(String name) {
    return fileShape(spec(name));
  }

  /** Converts parameter {@code name} from its file layout (row-major over {@link #fileShape}) to canonical. */
  public float[] toCanonical(String name, float[] fileData) {
    ParameterSpec spec = spec(name);
    requireSize(spec, fileData);
    return switch (spec.role()) {
      case CONV_WEIGHT -> oihwToHwio(spec.shape(), fileData);
      case DENSE_WEIGHT -> transpose(fileData, spec.shape().dim(1), spec.shape().dim(0));
      default -> fileData.clone();
    };
  }

  /** Converts parameter {@code name} from canonical layout to its file layout. */
  public float[] toFile(String name, float[] canonicalData) {
    ParameterSpec spec = spec(name);
    requireSize(spec, canonicalData);
    return switch (spec.role()) {
      case CONV_WEIGHT -> hwioToOihw(spec.shape(), canonicalData);
      case DENSE_WEIGHT -> transpose(canonicalData, spec.shape().dim(0), spec.shape().dim(1));
      default -> canonicalData.clone();
    };
  }

  private ParameterSpec spec(String name) {
    ParameterSpec spec = specs.get(name);
    if (spec == null) {
      throw new IllegalArgumentException("the model has no parameter named '" + name + "'");
    }
    return spec;
  }

  private static Shape fileShape(ParameterSpec spec) {
    Shape s = spec.shape();
    return switch (spec.role()) {
      case CONV_WEIGHT -> Shape.of(s.dim(3), s.dim(2), s.dim(0), s.dim(1));
      case DENSE_WEIGHT -> Shape.of(s.dim(1), s.dim(0));
      default -> s;
    };
  }

  private static void requireSize(ParameterSpec spec, float[] data) {
    if (data.length != spec.shape().elementCount()) {
      throw new IllegalArgumentException(
          "'" + spec.name() + "' holds " + spec.shape().elementCount() + " values, got " + data.length);
    }
  }

  private static float[] oihwToHwio(Shape hwio, float[] oihw) {
    int kh = hwio.dim(0);
    int kw = hwio.dim(1);
    int in = hwio.dim(2);
    int out = hwio.dim(3);
    float[] result = new float[oihw.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            result[((y * kw + x) * in + i) * out + o] = oihw[((o * in + i) * kh + y) * kw + x];
          }
        }
      }
    }
    return result;
  }

  private static float[] hwioToOihw(Shape hwio, float[] data) {
    int kh = hwio.dim(0);
    int kw = hwio.dim(1);
    int in = hwio.dim(2);
    int out = hwio.dim(3);
    float[] result = new float[data.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            result[((o * in + i) * kh + y) * kw + x] = data[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    return result;
  }

  /** The transpose of a row-major {@code rows x columns} matrix. */
  private static float[] transpose(float[] matrix, int rows, int columns) {
    float[] result = new float[matrix.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        result[c * rows + r] = matrix[r * columns + c];
      }
    }
    return result;
  }
}
