package io.jresnet.cuda;

import io.jresnet.backend.Backend;
import io.jresnet.tck.ConvBackwardContract;
import io.jresnet.tck.ConvContract;
import io.jresnet.tck.ConvGradientCheckContract;
import io.jresnet.tck.DenseBackwardContract;
import io.jresnet.tck.DenseContract;
import io.jresnet.tck.ElementwiseBackwardContract;
import io.jresnet.tck.ElementwiseContract;
import io.jresnet.tck.GradientCheckContract;
import io.jresnet.tck.LossContract;
import io.jresnet.tck.NormBackwardContract;
import io.jresnet.tck.NormContract;
import io.jresnet.tck.OptimizerContract;
import io.jresnet.tck.PoolBackwardContract;
import io.jresnet.tck.PoolContract;
import io.jresnet.tck.TensorContract;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * Every TCK contract on the CUDA backend, TF32 off. Tagged {@code gpu}: the Maven build excludes the tag, and
 * {@code tools/gpu-check.sh} runs it; without a usable GPU each class is skipped by an assumption, never failed.
 * Convolutions state 1e-4: cuDNN may pick Winograd or FFT algorithms, whose float32 rounding differs more from the
 * double-accumulating reference than a direct sum does (still inside the model-level 1e-4 contract).
 */
@Tag("gpu")
class CudaContractsTest {
  private static final double CUDNN_CONV_TOLERANCE = 1e-4;
  private static final double TF32_TOLERANCE = 5e-3;

  @Nested
  class Tensors extends TensorContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class Conv extends ConvContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }

    @Override
    protected double tolerance() {
      return CUDNN_CONV_TOLERANCE;
    }
  }

  @Nested
  class ConvTf32 extends ConvContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(true);
    }

    @Override
    protected double tolerance() {
      return TF32_TOLERANCE;
    }
  }

  @Nested
  class ConvBackward extends ConvBackwardContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }

    @Override
    protected double tolerance() {
      return CUDNN_CONV_TOLERANCE;
    }
  }

  @Nested
  class ConvGradientCheck extends ConvGradientCheckContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class Dense extends DenseContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class DenseBackward extends DenseBackwardContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class Elementwise extends ElementwiseContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class ElementwiseBackward extends ElementwiseBackwardContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class GradientCheck extends GradientCheckContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class Loss extends LossContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class Norm extends NormContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class NormBackward extends NormBackwardContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class Optimizer extends OptimizerContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class Pool extends PoolContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }

  @Nested
  class PoolBackward extends PoolBackwardContract {
    @Override
    protected Backend backend() {
      return CudaGpu.open(false);
    }
  }
}
