package org.ostshare.common.summer;

import java.util.List;

/** RAND's dosage groups for summer programmes, in reporting order. */
public enum DosageGroup {
  /** Not enrolled in any summer programme. */
  NON_PARTICIPANT,
  /** Enrolled, attended no day. */
  NO_SHOW,
  /** Attended at least once, below the high threshold. */
  LOW,
  /** Attended at least the high threshold (default 20 days). */
  HIGH;

  /** Groups compared with non-participants in the model. */
  public static final List<DosageGroup> COMPARED = List.of(NO_SHOW, LOW, HIGH);

  /** The model term of this group's dummy. */
  public String term() {
    return "group_" + name();
  }
}
