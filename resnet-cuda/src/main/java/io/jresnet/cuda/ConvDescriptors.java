package io.jresnet.cuda;

import io.jresnet.cuda.ffi.Cudnn;

/**
 * The cuDNN descriptors of one {@link ConvShape}, created once and kept until the backend closes: the (padded)
 * NHWC input, the KRSC filter, the NHWC output, the convolution, and the {@code [1, cout, 1, 1]} bias.
 */
record ConvDescriptors(long input, long filter, long output, long convolution, long bias) {
  static ConvDescriptors create(Cudnn cudnn, ConvShape s, int mathType) {
    long input = cudnn.tensor4d(Cudnn.TENSOR_NHWC, Cudnn.DATA_FLOAT, s.n(), s.cin(), s.paddedH(), s.paddedW());
    long filter = cudnn.filter4d(Cudnn.DATA_FLOAT, Cudnn.TENSOR_NHWC, s.cout(), s.cinPerGroup(), s.kh(), s.kw());
    long output = cudnn.tensor4d(Cudnn.TENSOR_NHWC, Cudnn.DATA_FLOAT, s.n(), s.cout(), s.oh(), s.ow());
    long convolution = cudnn.convolution2d(s.cudnnPadH(), s.cudnnPadW(), s.params().strideH(),
        s.params().strideW(), s.params().dilationH(), s.params().dilationW(), s.params().groups(), mathType);
    long bias = cudnn.tensor4d(Cudnn.TENSOR_NCHW, Cudnn.DATA_FLOAT, 1, s.cout(), 1, 1);
    return new ConvDescriptors(input, filter, output, convolution, bias);
  }

  void destroy(Cudnn cudnn) {
    cudnn.destroyTensor(input);
    cudnn.destroyFilter(filter);
    cudnn.destroyTensor(output);
    cudnn.destroyConvolution(convolution);
    cudnn.destroyTensor(bias);
  }
}
