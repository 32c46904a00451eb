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
 * <p>A dense layer after a flatten of a spatial map ({@code H * W > 1}) also reorders its inputs: PyTorch flattens
 * NCHW maps as {@code c * H * W + h * W + w}, we flatten NHWC maps as {@code (h * W + w) * C + c}, so a PyTorch
 * rebuild's weights give the same outputs here.
 */
public final class TorchvisionLayout {
  private final Map<String, ParameterSpec> specs = new LinkedHashMap<>();
  private final Map<String, Shape> flattenedMaps;

  /**
   * @param specs the model's parameters in canonical layout, in graph order
   * @param flattenedMaps for each dense weight fed by a flatten of a spatial map: that map's {@code [H, W, C]};
   *     dense weights not listed take their inputs as they are
   */
  public TorchvisionLayout(List<ParameterSpec> specs, Map<String, Shape> flattenedMaps) {
    for (ParameterSpec spec : specs) {
      if (this.specs.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("parameter '" + spec.name() + "' is declared twice");
      }
    }
    flattenedMaps.forEach(
        (name, map) -> {
          ParameterSpec spec = this.specs.get(name);
          if (spec == null || spec.role() != ParameterSpec.Role.DENSE_WEIGHT) {
            throw new IllegalArgumentException("'" + name + "' is not a dense weight of this model");
          }
          if (map.rank() != 3 || map.elementCount() != spec.shape().dim(0)) {
            throw new IllegalArgumentException(
                "'" + name + "' has " + spec.shape().dim(0) + " inputs, which a flattened " + map + " map cannot feed");
          }
        });
    this.flattenedMaps = Map.copyOf(flattenedMaps);
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
      case DENSE_WEIGHT -> denseToCanonical(spec, fileData);
      default -> fileData.clone();
    };
  }

  /** Converts parameter {@code name} from canonical layout to its file layout. */
  public float[] toFile(String name, float[] canonicalData) {
    ParameterSpec spec = spec(name);
    requireSize(spec, canonicalData);
    return switch (spec.role()) {
      case CONV_WEIGHT -> hwioToOihw(spec.shape(), canonicalData);
      case DENSE_WEIGHT -> denseToFile(spec, canonicalData);
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

  private float[] denseToCanonical(ParameterSpec spec, float[] outIn) {
    int in = spec.shape().dim(0);
    int out = spec.shape().dim(1);
    int[] fileColumn = fileInputIndex(spec.name(), in);
    float[] result = new float[outIn.length];
    for (int j = 0; j < in; j++) {
      for (int o = 0; o < out; o++) {
        result[j * out + o] = outIn[o * in + fileColumn[j]];
      }
    }
    return result;
  }

  private float[] denseToFile(ParameterSpec spec, float[] inOut) {
    int in = spec.shape().dim(0);
    int out = spec.shape().dim(1);
    int[] fileColumn = fileInputIndex(spec.name(), in);
    float[] result = new float[inOut.length];
    for (int j = 0; j < in; j++) {
      for (int o = 0; o < out; o++) {
        result[o * in + fileColumn[j]] = inOut[j * out + o];
      }
    }
    return result;
  }

  /** For each of our (NHWC-flattened) inputs, the column of the same feature in PyTorch's (NCHW) order. */
  private int[] fileInputIndex(String name, int in) {
    int[] index = new int[in];
    Shape map = flattenedMaps.get(name);
    if (map == null) {
      for (int j = 0; j < in; j++) {
        index[j] = j;
      }
      return index;
    }
    int h = map.dim(0);
    int w = map.dim(1);
    int c = map.dim(2);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          index[(y * w + x) * c + ch] = (ch * h + y) * w + x;
        }
      }
    }
    return index;
  }
}
