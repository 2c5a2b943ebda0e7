package dev.waflows.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which package may import which: the package maps of the {@code package-info.java} files as a
 * test. Runs over the production classes only.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.waflows.operator";
  private static final Path SOURCES = Path.of("src/main/java/dev/waflows/operator");

  private static final String RECONCILER = ROOT + ".reconciler..";
  private static final String OPS = ROOT + ".ops..";
  private static final String FABRIC8 = "io.fabric8..";
  private static final String KUBERNETES_CLIENT = "io.fabric8.kubernetes.client..";
  private static final String JOSDK = "io.javaoperatorsdk..";
  private static final String OKHTTP = "okhttp3..";

  /**
   * Packages and what they must never import. Add a row for a new package; a row for a package that
   * does not exist yet passes, so a rule can come before the code.
   */
  private static final List<Forbidden> FORBIDDEN =
      List.of(
          new Forbidden("keys", "crypto only", RECONCILER, OPS, FABRIC8, JOSDK, OKHTTP),
          new Forbidden("graph", "HTTP client only", RECONCILER, OPS, FABRIC8, JOSDK),
          new Forbidden("flows", "Flows wire format only", RECONCILER, OPS, FABRIC8, JOSDK, OKHTTP),
          new Forbidden(
              "endpoint", "the endpoint probe's HTTP side", RECONCILER, OPS, FABRIC8, JOSDK),
          new Forbidden(
              "proxy", "the Flows endpoint proxy", RECONCILER, OPS, FABRIC8, JOSDK, OKHTTP),
          new Forbidden("management", "HTTP serving only", RECONCILER, OPS, FABRIC8, JOSDK, OKHTTP),
          new Forbidden("access", "Kubernetes access reviews only", RECONCILER, OPS, JOSDK, OKHTTP),
          new Forbidden("watch", "a leaf", RECONCILER, OPS),
          new Forbidden("api", "the resource model", RECONCILER, OPS),
          new Forbidden("metrics", "a leaf", RECONCILER, OPS),
          new Forbidden("config", "a leaf", RECONCILER, OPS),
          new Forbidden("reconciler.spec", "pure", KUBERNETES_CLIENT, OKHTTP),
          new Forbidden("reconciler.claims", "pure", KUBERNETES_CLIENT, OKHTTP),
          new Forbidden("reconciler.contested", "pure", KUBERNETES_CLIENT, OKHTTP, JOSDK),
          new Forbidden("reconciler.status", "Events go through secrets.KeyEvents", OKHTTP));

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  record Forbidden(String pkg, String why, String... packages) {
    ArchRule rule() {
      return noClasses()
          .that()
          .resideInAPackage(ROOT + "." + pkg + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packages)
          .because(pkg + " is " + why)
          .allowEmptyShould(true);
    }
  }

  @Test
  void leavesImportNeitherTheReconcilerNorTheWiringNorWhatTheirRoleExcludes() {
    FORBIDDEN.forEach(f -> f.rule().check(CLASSES));
  }

  @Test
  void nothingButOpsImportsOps() {
    noClasses()
        .that()
        .resideOutsideOfPackage(OPS)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(OPS)
        .because("ops is the wiring: it knows every package and none knows it")
        .check(CLASSES);
  }

  @Test
  void noPackageCycles() {
    slices()
        .matching(ROOT + ".(**)")
        .should()
        .beFreeOfCycles()
        .because("dependencies point one way")
        .check(CLASSES);
  }

  /** Each reconciler package imports only what its package-info lists under "May import". */
  @Test
  void reconcilerPackagesImportOnlyWhatTheirPackageMapAllows() throws IOException {
    Map<String, List<String>> allowed = reconcilerPackageMaps();
    assertThat(allowed)
        .containsKeys(
            "reconciler",
            "reconciler.claims",
            "reconciler.contested",
            "reconciler.controller",
            "reconciler.endpoint",
            "reconciler.rotation",
            "reconciler.secrets",
            "reconciler.spec",
            "reconciler.status",
            "reconciler.verification");
    allowed.forEach((pkg, imports) -> mayImportOnly(pkg, imports).check(CLASSES));
  }

  /**
   * The rule really fails: with {@code reconciler} left out of its map, the status reporter breaks
   * it.
   */
  @Test
  void aForbiddenImportIsReported() {
    JavaClasses reporter =
        new ClassFileImporter()
            .importClasses(dev.waflows.operator.reconciler.status.StatusReporter.class);
    ArchRule withoutTheSharedPass =
        mayImportOnly("reconciler.status", List.of("api", "graph", "reconciler.secrets"));
    EvaluationResult result = withoutTheSharedPass.evaluate(reporter);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("ReconcilePass");
  }

  private static ArchRule mayImportOnly(String pkg, List<String> imports) {
    List<String> ours = new ArrayList<>();
    ours.add(ROOT + "." + pkg);
    imports.forEach(i -> ours.add(ROOT + "." + i));
    return classes()
        .that()
        .resideInAPackage(ROOT + "." + pkg)
        .should()
        .onlyDependOnClassesThat(
            JavaClass.Predicates.resideOutsideOfPackage(ROOT + "..")
                .or(JavaClass.Predicates.resideInAnyPackage(ours.toArray(String[]::new))))
        .because("the package map of " + pkg + " allows only " + imports);
  }

  private static final Pattern MAY_IMPORT =
      Pattern.compile("May import:((?:\\s*\\{@code\\s+[\\w.]+},?)+)\\.");
  private static final Pattern CODE = Pattern.compile("\\{@code\\s+([\\w.]+)}");

  /** "May import: {@code a}, {@code b}." from every package-info under reconciler. */
  private static Map<String, List<String>> reconcilerPackageMaps() throws IOException {
    Map<String, List<String>> maps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve("reconciler"))) {
      for (Path info : files.filter(p -> p.endsWith("package-info.java")).toList()) {
        String text = Files.readString(info).replaceAll("\\n\\s*\\*\\s*", " ");
        Matcher m = MAY_IMPORT.matcher(text);
        assertThat(m.find()).as(info + " states what it may import").isTrue();
        List<String> imports = new ArrayList<>();
        Matcher code = CODE.matcher(m.group(1));
        while (code.find()) {
          imports.add(code.group(1));
        }
        String pkg = SOURCES.relativize(info.getParent()).toString().replace('/', '.');
        maps.put(pkg, imports);
      }
    }
    return maps;
  }
}
