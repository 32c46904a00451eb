/**
 * The backend technology compatibility kit: the {@link io.jresnet.tck.ReferenceBackend} (plain loops, double
 * accumulation: the oracle) and the abstract JUnit 5 contracts every backend's test suite extends.
 *
 * <p>A backend module adds {@code resnet-backend-tck} as a test dependency and extends each contract once,
 * implementing {@link io.jresnet.tck.AbstractBackendContract#backend()}:
 *
 * <pre>{@code
 * class CpuConvTest extends ConvContract {
 *   @Override
 *   protected Backend backend() {
 *     return new CpuBackend(new BackendConfig(2));
 *   }
 * }
 * }</pre>
 *
 * <p>The contracts are {@link io.jresnet.tck.TensorContract}, {@link io.jresnet.tck.ConvContract}, {@link
 * io.jresnet.tck.NormContract}, {@link io.jresnet.tck.PoolContract}, {@link io.jresnet.tck.ElementwiseContract} and
 * {@link io.jresnet.tck.DenseContract}. Each opens its backend once per class and closes it afterwards. Arithmetic
 * results must lie within {@link io.jresnet.tck.AbstractBackendContract#tolerance()} (relative error, 1e-5 by
 * default) of the reference; data movement must be exact. A backend with a looser algorithm overrides {@code
 * tolerance()} in that contract's subclass and says why.
 */
package io.jresnet.tck;
