package io.jresnet.tck.selfcheck;

import io.jresnet.backend.Backend;
import io.jresnet.tck.PoolBackwardContract;
import io.jresnet.tck.ReferenceBackend;

/** Runs the contract against the reference backend itself, from outside the package, as other modules do. */
class ReferencePoolBackwardContractTest extends PoolBackwardContract {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }
}
