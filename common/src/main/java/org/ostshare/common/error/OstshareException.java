package org.ostshare.common.error;

/**
 * A problem a user can fix: bad settings, an agreement that names something unknown, input that
 * cannot be read. Built only by {@link Errors}, so every message states what is wrong, why, and how
 * to fix it. The command line prints the message without a stack trace and exits with {@link
 * #exitCode()}.
 */
public final class OstshareException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem this is; each kind has its own process exit code. */
  public enum Kind {
    /** Settings or command-line values are wrong. */
    SETTINGS(3),
    /** An agreement or the partner registry is wrong. */
    AGREEMENT(4),
    /** Input data is missing, unreadable, or too broken to use. */
    INPUT(5),
    /** A data-quality gate stopped the run (e.g. too many quarantined rows). */
    QUALITY(6),
    /** A privacy check failed: something would be published that must not be. */
    PRIVACY(7),
    /** Anything else the pipeline refuses to do, with a reason. */
    REFUSED(8);

    private final int exitCode;

    Kind(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Kind kind;

  OstshareException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public int exitCode() {
    return kind.exitCode();
  }
}
