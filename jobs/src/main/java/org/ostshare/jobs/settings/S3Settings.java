package org.ostshare.jobs.settings;

import java.util.regex.Pattern;

/**
 * How the S3A file system reaches object storage when a warehouse or input path is {@code
 * s3a://bucket/prefix}. Holds no secret: credentials come from the standard AWS provider chain
 * (instance profile, web identity, {@code AWS_*} variables, {@code ~/.aws}) or, when the names are
 * set, from the environment variables named here. Their values are read only when Spark starts
 * ({@link org.ostshare.jobs.spark.SparkSessions}) and never logged.
 *
 * @param endpoint endpoint of an S3-compatible store, e.g. {@code http://127.0.0.1:9000}; empty for
 *     AWS S3 itself
 * @param region signing region, e.g. {@code us-east-1}; empty lets S3A find it
 * @param pathStyleAccess bucket in the path rather than the host name (most non-AWS stores)
 * @param accessKeyEnv name of the variable holding the access key id; empty for the provider chain
 * @param secretKeyEnv name of the variable holding the secret access key
 * @param sessionTokenEnv name of the variable holding a session token (temporary credentials)
 */
public record S3Settings(
    String endpoint,
    String region,
    boolean pathStyleAccess,
    String accessKeyEnv,
    String secretKeyEnv,
    String sessionTokenEnv) {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Whether credentials come from named environment variables rather than the provider chain. */
  public boolean namedCredentials() {
    return !accessKeyEnv.isEmpty();
  }

  static S3Settings from(Keys k) {
    String endpoint = k.string("endpoint").strip();
    if (!endpoint.isEmpty() && !endpoint.matches("^(https?://)?[^\\s/]+(:\\d+)?/?$")) {
      throw k.bad(
          "endpoint",
          "is '" + endpoint + "'",
          "a host, host:port or http(s)://host:port, e.g. https://s3.eu-west-1.amazonaws.com");
    }
    String access = envName(k, "access-key-env");
    String secret = envName(k, "secret-key-env");
    String token = envName(k, "session-token-env");
    if (access.isEmpty() != secret.isEmpty()) {
      throw k.bad(
          access.isEmpty() ? "access-key-env" : "secret-key-env",
          "is empty while " + (access.isEmpty() ? "secret-key-env" : "access-key-env") + " is set",
          "both names set (credentials from those variables) or both empty (the AWS provider"
              + " chain)");
    }
    if (!token.isEmpty() && access.isEmpty()) {
      throw k.bad(
          "session-token-env",
          "is set without access-key-env and secret-key-env",
          "all three names for temporary credentials");
    }
    return new S3Settings(
        endpoint, k.string("region").strip(), k.bool("path-style-access"), access, secret, token);
  }

  private static String envName(Keys k, String key) {
    String v = k.string(key).strip();
    if (!v.isEmpty() && !ENV_NAME.matcher(v).matches()) {
      // a secret pasted where a variable name belongs: say so without echoing it
      throw k.bad(
          key,
          "is not the name of an environment variable",
          "a variable name such as AWS_ACCESS_KEY_ID; never the key itself, which must stay out of"
              + " settings files");
    }
    return v;
  }
}
