package io.jresnet.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jresnet.backend.Backend;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code train/optimizers.json}, written by {@code tools/golden/optimizers.py} with torch.optim: initial parameters
 * of each trainable role, per-step gradients and learning rates, and per case the parameters after each step and
 * the final optimizer state.
 */
final class OptimizerFixture {
  private static JsonNode root;

  private OptimizerFixture() {}

  static synchronized JsonNode root() {
    if (root == null) {
      try (InputStream in = OptimizerFixture.class.getResourceAsStream("/train/optimizers.json")) {
        if (in == null) {
          throw new AssertionError("missing fixture train/optimizers.json; run tools/golden/optimizers.py");
        }
        root = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  static List<JsonNode> cases() {
    List<JsonNode> out = new ArrayList<>();
    root().get("cases").forEach(out::add);
    return out;
  }

  static int steps() {
    return root().get("lrs").size();
  }

  static float lr(int step) {
    return (float) root().get("lrs").get(step).asDouble();
  }

  static List<ParameterSpec> specs() {
    List<ParameterSpec> specs = new ArrayList<>();
    for (JsonNode p : root().get("parameters")) {
      int[] dims = new int[p.get("shape").size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = p.get("shape").get(i).asInt();
      }
      specs.add(
          new ParameterSpec(p.get("name").asText(), Shape.of(dims), ParameterSpec.Role.valueOf(p.get("role").asText())));
    }
    return specs;
  }

  /** The fixture's parameters on {@code backend}: initial values, zero gradients. */
  static List<TrainableParameter> parameters(Backend backend) {
    List<TrainableParameter> out = new ArrayList<>();
    List<ParameterSpec> specs = specs();
    for (int i = 0; i < specs.size(); i++) {
      ParameterSpec spec = specs.get(i);
      Tensor value = backend.fromHost(floats(root().get("parameters").get(i).get("values")), spec.shape());
      out.add(TrainableParameter.of(spec, value, backend.allocate(spec.shape())));
    }
    return out;
  }

  /** Copies step {@code step}'s gradients into the parameters' gradient tensors. */
  static void loadGradients(List<TrainableParameter> parameters, int step) {
    JsonNode gradients = root().get("gradients").get(step);
    for (int i = 0; i < parameters.size(); i++) {
      parameters.get(i).gradient().copyFromHost(floats(gradients.get(i)));
    }
  }

  /** The optimizer a case names, with its hyper-parameters. */
  static Optimizer optimizer(JsonNode c) {
    JsonNode p = c.get("params");
    boolean skip = p.get("skip_norm_and_bias").asBoolean();
    float weightDecay = (float) p.get("weight_decay").asDouble();
    return switch (c.get("optimizer").asText()) {
      case "sgd" ->
          new Sgd(
              new SgdParams((float) p.get("momentum").asDouble(), weightDecay, p.get("nesterov").asBoolean(), skip));
      case "adam" -> new Adam(adamParams(p, weightDecay, skip));
      case "adamw" -> new AdamW(adamParams(p, weightDecay, skip));
      default -> throw new AssertionError("unknown optimizer in fixture: " + c.get("optimizer"));
    };
  }

  private static AdamParams adamParams(JsonNode p, float weightDecay, boolean skip) {
    return new AdamParams(
        (float) p.get("beta1").asDouble(),
        (float) p.get("beta2").asDouble(),
        (float) p.get("epsilon").asDouble(),
        weightDecay,
        skip);
  }

  static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  static void closeAll(List<TrainableParameter> parameters) {
    for (TrainableParameter p : parameters) {
      p.value().close();
      if (p.gradient() != null) {
        p.gradient().close();
      }
    }
  }
}
