package org.ostshare.common.summer;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ostshare.common.stats.Ols;
import org.ostshare.common.stats.OlsBlocks;
import scala.Tuple2;

/**
 * The sufficient statistics of OLS computed where the rows live, one small array per model key
 * (e.g. per subject): X'X, X'y, y'y and n in one pass; then, given β, the HC1 meat Σ e_i² x_i x_i'
 * in a second pass and the cluster meat Σ_g u_g u_g' from per-cluster sums u_g = Σ e_i x_i. Only
 * k×k arrays per key reach the driver, never rows.
 *
 * <p>The input holds one double column per term (already built by a {@link Design}), the outcome,
 * the model key and the cluster id; rows with a null in any of them are left out.
 */
public final class DistributedOls {
  private DistributedOls() {}

  /** Cluster-robust meat of one model, with the number of clusters. */
  public record ClusterMeat(double[][] meat, long clusters) {}

  /** The meats of one model under its fitted β. */
  public record Meats(double[][] hc1, ClusterMeat cluster) {}

  /** X'X, X'y, y'y, n per key, in one pass over the rows. */
  public static Map<String, OlsBlocks> blocks(
      Dataset<Row> rows, String key, List<String> terms, String y) {
    int k = terms.size();
    JavaPairRDD<String, double[]> acc =
        select(rows, key, null, terms, y)
            .javaRDD()
            .mapToPair(r -> new Tuple2<>(r.getString(0), r))
            .aggregateByKey(
                new double[k * k + k + 2], (a, r) -> addRow(a, r, k), DistributedOls::addInPlace);
    Map<String, OlsBlocks> out = new HashMap<>();
    for (Tuple2<String, double[]> t : acc.collect()) {
      out.put(t._1(), unpack(terms, t._2()));
    }
    return out;
  }

  /** The HC1 and cluster meats per key under the fitted β of each key (two more passes). */
  public static Map<String, Meats> meats(
      Dataset<Row> rows,
      String key,
      String cluster,
      List<String> terms,
      String y,
      Map<String, Ols.Fit> fits) {
    int k = terms.size();
    Map<String, double[]> betas = new HashMap<>();
    fits.forEach((name, fit) -> betas.put(name, fit.betaForResiduals()));
    Dataset<Row> selected = select(rows, key, cluster, terms, y);
    // pass 2: Σ e² x x' per key
    List<Tuple2<String, double[]>> hc =
        selected
            .javaRDD()
            .filter(r -> betas.containsKey(r.getString(0)))
            .mapToPair(r -> new Tuple2<>(r.getString(0), r))
            .aggregateByKey(
                new double[k * k],
                (m, r) -> {
                  double[] x = x(r, k, 2);
                  double e = residual(r.getDouble(2 + k), x, betas.get(r.getString(0)));
                  outer(m, x, e * e);
                  return m;
                },
                DistributedOls::addInPlace)
            .collect();
    // pass 3: u_g = Σ_{i∈g} e_i x_i per (key, cluster), then Σ_g u_g u_g' per key
    List<Tuple2<String, double[]>> cl =
        selected
            .javaRDD()
            .filter(r -> betas.containsKey(r.getString(0)))
            .mapToPair(r -> new Tuple2<>(new Tuple2<>(r.getString(0), r.getString(1)), r))
            .aggregateByKey(
                new double[k],
                (u, r) -> {
                  double[] x = x(r, k, 2);
                  double e = residual(r.getDouble(2 + k), x, betas.get(r.getString(0)));
                  for (int i = 0; i < k; i++) {
                    u[i] += e * x[i];
                  }
                  return u;
                },
                DistributedOls::addInPlace)
            .mapToPair(
                t -> {
                  double[] m = new double[k * k + 1];
                  outer(m, t._2(), 1);
                  m[k * k] = 1; // one cluster
                  return new Tuple2<>(t._1()._1(), m);
                })
            .reduceByKey(DistributedOls::addInPlace)
            .collect();
    Map<String, double[][]> hcMap = new HashMap<>();
    hc.forEach(t -> hcMap.put(t._1(), square(t._2(), k)));
    Map<String, Meats> out = new HashMap<>();
    for (Tuple2<String, double[]> t : cl) {
      long g = Math.round(t._2()[k * k]);
      out.put(t._1(), new Meats(hcMap.get(t._1()), new ClusterMeat(square(t._2(), k), g)));
    }
    return out;
  }

  private static Dataset<Row> select(
      Dataset<Row> rows, String key, String cluster, List<String> terms, String y) {
    List<Column> cols = new ArrayList<>();
    cols.add(col(key).cast("string"));
    cols.add(cluster == null ? col(key).cast("string") : col(cluster).cast("string"));
    terms.forEach(t -> cols.add(col(t).cast("double")));
    cols.add(col(y).cast("double"));
    return rows.select(cols.toArray(Column[]::new)).na().drop();
  }

  private static double[] x(Row r, int k, int offset) {
    double[] x = new double[k];
    for (int i = 0; i < k; i++) {
      x[i] = r.getDouble(offset + i);
    }
    return x;
  }

  private static double residual(double y, double[] x, double[] beta) {
    double fit = 0;
    for (int i = 0; i < x.length; i++) {
      fit += x[i] * beta[i];
    }
    return y - fit;
  }

  /** Adds one row to [X'X (k·k) | X'y (k) | y'y | n]. */
  private static double[] addRow(double[] a, Row r, int k) {
    double[] x = x(r, k, 2);
    double y = r.getDouble(2 + k);
    outer(a, x, 1);
    for (int i = 0; i < k; i++) {
      a[k * k + i] += x[i] * y;
    }
    a[k * k + k] += y * y;
    a[k * k + k + 1] += 1;
    return a;
  }

  private static void outer(double[] m, double[] x, double w) {
    int k = x.length;
    for (int i = 0; i < k; i++) {
      double xi = x[i] * w;
      if (xi != 0) {
        for (int j = 0; j < k; j++) {
          m[i * k + j] += xi * x[j];
        }
      }
    }
  }

  private static double[] addInPlace(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static double[][] square(double[] a, int k) {
    double[][] m = new double[k][k];
    for (int i = 0; i < k; i++) {
      System.arraycopy(a, i * k, m[i], 0, k);
    }
    return m;
  }

  private static OlsBlocks unpack(List<String> terms, double[] a) {
    int k = terms.size();
    double[] xty = new double[k];
    System.arraycopy(a, k * k, xty, 0, k);
    return new OlsBlocks(terms, square(a, k), xty, a[k * k + k], Math.round(a[k * k + k + 1]));
  }
}
