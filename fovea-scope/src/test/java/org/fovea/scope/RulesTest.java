package org.fovea.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesTest {
  static List<Rules.Rule> parse(String json) {
    return Rules.parse(json, "test.json", ScopeRun.knownMeasurements());
  }

  static String error(String json) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(json));
    return e.getMessage();
  }

  @Test
  void parsesConditionsActionsAndDurations() {
    List<Rules.Rule> rs =
        parse(
            "{\"rules\": [{\"name\": \"r\", \"when\": \"spot_count > 300 and min_sector_density <= 0.6\","
                + " \"for\": 3, \"exitWhen\": \"min_sector_density > 0.75\", \"exitFor\": 2,"
                + " \"minDwell\": \"1 h 30 min\", \"once\": true,"
                + " \"then\": [{\"mark\": \"x\"}, {\"interval\": \"10 min\"},"
                + " {\"burst\": {\"count\": 5, \"interval\": \"90 s\"}}, {\"stop\": \"done\"}],"
                + " \"onExit\": [{\"interval\": \"default\"}]}]}");
    Rules.Rule r = rs.get(0);
    assertEquals(2, r.when().size());
    assertEquals(new Rules.Condition("min_sector_density", "<=", 0.6), r.when().get(1));
    assertEquals(3, r.forStacks());
    assertEquals(1.5, r.minDwellHours(), 1e-12);
    assertEquals(
        List.of(
            new Rules.Mark("x"),
            new Rules.SetInterval(10),
            new Rules.Burst(5, 1.5),
            new Rules.Stop("done")),
        r.then());
    assertEquals(List.of(new Rules.SetInterval(-1)), r.onExit());
  }

  @Test
  void everyActionIsWrittenInTheFormItIsReadFrom() {
    Rules.Rule r =
        parse(
                "{\"name\": \"r\", \"when\": \"spot_count > 3\", \"then\": [{\"mark\": \"x\"},"
                    + " {\"interval\": \"10 min\"}, {\"burst\": {\"count\": 5, \"interval\":"
                    + " \"90 s\"}}, {\"stop\": \"done\"}], \"onExit\": [{\"interval\":"
                    + " \"default\"}]}")
            .get(0);
    List<Rules.Rule> again = parse(Json.write(Map.of("rules", List.of(Rules.toJson(r)))));
    assertEquals(r.then(), again.get(0).then());
    assertEquals(r.onExit(), again.get(0).onExit());
    assertEquals(List.copyOf(Rules.ACTIONS.keySet()), List.of("interval", "burst", "mark", "stop"));
  }

  @Test
  void anActionChangesTheRunOnlyThroughItsOwnMethod() {
    StringBuilder log = new StringBuilder();
    Rules.Controls c =
        new Rules.Controls() {
          public void setInterval(double minutes) {
            log.append("interval ").append(minutes).append(';');
          }

          public void burst(int count, double minutes) {
            log.append("burst ").append(count).append('/').append(minutes).append(';');
          }

          public void mark(String event) {
            log.append("mark ").append(event).append(';');
          }

          public void stop(String reason) {
            log.append("stop ").append(reason).append(';');
          }
        };
    for (Rules.Action a :
        List.of(
            new Rules.SetInterval(10),
            Rules.SetInterval.configured(),
            new Rules.Burst(5, 1.5),
            new Rules.Mark("x"),
            new Rules.Stop("done"))) {
      a.apply(c);
    }
    assertEquals("interval 10.0;interval -1.0;burst 5/1.5;mark x;stop done;", log.toString());
  }

  @Test
  void parseErrorsSayWhatAndWhere() {
    assertTrue(
        error("{\"name\": \"r\", \"when\": \"spot_cnt > 3\", \"then\": [{\"mark\": \"x\"}]}")
            .contains("unknown measurement \"spot_cnt\""));
    assertTrue(
        error("{\"name\": \"r\", \"when\": \"spot_count >> 3\", \"then\": [{\"mark\": \"x\"}]}")
            .contains("cannot read the condition \"spot_count >> 3\""));
    assertTrue(error("{\"name\": \"r\", \"when\": \"spot_count > 3\"}").contains("then: missing"));
    assertTrue(
        error(
                "{\"name\": \"r\", \"when\": \"spot_count > 3\", \"then\": [{\"interval\": \"ten\"}]}")
            .contains("cannot read the duration \"ten\""));
    assertTrue(
        error("{\"name\": \"r\", \"when\": \"spot_count > 3\", \"then\": [{\"jump\": 1}]}")
            .contains("unknown action; known actions: interval, burst, mark, stop"));
    assertTrue(
        error("{\"name\": \"r\", \"wen\": \"spot_count > 3\", \"then\": [{\"mark\": \"x\"}]}")
            .contains("unknown key \"wen\""));
    String syntax = error("{\"name\": \"r\",\n  \"when\": \"spot_count > 3\" \"then\": []}");
    assertTrue(syntax.startsWith("test.json:2:"), syntax);
    assertTrue(syntax.contains("expected ',' or '}'"), syntax);
    assertTrue(
        error(
                "{\"name\": \"r\", \"when\": \"spot_count > 3\", \"for\": 0, \"then\": [{\"mark\": \"x\"}]}")
            .contains("for: must be at least 1"));
  }

  @Test
  void windowHysteresisDwellAndOnce() {
    Rules.Engine e =
        new Rules.Engine(
            parse(
                "{\"name\": \"r\", \"when\": \"spot_count > 10\", \"for\": 2,"
                    + " \"exitWhen\": \"spot_count < 5\", \"exitFor\": 1, \"minDwell\": \"2 h\","
                    + " \"then\": [{\"mark\": \"on\"}], \"onExit\": [{\"mark\": \"off\"}]}"));
    double[] counts = {11, 3, 11, 11, 8, 3, 3, 3, 12, 12};
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      for (Rules.Firing f : e.evaluate(i, Map.of("spot_count", counts[i]))) {
        log.append(i).append(':').append(f.transition()).append(' ');
      }
    }
    // enters after two stacks in a row (i=3); 8 is between the thresholds (hysteresis: stays on);
    // at i=5 the exit condition holds but the dwell (2 h from i=3) ends at i=5 -> exits at 5;
    // re-enters after two more stacks above 10 (i=9)
    assertEquals("3:enter 5:exit 9:enter ", log.toString());

    Rules.Engine once =
        new Rules.Engine(
            parse(
                "{\"name\": \"r\", \"when\": \"spot_count > 10\", \"once\": true, \"then\": [{\"mark\": \"on\"}]}"));
    int enters = 0;
    for (double c : new double[] {11, 1, 11, 1, 11}) {
      for (Rules.Firing f : once.evaluate(0, Map.of("spot_count", c))) {
        if (f.transition().equals("enter")) enters++;
      }
    }
    assertEquals(1, enters);
  }

  @Test
  void inlineWindowAsInTheIssue() {
    Rules.Rule r =
        parse(
                "{\"name\": \"r\", \"when\": \"spot_count_rate > 20 for 3 stacks\","
                    + " \"exitWhen\": \"spot_count_rate < 5 for 2 stacks\","
                    + " \"then\": [{\"interval\": \"2 min\"}]}")
            .get(0);
    assertEquals(List.of(new Rules.Condition("spot_count_rate", ">", 20)), r.when());
    assertEquals(3, r.forStacks());
    assertEquals(2, r.exitFor());
    assertTrue(
        error(
                "{\"name\": \"r\", \"when\": \"spot_count > 1 for 3 stacks\", \"for\": 2,"
                    + " \"then\": [{\"mark\": \"x\"}]}")
            .contains("given twice"));
  }

  @Test
  void missingOrNanMeasurementNeverFires() {
    Rules.Engine e =
        new Rules.Engine(
            parse(
                "{\"name\": \"r\", \"when\": \"spot_count_rate < 0\", \"then\": [{\"mark\": \"x\"}]}"));
    assertTrue(e.evaluate(0, Map.of("spot_count_rate", Double.NaN)).isEmpty());
    assertTrue(e.evaluate(0, Map.of()).isEmpty());
    assertEquals(1, e.evaluate(0, Map.of("spot_count_rate", -1.0)).size());
  }

  @Test
  void durationsAndTimeText() {
    assertEquals(10, Conf.minutes("10 min"), 0);
    assertEquals(120, Conf.minutes("2 h"), 0);
    assertEquals(0.5, Conf.minutes("30 s"), 1e-12);
    assertEquals(90, Conf.minutes("1 h 30 min"), 0);
    assertEquals(7, Conf.minutes(7.0), 0);
    assertEquals("17 h 50 min", Rules.hoursText(17 + 50 / 60.0));
    assertEquals("1 h 30 min", Rules.minutesText(90));
  }

  @Test
  void jsonRoundTripAndErrors() {
    Object v = Json.parse("{\"a\": [1, 2.5, \"x\\n\\u00e9\"], \"b\": {\"c\": true, \"d\": null}}");
    assertEquals("{\"a\":[1,2.5,\"x\\n\u00e9\"],\"b\":{\"c\":true,\"d\":null}}", Json.write(v));
    assertThrows(Json.ParseException.class, () -> Json.parse("{\"a\": 1,}"));
    assertThrows(Json.ParseException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}"));
    assertThrows(Json.ParseException.class, () -> Json.parse("[1 2]"));
    assertThrows(Json.ParseException.class, () -> Json.parse("\"open"));
  }
}
