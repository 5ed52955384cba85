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
    PublishSettings publish,
    AnalyseSettings analyse) {

  /**
   * A relative local path made absolute against the working directory (Spark and Delta treat a
   * relative path as a table name in places); URIs such as s3a://... are kept as they are.
   */
  public static String absolute(String path) {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return path;
    }
    return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
  }

  /** Resolves a path setting against a root unless it is absolute or a URI. */
  public static String resolve(String root, String path) {
    if (path.startsWith("/") || path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return path;
    }
    return root.endsWith("/") ? root + path : root + "/" + path;
  }

  public Settings withWarehouse(String newWarehouse) {
    return new Settings(newWarehouse, input, spark, ingest, generate, publish, analyse);
  }

  public Settings withInput(String newInput) {
    return new Settings(warehouse, newInput, spark, ingest, generate, publish, analyse);
  }

  public Settings withGenerate(GenerateSettings newGenerate) {
    return new Settings(warehouse, input, spark, ingest, newGenerate, publish, analyse);
  }

  public Settings withPublish(PublishSettings newPublish) {
    return new Settings(warehouse, input, spark, ingest, generate, newPublish, analyse);
  }

  public Settings withAnalyse(AnalyseSettings newAnalyse) {
    return new Settings(warehouse, input, spark, ingest, generate, publish, newAnalyse);
  }
}
