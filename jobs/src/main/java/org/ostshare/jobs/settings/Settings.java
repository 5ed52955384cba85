package org.ostshare.jobs.settings;

/**
 * Every setting of a run, read once at start-up, validated, and immutable. Jobs take what they need
 * from here and hand plain values to transforms; nothing deeper reads configuration.
 *
 * @param warehouse root of all Delta tables (folder or s3a:// URI)
 * @param input root of the district's input files
 */
public record Settings(
    String warehouse,
    String input,
    SparkSettings spark,
    IngestSettings ingest,
    GenerateSettings generate,
    AnalyseSettings analyse) {

  /** Resolves a path setting against a root unless it is absolute or a URI. */
  public static String resolve(String root, String path) {
    if (path.startsWith("/") || path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return path;
    }
    return root.endsWith("/") ? root + path : root + "/" + path;
  }

  public Settings withWarehouse(String newWarehouse) {
    return new Settings(newWarehouse, input, spark, ingest, generate, analyse);
  }

  public Settings withAnalyse(AnalyseSettings newAnalyse) {
    return new Settings(warehouse, input, spark, ingest, generate, newAnalyse);
  }

  public Settings withInput(String newInput) {
    return new Settings(warehouse, newInput, spark, ingest, generate, analyse);
  }
}
