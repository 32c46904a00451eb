package io.jresnet.tck.selfcheck;

import io.jresnet.backend.Backend;
import io.jresnet.tck.NormBackwardContract;
import io.jresnet.tck.ReferenceBackend;

/** Runs the contract against the reference backend itself, from outside the package, as other modules do. */
class ReferenceNormBackwardContractTest extends NormBackwardContract {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }
}
