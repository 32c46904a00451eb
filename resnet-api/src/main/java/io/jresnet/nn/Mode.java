package io.jresnet.nn;

/** Forward mode: training uses batch statistics and keeps what backward needs; evaluation uses running ones. */
public enum Mode {
  TRAIN,
  EVAL
}
