package org.fovea.core;

/**
 * Root of every error Fovea raises. Unchecked; each subclass carries a message that says what
 * happened and what to do about it.
 */
public class FoveaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FoveaException(String message) {
    super(message);
  }

  public FoveaException(String message, Throwable cause) {
    super(message, cause);
  }

  /** No OpenCL runtime (ICD loader or platform) could be found on this machine. */
  public static final class NoOpenClRuntime extends FoveaException {
    private static final long serialVersionUID = 1L;

    public NoOpenClRuntime(String detail, Throwable cause) {
      super(detail + "\n" + OpenClInstallHint.text(), cause);
    }
  }

  /** The requested device does not exist; the message lists the devices that do. */
  public static final class DeviceNotFound extends FoveaException {
    private static final long serialVersionUID = 1L;

    public DeviceNotFound(String message) {
      super(message);
    }
  }

  /** An OpenCL program failed to compile; the message holds the op, the defines and the log. */
  public static final class KernelBuildFailed extends FoveaException {
    private static final long serialVersionUID = 1L;
    private final String buildLog;

    public KernelBuildFailed(String message, String buildLog) {
      super(message + "\n--- build log ---\n" + buildLog);
      this.buildLog = buildLog;
    }

    public String buildLog() {
      return buildLog;
    }
  }

  /** An allocation does not fit the device (single-allocation limit or total memory). */
  public static final class OutOfGpuMemory extends FoveaException {
    private static final long serialVersionUID = 1L;

    public OutOfGpuMemory(String message) {
      super(message);
    }
  }

  /** Bad arguments: shape or type mismatch, negative sigma, wrong array length, ... */
  public static final class InvalidArgument extends FoveaException {
    private static final long serialVersionUID = 1L;

    public InvalidArgument(String message) {
      super(message);
    }
  }

  /** An OpenCL call failed for another reason; the message names the call and the error code. */
  public static final class OpenClError extends FoveaException {
    private static final long serialVersionUID = 1L;

    public OpenClError(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
