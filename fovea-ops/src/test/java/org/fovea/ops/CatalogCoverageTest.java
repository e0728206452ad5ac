package org.fovea.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.fovea.core.Gpu;
import org.fovea.ops.testkit.Covers;
import org.junit.jupiter.api.Test;

/**
 * The catalog is complete: every op of the registry has its kernels, a CPU-reference test (a test
 * carrying {@link Covers} with its name) and an up-to-date reference page under docs/reference/.
 */
class CatalogCoverageTest {
  static final Path DOCS = Path.of("..", "docs", "reference");

  @Test
  void everyOpNamesKernelsThatExist() {
    List<String> missing = new ArrayList<>();
    for (OpDescriptor d : OpRegistry.all()) {
      if (d.kernels().isEmpty()) missing.add(d.name() + " lists no kernel");
      for (String k : d.kernels()) {
        boolean found =
            k.startsWith("core:")
                ? Gpu.class.getResource("kernels/" + k.substring(5)) != null
                : OpSupport.class.getResource("kernels/" + k) != null;
        if (!found) missing.add(d.name() + ": kernel " + k + " not found");
      }
    }
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  @Test
  void everyOpHasACpuReferenceTest() throws IOException {
    Set<String> covered = coveredOps();
    List<String> missing = new ArrayList<>();
    for (OpDescriptor d : OpRegistry.all()) if (!covered.contains(d.name())) missing.add(d.name());
    assertTrue(missing.isEmpty(), "ops without a @Covers test: " + missing);
    Set<String> unknown = new HashSet<>(covered);
    OpRegistry.all().forEach(d -> unknown.remove(d.name()));
    assertTrue(unknown.isEmpty(), "@Covers names ops that do not exist: " + unknown);
  }

  @Test
  void everyOpHasAnUpToDateReferencePage() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : ReferenceDocs.pages().entrySet()) {
      Path p = DOCS.resolve(e.getKey());
      if (!Files.isRegularFile(p)) problems.add("missing " + p);
      else if (!Files.readString(p, StandardCharsets.UTF_8).equals(e.getValue()))
        problems.add("stale " + p);
    }
    assertTrue(
        problems.isEmpty(),
        "Run ./fovea docs to regenerate the reference:\n" + String.join("\n", problems));
  }

  @Test
  void everyOpIsInTheClassNamedAfterItsCategory() {
    List<String> misfiled = new ArrayList<>();
    for (OpDescriptor d : OpRegistry.all()) {
      String holder = d.method().getDeclaringClass().getSimpleName();
      if (!holder.equals(d.category().opClassName())) {
        misfiled.add(d.name() + " (" + d.category() + ") is in " + holder);
      }
    }
    assertTrue(misfiled.isEmpty(), "ops outside their category's class: " + misfiled);
    Set<String> classes = new HashSet<>();
    for (Class<?> c : OpRegistry.OP_CLASSES) classes.add(c.getSimpleName());
    for (Category c : Category.values()) {
      assertTrue(classes.remove(c.opClassName()), "no op class for " + c);
    }
    assertTrue(classes.isEmpty(), "op classes without a category: " + classes);
  }

  @Test
  void registryRejectsNothingAndNamesAreUnique() {
    Set<String> names = new HashSet<>();
    for (OpDescriptor d : OpRegistry.all()) {
      assertTrue(names.add(d.name()), d.name());
      assertFalse(d.doc().isBlank(), d.name() + " has no doc");
      assertTrue(d.dimensions().length > 0, d.name());
    }
  }

  /** Scans the compiled test classes of this module for {@link Covers}. */
  static Set<String> coveredOps() throws IOException {
    Path root = Path.of("target", "test-classes");
    Set<String> covered = new HashSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String cls =
            root.relativize(f)
                .toString()
                .replace('/', '.')
                .replace('\\', '.')
                .replaceAll("\\.class$", "");
        Class<?> c;
        try {
          c = Class.forName(cls, false, CatalogCoverageTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        Covers onClass = c.getAnnotation(Covers.class);
        if (onClass != null) covered.addAll(List.of(onClass.value()));
        for (Method m : c.getDeclaredMethods()) {
          Covers cv = m.getAnnotation(Covers.class);
          if (cv != null) covered.addAll(List.of(cv.value()));
        }
      }
    }
    return covered;
  }
}
