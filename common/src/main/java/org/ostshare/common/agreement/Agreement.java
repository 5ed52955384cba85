package org.ostshare.common.agreement;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ostshare.common.schema.SharedDomain;

/**
 * A data-sharing agreement, bound to the shared schema: every field it lists exists, every
 * transform fits its field, its dates are possible and its partner is in the registry. Built only
 * by {@link AgreementBinder}. Default deny: a field not in {@link #fields()} never leaves.
 *
 * @param source where the agreement was read from (for messages), e.g. a file name
 * @param destroyAfterDays days after the end of a delivery's period by which the partner must
 *     destroy it; null when the agreement sets none (the delivery is then destroyed at expiry)
 * @param grades grade scope; empty means every grade
 * @param graceDays days a programme enrolment still counts after it ends
 * @param secret the partner's pseudonym key, or null when no field is pseudonymised
 */
public record Agreement(
    String id,
    int version,
    String partner,
    Basis basis,
    String purpose,
    LocalDate signed,
    LocalDate effective,
    LocalDate expires,
    String cadence,
    Integer destroyAfterDays,
    List<String> grades,
    ServedRule served,
    int graceDays,
    RecordWindow window,
    List<FieldRule> fields,
    Secret secret,
    String source) {

  public Agreement {
    grades = List.copyOf(grades);
    fields = List.copyOf(fields);
  }

  /** "DSA-2025-017 v3". */
  public String label() {
    return id + " v" + version;
  }

  /** Whether the agreement is signed and in force on a date. */
  public boolean inForce(LocalDate asOf) {
    return !signed.isAfter(asOf) && !effective.isAfter(asOf) && !expires.isBefore(asOf);
  }

  /** Why the agreement is not in force on a date, if it is not. */
  public Optional<String> notInForce(LocalDate asOf) {
    if (signed.isAfter(asOf)) {
      return Optional.of("agreement " + label() + " is signed only on " + signed);
    }
    if (effective.isAfter(asOf)) {
      return Optional.of("agreement " + label() + " takes effect only on " + effective);
    }
    if (expires.isBefore(asOf)) {
      return Optional.of("agreement " + label() + " expired on " + expires);
    }
    return Optional.empty();
  }

  /** The date by which a delivery for a period ending on {@code periodEnd} must be destroyed. */
  public LocalDate destroyBy(LocalDate periodEnd) {
    return destroyAfterDays == null ? expires : periodEnd.plusDays(destroyAfterDays);
  }

  /** The domains the agreement releases anything of, in catalogue order. */
  public List<SharedDomain> domains() {
    return java.util.Arrays.stream(SharedDomain.values())
        .filter(d -> fields.stream().anyMatch(f -> f.domain().equals(d.key())))
        .toList();
  }

  /** The fields released of one domain, in the agreement's order. */
  public List<FieldRule> fields(SharedDomain domain) {
    return fields.stream().filter(f -> f.domain().equals(domain.key())).toList();
  }

  /** Field lists per domain key, for manifests and logs. */
  public Map<String, List<String>> fieldNames() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (SharedDomain d : domains()) {
      out.put(d.key(), fields(d).stream().map(FieldRule::field).toList());
    }
    return out;
  }

  /** Whether a directory opt-out withholds directory fields (not under consent). */
  public boolean withholdsDirectoryOnOptOut() {
    return basis != Basis.CONSENT;
  }

  /** Directory fields this agreement lists in the student domain. */
  public Set<String> directoryFields() {
    return java.util.stream.Stream.of(SharedDomain.STUDENT)
        .flatMap(d -> fields(d).stream())
        .map(FieldRule::field)
        .filter(SharedDomain.DIRECTORY_FIELDS::contains)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
