import io.jresnet.backend.Backend;
import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import io.jresnet.graph.Graph;
import io.jresnet.models.ModelSource;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.train.Sgd;
import io.jresnet.train.SgdParams;
import io.jresnet.train.TrainableParameter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * One build's training step for {@code TrainStepAB}: compiled against one build's jars and loaded by each build's
 * class loader, so that two builds train side by side in one process. {@link #getAsLong} runs one step (TRAIN
 * forward, softmax cross-entropy, backward, SGD with momentum 0.9 and weight decay 5e-4, as {@code resnet bench
 * --train}) on a 2-thread CPU backend and returns its wall time in nanoseconds.
 */
public class TrainStepHarness implements LongSupplier {
  private final Backend backend;
  private final Model network;
  private final Tensor x;
  private final int[] labels;
  private final Sgd sgd = new Sgd(SgdParams.momentum(0.9f, 5e-4f));
  private final List<TrainableParameter> trainable;
  private final Parameters parameters;

  /** {@code size} is {@code HxW} or {@code -} for the model's own input size. */
  public TrainStepHarness(String model, int batch, String size, int channels) {
    ModelSpec spec = ModelSource.resolve(model);
    if (!size.equals("-")) {
      String[] hw = size.split("x");
      spec = spec.withInput(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]), channels);
    }
    Graph graph = ResNetBuilder.build(spec).withoutFinalSoftmax();
    Shape inputShape = graph.inputShape().prependBatch(batch);
    backend = new CpuBackend(new CpuComputePool(2));
    parameters = Parameters.allocate(graph, backend, Initializer.named(spec.init().jsonName()), 1L);
    network = Model.bind(graph, backend, parameters);
    SplittableRandom random = new SplittableRandom(1);
    float[] data = new float[inputShape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    x = backend.fromHost(data, inputShape);
    labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(spec.head().classes());
    }
    trainable = parameters.specs().stream().filter(ParameterSpec::trainable)
        .map(s -> TrainableParameter.of(s, parameters.get(s.name()), parameters.gradient(s.name()))).toList();
  }

  @Override
  public long getAsLong() {
    long t0 = System.nanoTime();
    try (Tensor logits = network.forward(x, Mode.TRAIN); Tensor gradient = backend.allocate(logits.shape())) {
      backend.loss().softmaxCrossEntropy(logits, labels, 0f, gradient, null);
      network.backward(gradient);
    }
    sgd.step(trainable, 0.01f);
    parameters.markChanged();
    return System.nanoTime() - t0;
  }
}
