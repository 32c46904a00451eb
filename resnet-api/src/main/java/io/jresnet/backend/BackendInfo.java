package io.jresnet.backend;

import java.util.Map;

/**
 * What an open backend reports about itself, for {@code resnet backends} and benchmark headers.
 *
 * @param name the backend's name, as in {@code --backend}
 * @param device a human description of the device (CPU model, GPU name)
 * @param simdFloats floats per SIMD vector the kernels use (1 for scalar backends)
 * @param threads compute threads
 * @param details further facts (driver, library versions), in display order
 */
public record BackendInfo(String name, String device, int simdFloats, int threads, Map<String, String> details) {
  public BackendInfo {
    details = Map.copyOf(details);
  }
}
