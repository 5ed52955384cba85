package org.ostshare.jobs.ingest;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How the fields of one input file map onto a domain's canonical columns, worked out from the
 * file's header line before any data is read.
 *
 * @param file the file, as {@link SourceFiles#normalize} writes it
 * @param header the header line as decoded (byte-order mark removed), or null when the source has
 *     no header
 * @param fieldCount how many fields every data line must have
 * @param positions for each canonical column (in {@code Domain.columns()} order), the index of its
 *     field in a line, or -1 when the file does not have that (optional) column
 */
public record FileLayout(String file, String header, int fieldCount, int[] positions)
    implements Serializable {

  public FileLayout {
    positions = positions.clone();
  }

  @Override
  public int[] positions() {
    return positions.clone();
  }

  int position(int canonicalIndex) {
    return positions[canonicalIndex];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileLayout f
        && f.file.equals(file)
        && java.util.Objects.equals(f.header, header)
        && f.fieldCount == fieldCount
        && Arrays.equals(f.positions, positions);
  }

  @Override
  public int hashCode() {
    return file.hashCode() * 31 + Arrays.hashCode(positions);
  }

  @Override
  public String toString() {
    return file + " (" + fieldCount + " fields)";
  }
}
