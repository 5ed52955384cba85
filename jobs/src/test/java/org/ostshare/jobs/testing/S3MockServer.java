package org.ostshare.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for integration tests: Adobe S3Mock's executable jar, started as a
 * separate JVM on 127.0.0.1 with a free port (inside the test JVM its Spring Boot clashes with
 * Spark's Log4j and Jackson), waited for, and stopped after the test class with its files.
 *
 * <pre>{@code @RegisterExtension static final S3MockServer S3 = new S3MockServer("warehouse");}
 * </pre>
 *
 * <p>The S3 API is served on 127.0.0.1 only. S3Mock 5 always opens a second plain-HTTP connector
 * (it cannot be switched off and binds all interfaces); it gets a random free port and no test
 * talks to it.
 */
public final class S3MockServer implements BeforeAllCallback, AfterAllCallback {
  public static final String REGION = "us-east-1";

  /** Test credentials (S3Mock accepts any): the settings name these variables. */
  public static final String ACCESS_KEY_ENV = "OSTSHARE_IT_S3_KEY";

  public static final String SECRET_KEY_ENV = "OSTSHARE_IT_S3_SECRET";
  public static final String ACCESS_KEY = "AKIAOSTSHAREIT0000001";
  public static final String SECRET_KEY = "it-secret-Zq8v2LbT7rW4nX9kP3sM6yH1";

  private final List<String> buckets;
  private Path dir;
  private Process process;
  private int port;
  private S3Client client;

  public S3MockServer(String... buckets) {
    this.buckets = List.of(buckets);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Path jar = Processes.requiredFile("ostshare.s3mock.jar");
    dir = Processes.workDir("s3mock");
    port = Processes.freePort();
    Path log = dir.resolve("s3mock.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Processes.java());
    cmd.add("-Xmx384m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.add("--server.address=127.0.0.1");
    cmd.add("--server.port=" + port);
    cmd.add("--server.ssl.enabled=false");
    cmd.add("--http.port=0");
    cmd.add("--com.adobe.testing.s3mock.store.root=" + dir.resolve("store"));
    cmd.add("--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets));
    cmd.add("--com.adobe.testing.s3mock.store.region=" + REGION);
    cmd.add("--spring.main.banner-mode=off");
    process = Processes.start(cmd, Map.of(), dir, log);
    Processes.await("S3Mock", process, log, Duration.ofMinutes(3), this::answers);
    client =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint()))
            .region(Region.of(REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    Processes.stop(process);
    deleteTree(dir);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The environment that holds the credentials the settings name. */
  public Map<String, String> env() {
    return Map.of(ACCESS_KEY_ENV, ACCESS_KEY, SECRET_KEY_ENV, SECRET_KEY);
  }

  /** {@code --set} options that point ostshare at this server. */
  public List<String> settings() {
    return List.of(
        "ostshare.s3.endpoint=\"" + endpoint() + "\"",
        "ostshare.s3.region=" + REGION,
        "ostshare.s3.path-style-access=true",
        "ostshare.s3.access-key-env=" + ACCESS_KEY_ENV,
        "ostshare.s3.secret-key-env=" + SECRET_KEY_ENV);
  }

  public S3Client client() {
    return client;
  }

  /** Every key under a prefix, sorted. */
  public List<String> keys(String bucket, String prefix) {
    return client
        .listObjectsV2Paginator(
            ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
        .contents()
        .stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  /** Uploads a local folder's files under a prefix, keeping their relative paths. */
  public int upload(Path folder, String bucket, String prefix) {
    try (Stream<Path> files = Files.walk(folder)) {
      List<Path> list = files.filter(Files::isRegularFile).toList();
      for (Path f : list) {
        String key = prefix + "/" + folder.relativize(f).toString().replace('\\', '/');
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
      }
      return list.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean answers() {
    try {
      HttpResponse<Void> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || Boolean.getBoolean("ostshare.it.keep") || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: target/ is cleaned by the next 'mvn clean'
    }
  }
}
