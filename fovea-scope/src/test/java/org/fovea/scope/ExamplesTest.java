package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");

  @Test
  void shippedRuleFilesAreTheBuiltInOnes() throws IOException {
    for (String name : List.of("ventral-furrow.json", "serosa-rupture.json")) {
      assertEquals(
          ScopeRun.resource("rules/" + name),
          Files.readString(EXAMPLES.resolve("rules").resolve(name)),
          "examples/rules/" + name + " and the built-in copy in fovea-scope resources differ");
    }
  }

  @Test
  void everyScopeExampleLoads() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(EXAMPLES.resolve("scope"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    for (Path f : files) {
      ScopeRun r = ScopeRun.load(f);
      assertFalse(r.rules().isEmpty(), f + " has no rules");
    }
    ScopeRun demo = ScopeRun.demo();
    assertEquals(2, demo.rules().size());
    assertEquals(
        ScopeRun.load(EXAMPLES.resolve("scope/demo.json")).rules(),
        demo.rules(),
        "demo.json example differs");
  }

  @Test
  void configErrorsNameTheKey() {
    String bad =
        ScopeTesting.config(
            "{\"type\": \"simulator\", \"sed\": 1}", "[]", "{\"interval\": \"10 min\"}");
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ScopeRun.parse(bad, "x.json", Path.of(".")).microscope(10));
    assertTrue(e.getMessage().contains("unknown key \"sed\""), e.getMessage());
    String badRun =
        ScopeTesting.config(ScopeTesting.simulator(0, null), "[]", "{\"policy\": \"sometimes\"}");
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ScopeRun.parse(badRun, "x.json", Path.of(".")));
    assertTrue(e.getMessage().contains("x.json.run.policy"), e.getMessage());
    String badEmbryo =
        ScopeTesting.config(ScopeTesting.simulator(0, "{\"furowHours\": 3}"), "[]", "{}");
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ScopeRun.parse(badEmbryo, "x.json", Path.of(".")).microscope(10));
    assertTrue(e.getMessage().contains("unknown key \"furowHours\""), e.getMessage());
    String missingRules =
        ScopeTesting.config(ScopeTesting.simulator(0, null), "[\"nope.json\"]", "{}");
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ScopeRun.parse(missingRules, "x.json", Path.of(".")));
    assertTrue(e.getMessage().contains("rule file nope.json not found"), e.getMessage());
  }
}
