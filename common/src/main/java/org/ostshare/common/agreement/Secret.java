package org.ostshare.common.agreement;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A partner's pseudonymisation key. Holds the bytes and where they came from; never prints them
 * ({@link #toString()} shows only the source), so a key cannot reach a log or a message.
 */
public final class Secret implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final byte[] key;

  public Secret(String source, byte[] key) {
    this.source = source;
    this.key = key.clone();
  }

  /** Where the key came from, e.g. "environment variable OSTSHARE_KEY_P001". */
  public String source() {
    return source;
  }

  public byte[] bytes() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(key, s.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "Secret[" + source + "]";
  }
}
