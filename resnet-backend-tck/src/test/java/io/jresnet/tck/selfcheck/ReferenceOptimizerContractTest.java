package io.jresnet.tck.selfcheck;

import io.jresnet.backend.Backend;
import io.jresnet.tck.OptimizerContract;
import io.jresnet.tck.ReferenceBackend;

/** Runs the contract against the reference backend itself, from outside the package, as other modules do. */
class ReferenceOptimizerContractTest extends OptimizerContract {
  @Override
  protected Backend backend() {
    return new ReferenceBackend();
  }
}
