package org.ostshare.jobs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.AgreementBinder;
import org.ostshare.common.agreement.Basis;
import org.ostshare.common.agreement.FieldRule;
import org.ostshare.common.agreement.Transform;

/** The demo agreements in conf/agreements bind, and cover every basis and transform. */
class AgreementExamplesTest {
  @Test
  void demoAgreementsBindAndCoverEveryBasisAndTransform() {
    Map<String, String> env =
        Map.of(
            "OSTSHARE_KEY_P001", "demo-key-P001-not-a-secret-0123456789",
            "OSTSHARE_KEY_P002", "demo-key-P002-not-a-secret-0123456789",
            "OSTSHARE_KEY_P003", "demo-key-P003-not-a-secret-0123456789",
            "OSTSHARE_KEY_P004", "demo-key-P004-not-a-secret-0123456789");
    List<Agreement> all =
        AgreementCatalog.load(
            Path.of("..", "conf", "agreements"),
            new AgreementBinder.Context(
                Set.of("P001", "P002", "P003", "P004", "P005", "P006"),
                env,
                "OSTSHARE_KEY_{partner}"));
    assertThat(all).hasSize(6);
    assertThat(all.stream().map(Agreement::basis).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Basis.values());
    assertThat(
            all.stream()
                .flatMap(a -> a.fields().stream())
                .map(FieldRule::transform)
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Transform.values());
    Agreement study =
        all.stream().filter(a -> a.basis() == Basis.STUDIES).findFirst().orElseThrow();
    assertThat(study.fields())
        .filteredOn(f -> f.qualified().equals("assessment.scale_score"))
        .extracting(FieldRule::transform, FieldRule::bandWidth)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Transform.BANDED, 10.0));
  }
}
