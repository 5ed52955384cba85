package org.ostshare.jobs.settings;

import java.util.List;
import org.ostshare.common.publish.MeasureSettings;
import org.ostshare.common.schema.CodeSet;

/**
 * Publishing to partners: where agreements and deliveries live, how pseudonym keys are found, and
 * the thresholds of the report-card measures.
 *
 * @param agreements folder of agreement files (one {@code *.conf} per agreement)
 * @param deliveryRoot root of the per-partner delivery folders (folder or s3a:// URI)
 * @param secretVariable default name of a partner's pseudonym-key environment variable; {@code
 *     {partner}} stands for the partner id
 * @param parallelPartners partners published at the same time
 * @param measures thresholds of the report-card measures
 */
public record PublishSettings(
    String agreements,
    String deliveryRoot,
    String secretVariable,
    int parallelPartners,
    MeasureSettings measures) {

  static PublishSettings from(Keys k) {
    String secret = k.nonEmpty("secret-variable");
    if (!secret.contains("{partner}")) {
      throw k.bad(
          "secret-variable",
          "is '" + secret + "' without {partner}",
          "a name like OSTSHARE_KEY_{partner}, so each partner has its own key");
    }
    Keys chronic = k.section("chronic-absence");
    Keys tiers = chronic.section("tiers");
    double atRisk = tiers.doubleBetween("at-risk", 0, 1);
    double moderate = tiers.doubleBetween("moderate", 0, 1);
    double severe = tiers.doubleBetween("severe", 0, 1);
    if (!(atRisk <= moderate && moderate <= severe)) {
      throw tiers.bad(
          "moderate", "is out of order", "at-risk <= moderate <= severe (shares of days absent)");
    }
    List<String> passing = k.strings("passing-marks");
    for (String m : passing) {
      if (!CodeSet.MARK.contains(m)) {
        throw k.bad("passing-marks", "holds '" + m + "'", "marks among " + CodeSet.MARK.codes());
      }
    }
    return new PublishSettings(
        k.nonEmpty("agreements"),
        k.nonEmpty("delivery-root"),
        secret,
        k.intBetween("parallel-partners", 1, 64),
        new MeasureSettings(
            chronic.doubleBetween("threshold", 0, 1),
            chronic.intBetween("min-days-enrolled", 0, 366),
            atRisk,
            moderate,
            severe,
            passing));
  }
}
