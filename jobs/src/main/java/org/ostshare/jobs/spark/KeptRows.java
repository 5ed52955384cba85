package org.ostshare.jobs.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Keeps the rows it is applied to ({@link Checkpoints#keep}) and releases them all on close: handed
 * to a transform that keeps an intermediate step, so the caller decides how long it lives.
 */
public final class KeptRows implements UnaryOperator<Dataset<Row>>, AutoCloseable {
  private final List<Dataset<Row>> kept = Collections.synchronizedList(new ArrayList<>());

  @Override
  public Dataset<Row> apply(Dataset<Row> rows) {
    Dataset<Row> k = Checkpoints.keep(rows);
    kept.add(k);
    return k;
  }

  /** Releases every kept step; applying again afterwards keeps anew. */
  @Override
  public void close() {
    synchronized (kept) {
      kept.forEach(Checkpoints::release);
      kept.clear();
    }
  }
}
