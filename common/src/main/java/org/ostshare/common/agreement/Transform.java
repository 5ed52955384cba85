package org.ostshare.common.agreement;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.ostshare.common.schema.ColumnType;

/** How a listed field is changed before it leaves. */
public enum Transform {
  /** Released as is. */
  NONE("none", Set.of(ColumnType.values())),
  /** Keyed HMAC-SHA256 (hex) with the partner's own secret: stable, unlinkable across partners. */
  PSEUDONYM("pseudonym", Set.of(ColumnType.STRING, ColumnType.CODE)),
  /** A date reduced to its year. */
  YEAR_ONLY("year-only", Set.of(ColumnType.DATE)),
  /** A number reduced to its band, e.g. "200-209" for width 10. */
  BANDED("banded", Set.of(ColumnType.DECIMAL, ColumnType.INTEGER)),
  /** Text reduced to its first character followed by "***". */
  MASKED("masked", Set.of(ColumnType.STRING, ColumnType.CODE));

  private final String key;
  private final Set<ColumnType> fits;

  Transform(String key, Set<ColumnType> fits) {
    this.key = key;
    this.fits = fits;
  }

  public String key() {
    return key;
  }

  /** Whether the transform applies to values of this type. */
  public boolean fits(ColumnType type) {
    return fits.contains(type);
  }

  public Set<ColumnType> fitting() {
    return fits;
  }

  public static Optional<Transform> byKey(String key) {
    return Arrays.stream(values()).filter(b -> b.key.equals(key)).findFirst();
  }
}
