package org.ostshare.common.schema;

import java.util.Objects;

/**
 * One column of the canonical schema.
 *
 * @param name canonical name (snake case), as in the conformed table
 * @param type value type
 * @param required whether a row without a value is quarantined
 * @param codeSet the vocabulary for {@link ColumnType#CODE} columns, else null
 * @param min inclusive lower bound for numbers, or null
 * @param max inclusive upper bound for numbers, or null
 * @param edfi the Ed-Fi property it corresponds to, or "" where none does
 * @param description what it means, for the data contract
 */
public record ColumnSpec(
    String name,
    ColumnType type,
    boolean required,
    CodeSet codeSet,
    Double min,
    Double max,
    String edfi,
    String description) {

  public ColumnSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
    if ((type == ColumnType.CODE) != (codeSet != null)) {
      throw new IllegalArgumentException("code columns, and only they, name a code set: " + name);
    }
  }

  public static ColumnSpec required(String name, ColumnType type, String edfi, String description) {
    return new ColumnSpec(name, type, true, null, null, null, edfi, description);
  }

  public static ColumnSpec optional(String name, ColumnType type, String edfi, String description) {
    return new ColumnSpec(name, type, false, null, null, null, edfi, description);
  }

  public static ColumnSpec code(
      String name, CodeSet set, boolean required, String edfi, String description) {
    return new ColumnSpec(name, ColumnType.CODE, required, set, null, null, edfi, description);
  }

  /** The same column with numeric bounds. */
  public ColumnSpec between(double lo, double hi) {
    return new ColumnSpec(name, type, required, codeSet, lo, hi, edfi, description);
  }
}
