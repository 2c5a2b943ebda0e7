package dev.waflows.operator.graph;

/** Real public keys as openssl writes them: newlines, '+', '/' and (EC) '=' padding. */
final class TestKeys {

  static final String RSA_2048_PUBLIC_PEM =
      """
      -----BEGIN PUBLIC KEY-----
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAo05D3sjuoX2ds8LQ1ILw
      j9oaG8sSHtLiGNnmlT2mDS57t9jVDFCiKw7C0bzTIYnVbMY2QjDVzWR+T7/jfPs1
      OOrn8hydybW81yyLmI66990pKKr6KA2zeqyJ+7PjTapGnWSNnH7X4taC+HI65D/y
      BEvZuE47MRD1d+6Nch3D7woo7sgJuj/BLpB6+VsHXNUhskRz57Zvx0xTT94hYrtd
      DTugAQGLV8bbG8BSsXnrRjjMp1cltoZjxa1pHHb7T7zKjdcjHWyfTAtow+P9SPRI
      h88NREolgUnwWCGDAvlVJX5YxGlDYThigFFMrCs6DVmBe5Y1a8fSGB+DDLG5eHGG
      0QIDAQAB
      -----END PUBLIC KEY-----
      """;

  static final String EC_P256_PUBLIC_PEM =
      """
      -----BEGIN PUBLIC KEY-----
      MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZhptGnOXhfahD6n7TAO96+zjrDsn
      wFlma/k+EWr9C/eklOx7GRBnwZrUU+U5tLQPjrvy1OOsX21R2O1JPPmOJA==
      -----END PUBLIC KEY-----
      """;

  private TestKeys() {}
}
