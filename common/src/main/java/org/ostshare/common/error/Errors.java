package org.ostshare.common.error;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The one place that builds user-facing errors. Each message has three parts: the problem (with the
 * values involved), the reason it matters, and the remedy.
 */
public final class Errors {
  private Errors() {}

  /** A message in the house style: problem, reason, remedy. */
  public static OstshareException of(
      OstshareException.Kind kind, String problem, String reason, String remedy) {
    return new OstshareException(kind, compose(problem, reason, remedy), null);
  }

  public static OstshareException settings(String problem, String reason, String remedy) {
    return of(OstshareException.Kind.SETTINGS, problem, reason, remedy);
  }

  public static OstshareException agreement(String problem, String reason, String remedy) {
    return of(OstshareException.Kind.AGREEMENT, problem, reason, remedy);
  }

  public static OstshareException input(String problem, String reason, String remedy) {
    return of(OstshareException.Kind.INPUT, problem, reason, remedy);
  }

  public static OstshareException quality(String problem, String reason, String remedy) {
    return of(OstshareException.Kind.QUALITY, problem, reason, remedy);
  }

  public static OstshareException privacy(String problem, String reason, String remedy) {
    return of(OstshareException.Kind.PRIVACY, problem, reason, remedy);
  }

  public static OstshareException refused(String problem, String reason, String remedy) {
    return of(OstshareException.Kind.REFUSED, problem, reason, remedy);
  }

  /** Keeps the cause for debugging (logged at DEBUG); the message stays the user's. */
  public static OstshareException withCause(
      OstshareException.Kind kind, String problem, String reason, String remedy, Throwable cause) {
    return new OstshareException(kind, compose(problem, reason, remedy), cause);
  }

  /** Quotes and joins names for messages: 'a', 'b', 'c'. */
  public static String quoted(Collection<?> names) {
    return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
  }

  private static String compose(String problem, String reason, String remedy) {
    StringBuilder b = new StringBuilder(problem.strip());
    if (reason != null && !reason.isBlank()) {
      b.append("\n  Why: ").append(reason.strip());
    }
    if (remedy != null && !remedy.isBlank()) {
      b.append("\n  Fix: ").append(remedy.strip());
    }
    return b.toString();
  }
}
