package io.jresnet.models.golden;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.models.interop.TorchvisionLayout;
import io.jresnet.models.interop.TorchvisionWeights;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Counter-formula weights for a zoo graph, written as a torchvision-layout safetensors file and imported back. */
final class GoldenWeights {
  private GoldenWeights() {}

  /** The graph's parameters in torchvision layout (names, PyTorch shapes), valued by {@link CounterWeights}. */
  static List<TorchTensor> torchvisionTensors(Graph graph) {
    List<TorchTensor> tensors = new ArrayList<>();
    for (ParameterSpec spec : new TorchvisionLayout(Parameters.specs(graph)).fileSpecs()) {
      tensors.add(TorchTensor.counter(spec.name(), spec.shape().toArray()));
    }
    return tensors;
  }

  /** Writes torchvision-layout tensors to {@code file} as safetensors; returns the file. */
  static Path write(List<TorchTensor> tensors, Path file) throws IOException {
    SafetensorsFixtureWriter.write(file, tensors);
    return file;
  }

  /** Imports a torchvision-layout safetensors file into parameters for {@code graph}, through the importer. */
  static Parameters load(Path file, Graph graph, Backend backend) {
    return TorchvisionWeights.load(file, graph, backend);
  }
}
