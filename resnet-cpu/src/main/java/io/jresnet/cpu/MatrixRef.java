package io.jresnet.cpu;

/**
 * A row-major matrix inside a float array: element {@code (r, c)} is {@code data[offset + r * stride + c]}.
 *
 * @param data the backing array
 * @param offset index of element {@code (0, 0)}
 * @param stride distance between consecutive rows, at least the number of columns used
 */
record MatrixRef(float[] data, int offset, int stride) {}
