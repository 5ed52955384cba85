package org.ostshare.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ostshare.common.schema.Domain.ASSESSMENTS;
import static org.ostshare.common.schema.Domain.ATTENDANCE;
import static org.ostshare.common.schema.Domain.CALENDAR;
import static org.ostshare.common.schema.Domain.CONSENTS;
import static org.ostshare.common.schema.Domain.DISCIPLINE;
import static org.ostshare.common.schema.Domain.ENROLLMENTS;
import static org.ostshare.common.schema.Domain.GRADES;
import static org.ostshare.common.schema.Domain.OPT_OUTS;
import static org.ostshare.common.schema.Domain.PARTNERS;
import static org.ostshare.common.schema.Domain.PROGRAMS;
import static org.ostshare.common.schema.Domain.PROGRAM_ATTENDANCE;
import static org.ostshare.common.schema.Domain.PROGRAM_ENROLLMENTS;
import static org.ostshare.common.schema.Domain.SCHOOLS;
import static org.ostshare.common.schema.Domain.STUDENTS;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.ostshare.common.schema.Domain;

/** Which domains ingest validates together: each only after every domain it references. */
class ValidationOrderTest {

  @Test
  void domainsAreGroupedByTheDepthOfTheirReferences() {
    assertThat(IngestJob.byReferenceDepth(List.of(Domain.values()), Function.identity()))
        .containsExactly(
            List.of(SCHOOLS, STUDENTS, PARTNERS),
            List.of(
                CALENDAR,
                ENROLLMENTS,
                OPT_OUTS,
                ATTENDANCE,
                ASSESSMENTS,
                GRADES,
                DISCIPLINE,
                PROGRAMS,
                CONSENTS),
            List.of(PROGRAM_ENROLLMENTS, PROGRAM_ATTENDANCE));
  }

  @Test
  void everyReferencedDomainIsInAnEarlierGroup() {
    List<Domain> done = new ArrayList<>();
    for (List<Domain> group : IngestJob.byReferenceDepth(List.of(Domain.values()), d -> d)) {
      for (Domain d : group) {
        assertThat(d.references())
            .as(d.table())
            .allSatisfy(r -> assertThat(done).contains(r.targetDomain()));
      }
      done.addAll(group);
    }
    assertThat(done).containsExactlyInAnyOrder(Domain.values());
  }

  @Test
  void aSubsetKeepsItsOrderWithinEachGroup() {
    assertThat(
            IngestJob.byReferenceDepth(
                List.of(PROGRAM_ATTENDANCE, GRADES, SCHOOLS, CALENDAR), Function.identity()))
        .containsExactly(List.of(SCHOOLS), List.of(GRADES, CALENDAR), List.of(PROGRAM_ATTENDANCE));
  }
}
