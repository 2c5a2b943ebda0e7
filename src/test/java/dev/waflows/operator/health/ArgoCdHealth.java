package dev.waflows.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the shipped Argo CD health check ({@code deploy/argocd/health.lua}) on a resource with a
 * real Lua 5.1 interpreter, the way Argo CD does: the resource is the global {@code obj}, the
 * script returns {@code hs} with {@code status} and {@code message}. The script runs in a sandbox
 * with only the base, string, table and math libraries, so a script that reached for {@code io} or
 * {@code os} would fail here as it may in Argo CD.
 *
 * <p>Needs {@code lua5.1} (Debian package lua5.1): skipped locally without it, failed in CI.
 */
public final class ArgoCdHealth {

  /** Argo CD's health statuses that the script may return. */
  public enum Status {
    HEALTHY,
    PROGRESSING,
    DEGRADED,
    SUSPENDED;

    /** The spelling Argo CD uses ("Healthy"). */
    public String argoName() {
      String lower = name().toLowerCase(Locale.ROOT);
      return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
  }

  /** What the script returned. */
  public record Health(Status status, String message) {}

  public static final Path SCRIPT = Path.of("deploy/argocd/health.lua");

  // Loads the script as Argo CD does (a chunk with obj as a global), in a sandbox; prints the
  // status on the first line and the message after it.
  private static final String HARNESS =
      """
      local env = {
        obj = OBJ, ipairs = ipairs, pairs = pairs, next = next, type = type,
        tostring = tostring, tonumber = tonumber, error = error, pcall = pcall,
        select = select, unpack = unpack, string = string, table = table, math = math,
      }
      local chunk = assert(loadfile(arg[1]))
      setfenv(chunk, env)
      local hs = chunk()
      assert(type(hs) == "table", "the script must return a table")
      io.write(tostring(hs.status), "\\n", tostring(hs.message or ""))
      """;

  private ArgoCdHealth() {}

  /**
   * The health Argo CD would show for the resource: a Fabric8 object, a {@code Map}, a Jackson tree
   * or JSON text.
   */
  public static Health evaluate(Object resource) {
    String program = "local OBJ = " + toLua(ResourceJson.tree(resource)) + "\n" + HARNESS;
    ExternalTool.Run run;
    try {
      run = ExternalTool.LUA.run(program, List.of("-", SCRIPT.toAbsolutePath().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(run.exitCode()).as("lua5.1 failed: %s", run.stderr()).isZero();
    String[] lines = run.stdout().split("\n", 2);
    Status status = Status.valueOf(lines[0].toUpperCase(Locale.ROOT));
    assertThat(status.argoName()).as("status spelled as Argo CD expects").isEqualTo(lines[0]);
    return new Health(status, lines.length > 1 ? lines[1] : "");
  }

  /** A JSON tree as a Lua table constructor, as Argo CD converts the object (nulls are nil). */
  static String toLua(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("nil");
    } else if (node.isObject()) {
      out.append('{');
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          continue;
        }
        out.append('[');
        string(field.getKey(), out);
        out.append("]=");
        write(field.getValue(), out);
        out.append(',');
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('{');
      for (JsonNode item : node) {
        write(item, out);
        out.append(',');
      }
      out.append('}');
    } else if (node.isNumber()) {
      out.append(node.numberValue().toString());
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
    } else {
      string(node.asText(), out);
    }
  }

  // Every byte outside printable ASCII, and the quote and backslash, as a decimal escape: Lua 5.1
  // strings are bytes, so UTF-8 text arrives unchanged.
  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        out.append((char) c);
      } else {
        out.append('\\').append(String.format("%03d", c));
      }
    }
    out.append('"');
  }
}
