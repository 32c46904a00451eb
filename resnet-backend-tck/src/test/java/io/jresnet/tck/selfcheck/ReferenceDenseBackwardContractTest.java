package io.jresnet.tck.selfcheck;

import io.jresnet.backend.Backend;
import io.jresnet.tck.DenseBackwardContract;
import io.jresnet.tck.ReferenceBackend;

/** Runs the contract against the reference backend itself, from outside the package, as other modules do. */
class ReferenceDenseBackwardContractTest extends DenseBackwardContract {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }
}
