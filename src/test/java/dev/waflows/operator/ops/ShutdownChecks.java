package dev.waflows.operator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waflows.operator.keys.KeySecretReader;
import dev.waflows.operator.keys.LoadedKey;
import dev.waflows.operator.keys.PublicKeys;
import dev.waflows.sandbox.GraphSandbox;
import dev.waflows.sandbox.StoredKey;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What must hold however a shutdown interrupted the operator. */
final class ShutdownChecks {

  private ShutdownChecks() {}

  /**
   * The key Secret is absent or whole (both files, readable, one pair), and Graph holds no key for
   * the numbers but the one in the Secret.
   *
   * @return the key in the Secret, if there is one
   */
  static Optional<LoadedKey> assertConsistent(
      Optional<Secret> secret, GraphSandbox graph, List<String> numbers) throws Exception {
    Optional<LoadedKey> key = Optional.empty();
    if (secret.isPresent()) {
      Map<String, byte[]> data = new HashMap<>();
      secret.get().getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
      assertThat(data).containsOnlyKeys("private.pem", "public.pem");
      // Throws unless both parse and form one RSA-2048 pair.
      LoadedKey loaded = KeySecretReader.read(data, null);
      assertThat(loaded.hasPrivateKey()).isTrue();
      key = Optional.of(loaded);
    }
    for (String id : numbers) {
      Optional<StoredKey> stored = graph.storedKey(id);
      if (stored.isPresent()) {
        assertThat(key).as("%s is registered, so the Secret must exist", id).isPresent();
        assertThat(PublicKeys.sameKey(key.get().publicKey(), stored.get().pem()))
            .as("%s holds the Secret's key", id)
            .isTrue();
      }
    }
    return key;
  }
}
