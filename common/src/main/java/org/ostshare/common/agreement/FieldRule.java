package org.ostshare.common.agreement;

/**
 * One field an agreement releases, with its transform.
 *
 * @param domain shared domain name, e.g. "student"
 * @param field column name, e.g. "first_name"
 * @param transform how the value is changed
 * @param bandWidth width of the bands for {@link Transform#BANDED}, else 0
 */
public record FieldRule(String domain, String field, Transform transform, double bandWidth) {
  public String qualified() {
    return domain + "." + field;
  }

  /** "student.student_id (pseudonym)" or "student.first_name". */
  public String describe() {
    return transform == Transform.NONE
        ? qualified()
        : qualified()
            + " ("
            + transform.key()
            + (transform == Transform.BANDED ? " " + fmt(bandWidth) : "")
            + ")";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
