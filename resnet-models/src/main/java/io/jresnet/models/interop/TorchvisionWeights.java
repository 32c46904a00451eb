package io.jresnet.models.interop;

import io.jresnet.WeightsException;
import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.io.SafetensorsFile;
import io.jresnet.io.SafetensorsWriter;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights in torchvision's layout (DESIGN §6): {@code state_dict} names, conv weights {@code OIHW}, dense weights
 * {@code [out, in]}, in safetensors files that PyTorch's {@code safetensors.torch.load_file} reads and writes.
 * {@code *.num_batches_tracked} tensors of batch norms are ignored on import and not written on export (PyTorch
 * fills them in when it loads such a file).
 *
 * <p>Import checks the whole file before it reads a tensor: every missing, unexpected or mis-shaped tensor is
 * listed by name, with shapes in the file's (PyTorch) layout, in one {@link WeightsException} naming the file.
 */
public final class TorchvisionWeights {
  private static final Map<String, String> METADATA = Map.of("format", "pt");

  private TorchvisionWeights() {}

  /**
   * Loads {@code file} as the parameters of {@code graph} on {@code backend}.
   *
   * @throws WeightsException naming the file (and the tensor when one is at fault): missing file, invalid
   *     safetensors, missing/unexpected/mis-shaped tensors, non-float data
   */
  public static Parameters load(Path file, Graph graph, Backend backend) {
    List<ParameterSpec> specs = Parameters.specs(graph);
    return Parameters.fromHost(specs, backend, read(file, specs));
  }

  /**
   * Reads {@code file} into host arrays in canonical layout (conv HWIO, dense {@code [in, out]}), by parameter name
   * in the order of {@code specs}.
   *
   * @throws WeightsException as {@link #load}
   */
  public static Map<String, float[]> read(Path file, List<ParameterSpec> specs) {
    TorchvisionLayout layout = new TorchvisionLayout(specs);
    try (SafetensorsFile in = SafetensorsFile.open(file)) {
      Map<String, Shape> provided = new LinkedHashMap<>();
      for (String name : in.names()) {
        provided.put(name, in.info(name).shape());
      }
      Parameters.checkShapes(layout.fileSpecs(), provided, file.toString());
      Map<String, float[]> out = new LinkedHashMap<>();
      for (ParameterSpec spec : specs) {
        out.put(spec.name(), layout.toCanonical(spec.name(), in.read(spec.name())));
      }
      return out;
    }
  }

  /**
   * Converts a torchvision-layout state dict (e.g. tensors a test computed in PyTorch's layout) to canonical host
   * arrays, with the same checks as {@link #read}.
   *
   * @param source names the tensors' origin in errors (a file path or a description)
   */
  public static Map<String, float[]> fromStateDict(
      Map<String, HostTensor> stateDict, List<ParameterSpec> specs, String source) {
    TorchvisionLayout layout = new TorchvisionLayout(specs);
    Map<String, Shape> provided = new LinkedHashMap<>();
    stateDict.forEach((name, tensor) -> provided.put(name, tensor.shape()));
    Parameters.checkShapes(layout.fileSpecs(), provided, source);
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      out.put(spec.name(), layout.toCanonical(spec.name(), stateDict.get(spec.name()).data()));
    }
    return out;
  }

  /** Canonical host arrays as a torchvision-layout state dict, in the order of {@code specs}. */
  public static Map<String, HostTensor> toStateDict(Map<String, float[]> canonical, List<ParameterSpec> specs) {
    TorchvisionLayout layout = new TorchvisionLayout(specs);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      float[] values = canonical.get(spec.name());
      if (values == null) {
        throw new IllegalArgumentException("no values for parameter '" + spec.name() + "'");
      }
      out.put(spec.name(), new HostTensor(layout.fileShape(spec.name()), layout.toFile(spec.name(), values)));
    }
    return out;
  }

  /**
   * Writes {@code parameters} to {@code file} in torchvision's layout (replacing it atomically), tensors in graph
   * order, with metadata {@code format: pt}.
   *
   * @throws WeightsException naming the file when it cannot be written
   */
  public static void save(Path file, Parameters parameters) {
    SafetensorsWriter.write(file, toStateDict(parameters.toHost(), parameters.specs()), METADATA);
  }
}
