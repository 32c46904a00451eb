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
 * <p>The inference contracts are {@link io.jresnet.tck.TensorContract}, {@link io.jresnet.tck.ConvContract}, {@link
 * io.jresnet.tck.NormContract}, {@link io.jresnet.tck.PoolContract}, {@link io.jresnet.tck.ElementwiseContract} and
 * {@link io.jresnet.tck.DenseContract}. The training contracts compare with the reference in the same way: {@link
 * io.jresnet.tck.ConvBackwardContract}, {@link io.jresnet.tck.NormBackwardContract}, {@link
 * io.jresnet.tck.PoolBackwardContract}, {@link io.jresnet.tck.ElementwiseBackwardContract}, {@link
 * io.jresnet.tck.DenseBackwardContract}, {@link io.jresnet.tck.LossContract} and {@link
 * io.jresnet.tck.OptimizerContract}; {@link io.jresnet.tck.ConvGradientCheckContract} and {@link
 * io.jresnet.tck.GradientCheckContract} check every backward kernel against float64 central differences of the
 * forwards in {@link io.jresnet.tck.Float64Forward}, within {@link
 * io.jresnet.tck.AbstractGradientCheckContract#gradientTolerance()} (1e-3 relative by default). Each opens its backend once per class and closes it afterwards. Arithmetic
 * results must lie within {@link io.jresnet.tck.AbstractBackendContract#tolerance()} (relative error, 1e-5 by
 * default) of the reference; data movement must be exact. A backend with a looser algorithm overrides {@code
 * tolerance()} in that contract's subclass and says why.
 */
package io.jresnet.tck;
