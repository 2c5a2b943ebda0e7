package dev.waflows.operator.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waflows.operator.health.ExternalTool;
import dev.waflows.operator.keys.Fixtures;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.OpenSsl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cipher against other implementations: {@code openssl pkeyutl} for the RSA-OAEP parameters,
 * and Node's {@code crypto} sealing and opening the way Meta's Node example endpoint and a WhatsApp
 * client do (src/test/resources/flows/node-flows.js). With SunJCE; {@link NativeFlowsInteropTest}
 * runs the same with the native provider.
 */
class FlowsInteropTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST =
      "{\"version\":\"3.0\",\"action\":\"data_exchange\",\"screen\":\"A\",\"data\":{\"x\":\"ü\"}}";
  private static final String ANSWER = "{\"screen\":\"B\",\"data\":{\"y\":1}}";
  @TempDir Path dir;

  private final FlowsCipher cipher = new FlowsCipher(provider());

  /** The provider under test. */
  CipherProvider provider() {
    return CipherProvider.jdk();
  }

  private final SecureRandom random = new SecureRandom();

  @BeforeEach
  void writeKeys() throws IOException {
    Files.write(dir.resolve("private.pem"), Fixtures.bytes("rsa2048-pkcs8.pem"));
    Files.write(dir.resolve("public.pem"), Fixtures.bytes("rsa2048-public.pem"));
  }

  @Test
  void opensslUnwrapsTheAesKeyWeWrap() throws Exception {
    SealedRequest sealed = cipher.seal(REQUEST.getBytes(StandardCharsets.UTF_8), key().publicKey());
    Files.write(
        dir.resolve("wrapped.bin"), Base64.getDecoder().decode(sealed.body().encryptedAesKey()));

    openssl(
        "pkeyutl", "-decrypt", "-inkey", "private.pem", "-in", "wrapped.bin", "-out", "key.bin");

    assertThat(Files.readAllBytes(dir.resolve("key.bin"))).isEqualTo(sealed.key().aesKey());
  }

  @Test
  void weOpenAnAesKeyOpensslWrapped() throws Exception {
    byte[] aesKey = randomBytes(16);
    byte[] iv = randomBytes(16);
    Files.write(dir.resolve("key.bin"), aesKey);
    openssl(
        "pkeyutl",
        "-encrypt",
        "-pubin",
        "-inkey",
        "public.pem",
        "-in",
        "key.bin",
        "-out",
        "wrapped.bin");
    byte[] flowData = FlowsCipherTest.gcmSeal(aesKey, iv, REQUEST.getBytes(StandardCharsets.UTF_8));

    OpenedRequest opened =
        cipher.open(
            FlowsCipherTest.envelope(Files.readAllBytes(dir.resolve("wrapped.bin")), flowData, iv),
            openingKey());

    assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo(REQUEST);
  }

  @Test
  void anAesKeyOpensslWrappedWithMgf1Sha1DoesNotOpen() throws Exception {
    byte[] aesKey = randomBytes(16);
    byte[] iv = randomBytes(16);
    Files.write(dir.resolve("key.bin"), aesKey);
    ExternalTool.OPENSSL.require();
    ExternalTool.Run run =
        ExternalTool.OPENSSL.run(
            "",
            List.of(
                "pkeyutl",
                "-encrypt",
                "-pubin",
                "-inkey",
                path("public.pem"),
                "-in",
                path("key.bin"),
                "-out",
                path("wrapped.bin"),
                "-pkeyopt",
                "rsa_padding_mode:oaep",
                "-pkeyopt",
                "rsa_oaep_md:sha256",
                "-pkeyopt",
                "rsa_mgf1_md:sha1"));
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    EncryptedRequest request =
        FlowsCipherTest.envelope(
            Files.readAllBytes(dir.resolve("wrapped.bin")),
            FlowsCipherTest.gcmSeal(aesKey, iv, REQUEST.getBytes(StandardCharsets.UTF_8)),
            iv);

    assertThatThrownBy(() -> cipher.open(request, openingKey()))
        .isInstanceOf(CannotDecryptException.class);
  }

  @Test
  void weOpenWhatNodeSealsLikeAWhatsAppClientAndNodeOpensOurAnswer() throws Exception {
    JsonNode sealed = JSON.readTree(node(REQUEST, "seal", path("public.pem")));
    EncryptedRequest request =
        EncryptedRequest.parse(sealed.get("body").toString().getBytes(StandardCharsets.UTF_8));

    OpenedRequest opened = cipher.open(request, openingKey());
    assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo(REQUEST);

    String answer = cipher.sealResponse(ANSWER.getBytes(StandardCharsets.UTF_8), opened);
    assertThat(
            node(
                answer, "open-response", sealed.get("aes_key").asText(), sealed.get("iv").asText()))
        .isEqualTo(ANSWER);
  }

  @Test
  void nodeOpensWhatWeSealAndWeOpenItsAnswerLikeMetasExampleEndpoint() throws Exception {
    Files.writeString(dir.resolve("answer.json"), ANSWER);
    SealedRequest sealed = cipher.seal(REQUEST.getBytes(StandardCharsets.UTF_8), key().publicKey());

    JsonNode endpoint =
        JSON.readTree(
            node(
                new String(sealed.body().toJson(), StandardCharsets.UTF_8),
                "answer",
                path("private.pem"),
                path("answer.json")));

    assertThat(endpoint.get("request").asText()).isEqualTo(REQUEST);
    byte[] answer = cipher.openResponse(endpoint.get("answer").asText(), sealed);
    assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(ANSWER);
  }

  /** As the proxy holds it: prepared once for the provider. */
  private PrivateKey openingKey() {
    return cipher.openingKey(key().privateKey().orElseThrow());
  }

  private static LoadedKey key() {
    return Fixtures.loadedKey("rsa2048-pkcs8.pem", null);
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  /** openssl with the OAEP-SHA256/MGF1-SHA256 options appended, file names in {@link #dir}. */
  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    for (String arg : args) {
      command.add(arg.endsWith(".pem") || arg.endsWith(".bin") ? path(arg) : arg);
    }
    command.addAll(List.of(OpenSsl.OAEP_SHA256));
    ExternalTool.Run run = ExternalTool.OPENSSL.run("", command);
    assertThat(run.exitCode()).as("openssl %s: %s", command, run.stderr()).isZero();
  }

  private String node(String stdin, String... args) throws Exception {
    Path script = dir.resolve("node-flows.js");
    if (!Files.exists(script)) {
      try (InputStream in = getClass().getResourceAsStream("/flows/node-flows.js")) {
        Files.copy(in, script);
      }
    }
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    ExternalTool.Run run = ExternalTool.NODE.run(stdin, command);
    assertThat(run.exitCode()).as("node %s: %s", command, run.stderr()).isZero();
    return run.stdout();
  }
}
