package io.jresnet.cuda.ffi;

/** A CUDA, cuDNN or cuBLAS call that returned an error status; the message names the call and the status. */
public final class CudaCallException extends RuntimeException {
  private final int status;

  public CudaCallException(String call, int status, String statusText) {
    super(call + " failed: " + statusText + " (status " + status + ")");
    this.status = status;
  }

  /** The library's status code. */
  public int status() {
    return status;
  }
}
