package org.ostshare.common.publish;

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
import org.ostshare.common.agreement.Secret;

/**
 * Pseudonymous keys: HMAC-SHA256 of the value under the partner's own secret, as 64 hex digits. The
 * same student gets the same pseudonym from one partner's key in every run, and unrelated
 * pseudonyms under two partners' keys, so partners cannot link their lists. The secret travels to
 * executors inside the function (as any Spark closure does) and is never printed.
 */
public final class Pseudonym {
  private Pseudonym() {}

  /** The pseudonym of one value (for tests and for the driver; never for student loops). */
  public static String of(Secret secret, String value) {
    return new Hmac(secret.bytes()).call(value);
  }

  /** A column of pseudonyms of a string column; null stays null. */
  public static Column column(Column value, Secret secret) {
    UserDefinedFunction f = functions.udf(new Hmac(secret.bytes()), DataTypes.StringType);
    return f.apply(value.cast(DataTypes.StringType));
  }

  private static final class Hmac implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;
    private final byte[] key;
    private transient Mac mac;

    Hmac(byte[] key) {
      this.key = key;
    }

    @Override
    public String call(String value) {
      if (value == null) {
        return null;
      }
      try {
        if (mac == null) {
          mac = Mac.getInstance("HmacSHA256");
          mac.init(new SecretKeySpec(key, "HmacSHA256"));
        }
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    }

    @Override
    public String toString() {
      return "Hmac[***]";
    }
  }
}
