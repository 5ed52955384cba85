package org.ostshare.common.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Keyed pseudonyms: HMAC-SHA256 of an identifier, hex encoded. Without the key a pseudonym cannot
 * be reversed or recomputed from a guessed id; with a different key per recipient, two recipients
 * cannot link their rows. The key comes from the environment, never from settings files or logs.
 */
public final class Pseudonym {
  private Pseudonym() {}

  /** HMAC-SHA256 of {@code id} under {@code key}, as 64 lower-case hex characters. */
  public static String of(byte[] key, String id) {
    if (id == null) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** A column expression computing the pseudonym of {@code id} (the key travels in the closure). */
  public static Column column(byte[] key, Column id) {
    byte[] k = key.clone();
    UserDefinedFunction udf =
        functions.udf((UDF1<String, String>) s -> of(k, s), DataTypes.StringType);
    return udf.apply(id);
  }
}
