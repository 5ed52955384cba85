package org.ostshare.common.publish;

/**
 * Why a candidate student of a partner is or is not delivered. Candidates are the district students
 * matched to any roster row of one of the partner's programmes. The first rule a student fails, in
 * this order, is its reason.
 */
public enum Reason {
  /** Delivered with every listed field. */
  INCLUDED(true),
  /** Delivered, with directory fields withheld (directory opt-out, basis is not consent). */
  INCLUDED_DIRECTORY_WITHHELD(true),
  /** The partner is not approved on the as-of date: nobody is delivered. */
  PARTNER_NOT_APPROVED(false),
  /** The agreement is not signed or not in force on the as-of date: nobody is delivered. */
  AGREEMENT_NOT_IN_FORCE(false),
  /** No programme enrolment of the partner meets the agreement's served rule. */
  NOT_SERVED(false),
  /** A district-wide opt-out of all data sharing is in effect. */
  ALL_SHARING_OPT_OUT(false),
  /** Basis is consent and no consent for this partner is in effect on the as-of date. */
  NO_CONSENT(false),
  /** The student's grade on the as-of date is outside the agreement's grade scope. */
  OUT_OF_GRADE_SCOPE(false),
  /** Basis is directory and the student has a directory opt-out: nothing is left to share. */
  DIRECTORY_OPT_OUT(false);

  private final boolean delivered;

  Reason(boolean delivered) {
    this.delivered = delivered;
  }

  public boolean delivered() {
    return delivered;
  }
}
