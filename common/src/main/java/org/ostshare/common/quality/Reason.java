package org.ostshare.common.quality;

/**
 * Why an input row was quarantined. The code is stable (tests, reports and the generator's planted
 * truth use it); the quarantine row also carries a message with the column and value.
 */
public enum Reason {
  /** The line does not split into the expected number of fields, or its quoting is broken. */
  MALFORMED_LINE("the line does not have the expected fields"),
  /** The bytes are not valid in the configured character set. */
  BAD_ENCODING("the line is not valid in the configured encoding"),
  /** A required column is empty. */
  MISSING_REQUIRED("a required value is empty"),
  /** A date matches none of the configured formats, or is not a real day (2025-02-30). */
  BAD_DATE("a date cannot be read"),
  /** A number or whole number cannot be read. */
  BAD_NUMBER("a number cannot be read"),
  /** A yes/no value is neither a configured true value nor a false value. */
  BAD_BOOLEAN("a yes/no value cannot be read"),
  /** A number or date is outside its allowed range (e.g. percentile 140, birth in 1890). */
  OUT_OF_RANGE("a value is outside its allowed range"),
  /** A code is not in the column's code set after the source's code mapping. */
  UNKNOWN_CODE("a code is not known"),
  /** Two values that must be in order are not (exit before entry, high grade below low). */
  OUT_OF_ORDER("two values are out of order"),
  /** The same row appears again; the first copy is kept. */
  DUPLICATE_ROW("an exact copy of another row"),
  /** Rows share a key but differ; none is trusted. */
  CONFLICTING_KEY("another row has the same key with different values"),
  /** A reference names a student, school, partner or programme that is not known. */
  UNKNOWN_REFERENCE("refers to something that does not exist"),
  /** A roster row has neither a district id nor a full name and birth date. */
  MISSING_IDENTITY("names no student: no district id, and no name with birth date"),
  /**
   * A roster row without a district id names a student whose own students row was quarantined:
   * matching on name and birth date could choose another student who shares them.
   */
  QUARANTINED_STUDENT("names, without a district id, a student whose own record is quarantined");

  private final String meaning;

  Reason(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
