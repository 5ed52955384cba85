// What a quarterly run's Delta tables cost with almost no data: the floor under `ostshare run`
// (docs/benchmarks.md, item 42). From the project root, once `bin/ostshare --version` has built the
// jar and written the runtime class path, with the launcher's JVM flags:
//
//   opens=$(sed -n '/^opens=/,/useDirectMethodHandle/p' bin/ostshare | tr -d '"\\' | sed 's/^opens=//')
//   jit=$(sed -n '/^jit=/,/400000"/p' bin/ostshare | tr -d '"\\' | sed 's/^jit=//')
//   /usr/bin/time -v jshell -R-Xmx8g -R-XX:+UseParallelGC $(printf -- ' -R%s' $opens $jit) \
//     --class-path "jobs/target/ostshare-jobs-0.1.0-SNAPSHOT-all.jar:$(cat jobs/target/runtime-classpath.txt)" \
//     docs/experiments/delta-floor.jsh
//
// It starts a session with conf/local.conf's settings, then writes the tables that a first run of
// a generated district writes (46 tables in 60 commits: the 14 conformed tables created empty,
// then appended to; 32 others written at once), each of 100 rows, four at a time as the
// pipeline's stages do, and prints the times. It reads, validates and joins nothing. The tables
// go to /tmp/delta-floor-<pid>; remove them afterwards.
import java.util.concurrent.*;
import org.apache.spark.sql.*;
import static org.apache.spark.sql.functions.*;

long t0 = System.nanoTime();
var spark = SparkSession.builder().master("local[*]").
    config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension").
    config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog").
    config("spark.sql.shuffle.partitions", "2").
    config("spark.databricks.delta.snapshotPartitions", "2").
    config("spark.sql.adaptive.enabled", "false").
    config("spark.buffer.pageSize", "8m").
    config("spark.ui.showConsoleProgress", "false").
    getOrCreate();
spark.sparkContext().setLogLevel("WARN");
long session = System.nanoTime();
System.out.printf("session: %.1f s%n", (session - t0) / 1e9);

String root = "/tmp/delta-floor-" + ProcessHandle.current().pid();
var rows = spark.range(100).select(col("id").cast("string").as("student_id"),
    concat(lit("name "), col("id").cast("string")).as("name"));

void created(String path) {
  io.delta.tables.DeltaTable.createIfNotExists(spark).location(path).
      addColumn("student_id", "STRING", false).addColumn("name", "STRING").
      addColumn("period", "STRING", false).partitionedBy("period").execute();
  rows.withColumn("period", lit("2025-Q4")).write().format("delta").mode("append").save(path);
}

void written(String path) {
  rows.withColumn("period", lit("2025-Q4")).write().format("delta").mode("overwrite").
      partitionBy("period").save(path);
}

var pool = Executors.newFixedThreadPool(4);
var tasks = new java.util.ArrayList<Callable<Object>>();
for (int i = 0; i < 14; i++) { String p = root + "/conformed/t" + i; tasks.add(() -> { created(p); return null; }); }
for (int i = 0; i < 32; i++) { String p = root + "/other/t" + i; tasks.add(() -> { written(p); return null; }); }
for (var f : pool.invokeAll(tasks)) f.get();
pool.shutdown();
long end = System.nanoTime();
System.out.printf("46 tables, 60 commits: %.1f s; session and tables: %.1f s%n",
    (end - session) / 1e9, (end - t0) / 1e9);
/exit
