package io.jresnet.cli;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.io.SafetensorsFile;
import io.jresnet.models.interop.TorchvisionLayout;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A torchvision-layout safetensors file (names as in {@code state_dict}, conv weights OIHW, dense {@code [out, in]})
 * read for one graph: {@link #read} checks every name and shape against the graph's parameters before it reads any
 * data, so a wrong file fails fast with one message listing what is missing, unexpected or mis-shaped (in the
 * file's own layout); {@code num_batches_tracked} counters are ignored. The values are held on the host in canonical
 * layout until {@link #upload} puts them on a backend.
 */
final class WeightsFile {
  private final List<ParameterSpec> specs;
  private final Map<String, float[]> canonical;

  private WeightsFile(List<ParameterSpec> specs, Map<String, float[]> canonical) {
    this.specs = specs;
    this.canonical = canonical;
  }

  /**
   * Reads the parameters of {@code graph} from {@code file}.
   *
   * @throws io.jresnet.WeightsException naming the file (and the tensor, where one is at fault) when the file is
   *     missing, not valid safetensors, or its tensors do not match the graph's parameters
   */
  static WeightsFile read(Path file, Graph graph) {
    List<ParameterSpec> specs = Parameters.specs(graph);
    TorchvisionLayout layout = new TorchvisionLayout(specs);
    try (SafetensorsFile weights = SafetensorsFile.open(file)) {
      Map<String, Shape> provided = new LinkedHashMap<>();
      for (String name : weights.names()) {
        provided.put(name, weights.info(name).shape());
      }
      Parameters.checkShapes(layout.fileSpecs(), provided, file.toString());
      Map<String, float[]> canonical = new LinkedHashMap<>();
      for (ParameterSpec spec : specs) {
        canonical.put(spec.name(), layout.toCanonical(spec.name(), weights.read(spec.name())));
      }
      return new WeightsFile(specs, canonical);
    }
  }

  /** The parameters on {@code backend}; the caller closes them. */
  Parameters upload(Backend backend) {
    return Parameters.fromHost(specs, backend, canonical);
  }
}
