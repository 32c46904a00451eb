package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.models.ModelSource;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import java.util.SplittableRandom;

/**
 * The model every comparison runs: a zoo model (or JSON spec file) at a square input size, with weights drawn by
 * the spec's initializer from a fixed seed, and a standard-normal input from the same seed, so that every process
 * (the parent and the memory-probe children) builds exactly the same model and input.
 *
 * @param spec the spec with the input size applied
 * @param graph its graph
 */
public record SeededModel(ModelSpec spec, Graph graph) {
  public static final long SEED = 20151210L;

  /**
   * Zoo model or spec file {@code model} at {@code size x size} (its own size when {@code size} is 0).
   *
   * @throws io.jresnet.ConfigException when {@code model} is neither a zoo name nor a valid spec file
   */
  public static SeededModel of(String model, int size) {
    ModelSpec spec = ModelSource.resolve(model);
    if (size > 0) {
      spec = spec.withInput(size, size, spec.input().channels());
    }
    return new SeededModel(spec, ResNetBuilder.build(spec));
  }

  /** Seeded weights on {@code backend}; the caller closes them. */
  public Parameters parameters(Backend backend) {
    return Parameters.allocate(graph, backend, Initializer.named(spec.init().jsonName()), SEED);
  }

  /** {@code [batch, H, W, C]}. */
  public Shape inputShape(int batch) {
    return graph.inputShape().prependBatch(batch);
  }

  /** The NHWC input batch: standard-normal values from the seed. */
  public float[] input(int batch) {
    SplittableRandom random = new SplittableRandom(SEED + batch);
    float[] data = new float[inputShape(batch).size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return data;
  }

  /** E.g. {@code resnet50 224x224x3}. */
  public String describe() {
    return spec.name() + " " + spec.input().height() + "x" + spec.input().width() + "x" + spec.input().channels();
  }
}
