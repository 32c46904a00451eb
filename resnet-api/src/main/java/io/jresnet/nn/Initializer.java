package io.jresnet.nn;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * How fresh parameters get their values, by role (conv/dense weight, bias, batch-norm vectors). Seeded and
 * deterministic: {@link #values(ParameterSpec, long)} draws each parameter from its own stream, derived from the
 * seed and the parameter's name, so a parameter's values do not depend on which other parameters exist or on their
 * order.
 */
public interface Initializer {
  /** The scheme's name, as in model specs ({@code he_normal}, {@code glorot_uniform}). */
  String schemeName();

  /**
   * Fills {@code values} (row-major in the spec's canonical layout: conv HWIO, dense {@code [in, out]}).
   *
   * @param values exactly {@code spec.shape().size()} floats
   */
  void initialize(ParameterSpec spec, float[] values, RandomGenerator random);

  /** Fresh values for {@code spec}, drawn from the stream of ({@code seed}, the spec's name). */
  default float[] values(ParameterSpec spec, long seed) {
    float[] values = new float[spec.shape().size()];
    initialize(spec, values, randomFor(seed, spec.name()));
    return values;
  }

  /**
   * torchvision's ResNet initialisation: conv weights from {@code kaiming_normal_(mode="fan_out",
   * nonlinearity="relu")}, i.e. normal with std {@code sqrt(2 / (kh·kw·Cout))}; dense weights as PyTorch's
   * {@code nn.Linear} default, uniform in {@code ±1/sqrt(in)}; biases 0; batch-norm gamma 1, beta 0, running mean 0,
   * running variance 1.
   */
  static Initializer heNormal() {
    return StandardInitializer.HE_NORMAL;
  }

  /**
   * Keras' default: conv and dense weights uniform in {@code ±sqrt(6 / (fanIn + fanOut))} with
   * {@code fanIn = kh·kw·Cin/groups}, {@code fanOut = kh·kw·Cout} (dense: in, out); biases 0; batch-norm gamma 1,
   * beta 0, running mean 0, running variance 1.
   */
  static Initializer glorotUniform() {
    return StandardInitializer.GLOROT_UNIFORM;
  }

  /** The names {@link #named} accepts. */
  static List<String> names() {
    return Arrays.stream(StandardInitializer.values()).map(StandardInitializer::schemeName).toList();
  }

  /**
   * The scheme called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  static Initializer named(String name) {
    for (StandardInitializer i : StandardInitializer.values()) {
      if (i.schemeName().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "unknown initializer '" + name + "'; allowed: " + String.join(", ", names()));
  }

  /** The random stream of one parameter: a 64-bit FNV-1a hash of its name, mixed with the seed. */
  static RandomGenerator randomFor(long seed, String parameterName) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < parameterName.length(); i++) {
      hash = (hash ^ parameterName.charAt(i)) * 0x100000001b3L;
    }
    return new SplittableRandom(seed ^ hash).split();
  }
}
