package io.jresnet.models;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hyper-parameters of a ResNet, as written in a JSON spec (DESIGN §5) and expanded into a graph by
 * {@link ResNetBuilder}. Read one with {@link ModelSpecReader}, or take one from the {@link Zoo}.
 *
 * @param name model name (e.g. {@code resnet50}); also the graph's name
 * @param description one or two sentences for humans ({@code resnet models}); may be empty
 * @param input the input image size, without batch
 * @param stem the layers before the first stage
 * @param block basic or bottleneck residual blocks
 * @param expansion output channels of a block divided by its {@code filters} (1 for basic blocks)
 * @param strideOn where a downsampling bottleneck strides
 * @param stages {@code layer1}, {@code layer2}, ... in order; at least one
 * @param batchNorm settings of every batch norm
 * @param head the classifier
 * @param init how trainable weights are initialised for training
 * @param convBias whether the convolutions inside blocks and shortcuts have a bias (Keras) or not (torchvision)
 * @param preprocessing how an image file becomes input for {@code resnet predict}; empty when the spec has none
 */
public record ModelSpec(
    String name,
    String description,
    InputSpec input,
    StemSpec stem,
    BlockType block,
    int expansion,
    StrideOn strideOn,
    List<StageSpec> stages,
    BatchNormSpec batchNorm,
    HeadSpec head,
    Init init,
    boolean convBias,
    Optional<PreprocessingSpec> preprocessing) {

  public ModelSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a model needs a non-blank name");
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(stem, "stem");
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(strideOn, "strideOn");
    Objects.requireNonNull(batchNorm, "batchNorm");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(preprocessing, "preprocessing");
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one stage");
    }
    if (expansion < 1 || (block == BlockType.BASIC && expansion != 1)) {
      throw new IllegalArgumentException(
          "expansion must be >= 1, and 1 for basic blocks; got " + expansion + " for " + block.jsonName());
    }
    preprocessing.ifPresent(
        p -> {
          if (p.channels() != input.channels()) {
            throw new IllegalArgumentException(
                "preprocessing has mean/std for " + p.channels() + " channels but the input has "
                    + input.channels());
          }
        });
  }

  /**
   * The same model for another input size (e.g. 97x131 for a torchvision model, whose global pooling accepts any
   * size that survives the strides; {@link ResNetBuilder} says when one does not).
   *
   * <p>A new channel count (e.g. a CIFAR model adapted to grey 28x28 Fashion-MNIST) drops the image preprocessing,
   * whose mean and std were made for the old channels: such a model is fed by a data set's own normalisation.
   *
   * @throws IllegalArgumentException when a dimension is below 1
   */
  public ModelSpec withInput(int height, int width, int channels) {
    Optional<PreprocessingSpec> kept =
        channels == input.channels() ? preprocessing : Optional.empty();
    return new ModelSpec(
        name, description, new InputSpec(height, width, channels), stem, block, expansion, strideOn, stages,
        batchNorm, head, init, convBias, kept);
  }

  /** The same model with another number of classes (the {@code fc} layer's outputs). */
  public ModelSpec withClasses(int classes) {
    return new ModelSpec(
        name, description, input, stem, block, expansion, strideOn, stages, batchNorm, head.withClasses(classes),
        init, convBias, preprocessing);
  }
}
