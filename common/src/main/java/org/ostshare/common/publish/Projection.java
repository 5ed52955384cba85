package org.ostshare.common.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;
import org.ostshare.common.agreement.Agreement;
import org.ostshare.common.agreement.FieldRule;
import org.ostshare.common.schema.ColumnSpec;
import org.ostshare.common.schema.SharedDomain;

/**
 * Field projection: the columns an agreement releases of one shared domain, with their transforms,
 * as Spark expressions. Default deny: only listed fields are produced; nothing else of the input
 * row survives a {@code select} of these columns.
 */
public final class Projection {
  private Projection() {}

  /**
   * @param directoryWithheld a boolean column, true for rows whose directory fields must be
   *     withheld (the value becomes null, the row stays); null when nothing is withheld
   */
  public static List<Column> columns(
      Agreement agreement, SharedDomain domain, Column directoryWithheld) {
    List<Column> out = new ArrayList<>();
    for (FieldRule rule : agreement.fields(domain)) {
      ColumnSpec spec = domain.column(rule.field()).orElseThrow();
      Column c = col(rule.field());
      if (directoryWithheld != null
          && domain == SharedDomain.STUDENT
          && SharedDomain.DIRECTORY_FIELDS.contains(rule.field())) {
        c = when(directoryWithheld, lit(null).cast(spec.type().sparkType())).otherwise(c);
      }
      out.add(transform(c, rule, agreement).as(rule.field()));
    }
    return out;
  }

  static Column transform(Column c, FieldRule rule, Agreement agreement) {
    switch (rule.transform()) {
      case NONE:
        return c;
      case PSEUDONYM:
        return Pseudonym.column(c, agreement.secret());
      case YEAR_ONLY:
        return year(c);
      case MASKED:
        return when(c.isNull(), lit(null).cast(DataTypes.StringType))
            .otherwise(concat(substring(c, 1, 1), lit("***")));
      case BANDED:
        double w = rule.bandWidth();
        Column lower = floor(c.divide(w)).multiply(w);
        boolean whole = w == Math.rint(w);
        Column lo = whole ? lower.cast(DataTypes.LongType) : lower;
        Column hi = whole ? lower.plus(w - 1).cast(DataTypes.LongType) : lower.plus(w);
        return when(c.isNull(), lit(null).cast(DataTypes.StringType))
            .otherwise(
                concat(
                    lo.cast(DataTypes.StringType),
                    lit(whole ? "-" : " to <"),
                    hi.cast(DataTypes.StringType)));
      default:
        throw new IllegalStateException("unknown transform " + rule.transform());
    }
  }
}
