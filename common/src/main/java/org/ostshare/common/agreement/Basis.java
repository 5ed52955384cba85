package org.ostshare.common.agreement;

import java.util.Arrays;
import java.util.Optional;

/** The FERPA legal basis of a disclosure (34 CFR 99.31), as written in an agreement. */
public enum Basis {
  /** 99.31(a)(1): an outsourced function under the district's direct control. */
  SCHOOL_OFFICIAL("school-official"),
  /** 99.31(a)(6): studies for the district; needs a purpose and a destruction date. */
  STUDIES("studies"),
  /** 99.30: written parental consent for this partner. */
  CONSENT("consent"),
  /** 99.31(a)(11): directory information only. */
  DIRECTORY("directory");

  private final String key;

  Basis(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<Basis> byKey(String key) {
    return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst();
  }
}
