package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;

/**
 * The sizes of one conv2d call, checked and derived once: NHWC input {@code [n, h, w, cin]}, HWIO weights
 * {@code [kh, kw, cin/groups, cout]}, NHWC output {@code [n, oh, ow, cout]}. As a GEMM per group: {@link #rows()}
 * output pixels × {@link #depth()} × {@link #outputsPerGroup()}.
 */
record ConvGeometry(int n, int h, int w, int cin, int oh, int ow, int cout, Conv2dParams params) {
  int groups() {
    return params.groups();
  }

  int inputsPerGroup() {
    return cin / params.groups();
  }

  int outputsPerGroup() {
    return cout / params.groups();
  }

  /** GEMM rows: output pixels over the whole batch. */
  int rows() {
    return Math.multiplyExact(Math.multiplyExact(n, oh), ow);
  }

  /** GEMM depth: one output pixel's receptive field within a group. */
  int depth() {
    return params.kernelH() * params.kernelW() * inputsPerGroup();
  }

  /** A 1×1, stride-1, unpadded conv: the NHWC input already is the GEMM's A matrix {@code [n*h*w, cin]}. */
  boolean inputIsGemmRows() {
    return params.kernelH() == 1
        && params.kernelW() == 1
        && params.strideH() == 1
        && params.strideW() == 1
        && params.padTop() == 0
        && params.padBottom() == 0
        && params.padLeft() == 0
        && params.padRight() == 0;
  }
}
