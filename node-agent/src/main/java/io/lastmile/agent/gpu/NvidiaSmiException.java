package io.lastmile.agent.gpu;

/**
 * nvidia-smi could not be run or did not answer usefully. The message says what went wrong and what
 * an operator can do about it, because it ends up in the agent's startup log on a remote edge box.
 */
public final class NvidiaSmiException extends RuntimeException {
  public NvidiaSmiException(String message) {
    super(message);
  }

  public NvidiaSmiException(String message, Throwable cause) {
    super(message, cause);
  }
}
