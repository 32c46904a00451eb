package io.jresnet.tck.selfcheck;

import io.jresnet.backend.Backend;
import io.jresnet.tck.GradientCheckContract;
import io.jresnet.tck.ReferenceBackend;

/** Runs the contract against the reference backend itself, from outside the package, as other modules do. */
class ReferenceGradientCheckContractTest extends GradientCheckContract {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }
}
