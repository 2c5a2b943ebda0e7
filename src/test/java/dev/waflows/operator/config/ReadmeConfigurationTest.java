package dev.waflows.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is {@link OperatorConfig#ALL}: every option, in order, with its
 * flag, environment variable, default and description, and nothing else.
 */
class ReadmeConfigurationTest {

  /** One row of the table: flag | environment | default | meaning. */
  private record Row(String flag, String env, String defaultValue, String meaning) {}

  @Test
  void theTableListsEveryOptionWithItsFlagEnvironmentDefaultAndMeaning() throws Exception {
    List<Row> rows = table(Files.readString(Path.of("README.md")));
    assertThat(rows)
        .extracting(Row::flag)
        .containsExactlyElementsOf(
            OperatorConfig.ALL.stream().map(o -> "`--" + o.flag() + "`").toList());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      ConfigOption o = OperatorConfig.ALL.get(i);
      assertThat(row.env()).as(o.flag()).isEqualTo("`" + o.env() + "`");
      if (o.defaultValue().isEmpty()) {
        // An empty default reads as what it means, e.g. "(all)".
        assertThat(row.defaultValue()).as(o.flag()).matches("\\(.+\\)");
      } else {
        assertThat(row.defaultValue()).as(o.flag()).isEqualTo("`" + o.defaultValue() + "`");
      }
      assertThat(row.meaning()).as(o.flag()).isEqualTo(o.description());
    }
  }

  /** The rows of the first table under "## Configuration" whose header starts with "| flag |". */
  private static List<Row> table(String readme) {
    String section = readme.substring(readme.indexOf("\n## Configuration\n"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    List<String> lines = section.lines().toList();
    int header = lines.indexOf("| flag | environment | default | meaning |");
    assertThat(header).as("the configuration table's header").isNotNegative();
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
      assertThat(cells).as(line).hasSize(4);
      rows.add(new Row(cells[0].trim(), cells[1].trim(), cells[2].trim(), cells[3].trim()));
    }
    return rows;
  }
}
