package io.jresnet.nn;

import io.jresnet.WeightsException;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/** Collects every way a set of tensors differs from the parameters a model needs, to report them in one error. */
final class WeightsMismatch {
  /** Names listed per kind before the rest are only counted, so a wholly wrong file gives a readable message. */
  private static final int LISTED = 10;

  private final List<String> missing = new ArrayList<>();
  private final List<String> unexpected = new ArrayList<>();
  private final List<String> misShaped = new ArrayList<>();
  private String firstTensor;

  void missing(ParameterSpec spec) {
    note(spec.name());
    missing.add(spec.name() + " " + spec.shape());
  }

  void unexpected(String name) {
    note(name);
    unexpected.add(name);
  }

  void misShaped(ParameterSpec spec, Shape got, boolean sizesOnly) {
    note(spec.name());
    misShaped.add(
        sizesOnly
            ? spec.name() + " needs " + spec.shape() + " (" + spec.shape().elementCount() + " values), got "
                + got.elementCount() + " values"
            : spec.name() + " needs " + spec.shape() + ", got " + got);
  }

  private void note(String tensor) {
    if (firstTensor == null) {
      firstTensor = tensor;
    }
  }

  void throwIfAny(String file) {
    int problems = missing.size() + unexpected.size() + misShaped.size();
    if (problems == 0) {
      return;
    }
    List<String> parts = new ArrayList<>();
    add(parts, "missing", missing);
    add(parts, "unexpected", unexpected);
    add(parts, "wrong shape", misShaped);
    String problem =
        "the tensors do not match the model's parameters ("
            + missing.size() + " missing, " + unexpected.size() + " unexpected, " + misShaped.size()
            + " with the wrong shape): " + String.join("; ", parts);
    // One tensor at fault is named in the exception's own field; several are listed in the message only.
    throw new WeightsException(file, problems == 1 ? firstTensor : null, problem, null);
  }

  private static void add(List<String> parts, String label, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
    String more = items.size() > LISTED ? ", and " + (items.size() - LISTED) + " more" : "";
    parts.add(label + ": " + String.join(", ", shown) + more);
  }
}
