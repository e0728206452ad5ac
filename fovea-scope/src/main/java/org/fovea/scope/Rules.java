package org.fovea.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declarative event rules, read from JSON. A rule file holds one rule object or {@code {"rules":
 * [...]}}:
 *
 * <pre>{@code
 * {"name": "ventral furrow",
 *  "when": "min_sector_density < 0.6 and spot_count > 300",  // all must hold
 *  "for": 1,                                  // ... on this many analysed stacks in a row
 *  "exitWhen": "min_sector_density > 0.75",   // hysteresis (default: 'when' no longer holds)
 *  "exitFor": 2,
 *  "minDwell": "2 h",                         // stay active at least this long (experiment time)
 *  "once": true,                              // never fire again after leaving
 *  "then":   [{"mark": "ventral furrow formation"}, {"interval": "10 min"}],
 *  "onExit": [{"interval": "30 min"}]}
 * }</pre>
 *
 * Actions: {@code {"interval": "10 min"}} sets the interval from the next time point; {@code
 * {"burst": {"count": 30, "interval": "2 min"}}} takes the next 30 stacks at that interval, then
 * returns to the interval in force; {@code {"mark": "text"}} records an event; {@code {"stop":
 * "text"}} ends the run after the current stack.
 */
public final class Rules {
  private Rules() {}

  /** One comparison of a measurement with a number. */
  public record Condition(String measurement, String op, double value) {
    boolean test(Map<String, Double> m) {
      Double v = m.get(measurement);
      if (v == null || v.isNaN()) return false;
      return switch (op) {
        case "<" -> v < value;
        case "<=" -> v <= value;
        case ">" -> v > value;
        case ">=" -> v >= value;
        case "==" -> v == value;
        case "!=" -> v != value;
        default -> throw new IllegalStateException(op);
      };
    }

    @Override
    public String toString() {
      return measurement + " " + op + " " + fmt(value);
    }
  }

  /**
   * An action a rule takes. Its behaviour lives on the type: {@link #apply} changes the running
   * acquisition through {@link Controls}, {@link #toJson} writes the action back in the rule file's
   * form, and the JSON key that names it is registered in {@link #ACTIONS} with its parser. A new
   * action is one record implementing these methods plus its line in {@link #ACTIONS}; one that
   * leaves a method out does not compile.
   */
  public interface Action {
    String describe();

    /** The action's JSON value, under its key in {@link #ACTIONS}. */
    Object toJson();

    /** Applies the action to the running acquisition (called with the loop's monitor held). */
    void apply(Controls run);
  }

  /** What an action may change in a running acquisition (implemented by the loop). */
  public interface Controls {
    /** Sets the interval between stacks; a negative value restores the configured interval. */
    void setInterval(double minutes);

    /** Takes {@code count} stacks {@code minutes} apart, then returns to the interval. */
    void burst(int count, double minutes);

    /** Records a named event at the current time point. */
    void mark(String event);

    /** Stops the run after the current stack. */
    void stop(String reason);
  }

  /** Reads one action from its JSON object (the parser registered under the action's key). */
  @FunctionalInterface
  interface ActionParser {
    Action parse(Conf action);
  }

  /** The JSON keys of the actions and their parsers, in the order the error messages list them. */
  static final Map<String, ActionParser> ACTIONS = new LinkedHashMap<>();

  private static final Map<Class<? extends Action>, String> ACTION_KEYS = new HashMap<>();

  private static <A extends Action> void register(
      String key, Class<A> type, java.util.function.Function<Conf, A> parser) {
    ACTIONS.put(key, parser::apply);
    ACTION_KEYS.put(type, key);
  }

  static {
    register("interval", SetInterval.class, SetInterval::parse);
    register("burst", Burst.class, Burst::parse);
    register("mark", Mark.class, Mark::parse);
    register("stop", Stop.class, Stop::parse);
  }

  /** Sets the interval; a negative value restores the run's configured interval. */
  public record SetInterval(double minutes) implements Action {
    /** The value that restores the run's configured interval. */
    public static SetInterval configured() {
      return new SetInterval(-1);
    }

    static SetInterval parse(Conf a) {
      if ("default".equals(a.raw("interval"))) return configured();
      double min = a.getMinutes("interval", 0);
      if (!(min > 0)) throw a.error("interval", "must be a positive duration");
      return new SetInterval(min);
    }

    public String describe() {
      return minutes < 0 ? "interval default" : "interval " + minutesText(minutes);
    }

    public Object toJson() {
      return minutes < 0 ? "default" : minutesText(minutes);
    }

    public void apply(Controls run) {
      run.setInterval(minutes);
    }
  }

  public record Burst(int count, double minutes) implements Action {
    static Burst parse(Conf a) {
      Conf b = a.child("burst");
      b.checkKnown("count", "interval");
      int n = b.getInt("count", 0);
      double min = b.getMinutes("interval", 0);
      if (n < 1) throw b.error("count", "must be at least 1");
      if (!(min > 0)) throw b.error("interval", "must be a positive duration such as \"2 min\"");
      return new Burst(n, min);
    }

    public String describe() {
      return "burst " + count + " stacks every " + minutesText(minutes);
    }

    public Object toJson() {
      Map<String, Object> bm = new LinkedHashMap<>();
      bm.put("count", (double) count);
      bm.put("interval", minutesText(minutes));
      return bm;
    }

    public void apply(Controls run) {
      run.burst(count, minutes);
    }
  }

  public record Mark(String event) implements Action {
    static Mark parse(Conf a) {
      return new Mark(a.requireString("mark"));
    }

    public String describe() {
      return "mark \"" + event + "\"";
    }

    public Object toJson() {
      return event;
    }

    public void apply(Controls run) {
      run.mark(event);
    }
  }

  public record Stop(String reason) implements Action {
    static Stop parse(Conf a) {
      return new Stop(a.getString("stop", "rule"));
    }

    public String describe() {
      return "stop (" + reason + ")";
    }

    public Object toJson() {
      return reason;
    }

    public void apply(Controls run) {
      run.stop(reason);
    }
  }

  /** The JSON key under which {@code a}'s class is registered in {@link #ACTIONS}. */
  static String keyOf(Action a) {
    String k = ACTION_KEYS.get(a.getClass());
    if (k == null) {
      throw new IllegalStateException(
          a.getClass().getName() + " is not registered in Rules.ACTIONS");
    }
    return k;
  }

  /** One rule (immutable definition). */
  public record Rule(
      String name,
      List<Condition> when,
      int forStacks,
      List<Condition> exitWhen,
      int exitFor,
      double minDwellHours,
      boolean once,
      List<Action> then,
      List<Action> onExit) {

    /** The measurements the rule reads, for the decisions log. */
    public List<String> measurements() {
      List<String> l = new ArrayList<>();
      for (Condition c : when) if (!l.contains(c.measurement())) l.add(c.measurement());
      if (exitWhen != null)
        for (Condition c : exitWhen) if (!l.contains(c.measurement())) l.add(c.measurement());
      return l;
    }

    public String describe() {
      return "when "
          + join(when)
          + " for "
          + forStacks
          + (exitWhen != null ? ", until " + join(exitWhen) + " for " + exitFor : "")
          + (minDwellHours > 0 ? ", min dwell " + minutesText(minDwellHours * 60) : "");
    }
  }

  /** A rule's transition on one stack and the actions it takes. */
  public record Firing(Rule rule, String transition, List<Action> actions) {}

  // ------------------------------------------------------------------ evaluation

  /** The state of a set of rules over a run; feed it the measurements of each analysed stack. */
  public static final class Engine {
    private final List<Rule> rules;
    private final boolean[] active;
    private final boolean[] done;
    private final int[] streak;
    private final double[] enteredAt;

    public Engine(List<Rule> rules) {
      this.rules = List.copyOf(rules);
      int n = rules.size();
      active = new boolean[n];
      done = new boolean[n];
      streak = new int[n];
      enteredAt = new double[n];
    }

    public List<Rule> rules() {
      return rules;
    }

    /** Evaluates every rule on one stack's measurements (in rule order). */
    public List<Firing> evaluate(double hours, Map<String, Double> m) {
      List<Firing> out = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        Rule r = rules.get(i);
        if (done[i]) continue;
        if (!active[i]) {
          boolean hold = all(r.when(), m);
          streak[i] = hold ? streak[i] + 1 : 0;
          if (streak[i] >= r.forStacks()) {
            active[i] = true;
            streak[i] = 0;
            enteredAt[i] = hours;
            out.add(new Firing(r, "enter", r.then()));
          }
        } else {
          boolean exit = r.exitWhen() != null ? all(r.exitWhen(), m) : !all(r.when(), m);
          streak[i] = exit ? streak[i] + 1 : 0;
          boolean dwelt = hours - enteredAt[i] >= r.minDwellHours() - 1e-9;
          if (streak[i] >= r.exitFor() && dwelt) {
            active[i] = false;
            streak[i] = 0;
            if (r.once()) done[i] = true;
            out.add(new Firing(r, "exit", r.onExit()));
          }
        }
      }
      return out;
    }

    public boolean isActive(String name) {
      for (int i = 0; i < rules.size(); i++) if (rules.get(i).name().equals(name)) return active[i];
      return false;
    }

    private static boolean all(List<Condition> cs, Map<String, Double> m) {
      for (Condition c : cs) if (!c.test(m)) return false;
      return true;
    }
  }

  // ------------------------------------------------------------------ parsing

  private static final Pattern COND =
      Pattern.compile(
          "\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(<=|>=|==|!=|<|>)\\s*(-?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");

  /**
   * Parses a rule file's text. {@code known} lists the measurement names that exist (null = do not
   * check). Errors say which file, rule and key is wrong and how to write it.
   */
  public static List<Rule> parse(String text, String source, Collection<String> known) {
    Object root = Json.parse(text, source);
    List<Object> items;
    if (root instanceof Map<?, ?> m && m.containsKey("rules")) {
      Conf c = Conf.of(root, source);
      c.checkKnown("rules", "description");
      items = c.list("rules");
    } else if (root instanceof List<?> l) {
      items = new ArrayList<>(l);
    } else {
      items = List.of(root);
    }
    List<Rule> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(parseRule(Conf.of(items.get(i), source + ": rule " + (i + 1)), known));
    }
    if (out.isEmpty()) throw new Conf.ConfigException(source + ": no rules in the file");
    return out;
  }

  static Rule parseRule(Conf c, Collection<String> known) {
    c.checkKnown(
        "name",
        "description",
        "when",
        "for",
        "exitWhen",
        "exitFor",
        "minDwell",
        "once",
        "then",
        "onExit");
    String name = c.requireString("name");
    Conf named = new Conf(c.map(), c.where() + " \"" + name + "\"");
    List<Condition> when = conditions(named, "when", known, true);
    List<Condition> exitWhen =
        named.has("exitWhen") ? conditions(named, "exitWhen", known, true) : null;
    int forN = windowOf(named, "when", "for");
    int exitFor = windowOf(named, "exitWhen", "exitFor");
    if (forN < 1) throw named.error("for", "must be at least 1 (stacks in a row)");
    if (exitFor < 1) throw named.error("exitFor", "must be at least 1 (stacks in a row)");
    double dwell = named.getMinutes("minDwell", 0) / 60.0;
    List<Action> then = actions(named, "then");
    if (then.isEmpty()) throw named.error("then", "missing: a rule needs at least one action");
    List<Action> onExit = actions(named, "onExit");
    return new Rule(
        name, when, forN, exitWhen, exitFor, dwell, named.getBool("once", false), then, onExit);
  }

  private static final Pattern FOR_SUFFIX =
      Pattern.compile("(?i)^(.*?)\\s+for\\s+([0-9]+)\\s+stacks?\\s*$");

  /**
   * The window of a condition: the {@code for}/{@code exitFor} key, or a trailing "for N stacks" in
   * the condition text (not both).
   */
  static int windowOf(Conf c, String condKey, String forKey) {
    Integer inline = null;
    if (c.raw(condKey) instanceof String t) {
      Matcher m = FOR_SUFFIX.matcher(t.trim());
      if (m.matches()) inline = Integer.parseInt(m.group(2));
    }
    if (inline != null && c.has(forKey)) {
      throw c.error(
          forKey, "given twice: as \"" + forKey + "\" and as \"for N stacks\" in " + condKey);
    }
    int n = inline != null ? inline : c.getInt(forKey, 1);
    if (n < 1) throw c.error(forKey, "must be at least 1 (stacks in a row)");
    return n;
  }

  static List<Condition> conditions(
      Conf c, String key, Collection<String> known, boolean required) {
    if (!c.has(key)) {
      if (required)
        throw c.error(key, "missing; write e.g. \"spot_count > 300 and spot_count_rate < 0\"");
      return List.of();
    }
    List<Condition> out = new ArrayList<>();
    for (Object o : c.list(key)) {
      if (!(o instanceof String s)) {
        throw c.error(
            key, "expected a condition string such as \"spot_count > 300\", got " + Json.write(o));
      }
      Matcher fm = FOR_SUFFIX.matcher(s.trim());
      String text = fm.matches() ? fm.group(1) : s;
      for (String part : text.split("(?i)\\band\\b")) {
        Matcher m = COND.matcher(part);
        if (!m.matches()) {
          throw c.error(
              key,
              "cannot read the condition \""
                  + part.trim()
                  + "\"; write MEASUREMENT OP NUMBER joined by 'and', with OP one of < <= > >= == !="
                  + " (e.g. \"spot_count > 300 and min_sector_density < 0.6\")");
        }
        String meas = m.group(1);
        if (known != null && !known.contains(meas)) {
          throw c.error(
              key, "unknown measurement \"" + meas + "\"; known: " + String.join(", ", known));
        }
        out.add(new Condition(meas, m.group(2), Double.parseDouble(m.group(3))));
      }
    }
    return out;
  }

  static List<Action> actions(Conf c, String key) {
    List<Action> out = new ArrayList<>();
    for (Object o : c.list(key)) {
      Conf a = Conf.of(o, c.where() + "." + key);
      if (a.map().size() != 1) {
        throw a.error(
            "",
            "each action is an object with one key ("
                + String.join(", ", ACTIONS.keySet())
                + "), got "
                + Json.write(o));
      }
      String k = a.map().keySet().iterator().next();
      ActionParser parser = ACTIONS.get(k);
      if (parser == null) {
        throw a.error(k, "unknown action; known actions: " + String.join(", ", ACTIONS.keySet()));
      }
      out.add(parser.parse(a));
    }
    return out;
  }

  // ------------------------------------------------------------------ text

  static String join(List<Condition> cs) {
    StringBuilder b = new StringBuilder();
    for (Condition c : cs) {
      if (b.length() > 0) b.append(" and ");
      b.append(c);
    }
    return b.toString();
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) return Long.toString((long) v);
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** "10 min", "2 h", "1 h 30 min", "30 s". */
  public static String minutesText(double minutes) {
    if (minutes < 1) return fmt(Math.round(minutes * 600) / 10.0) + " s";
    if (minutes < 60) return fmt(Math.round(minutes * 10) / 10.0) + " min";
    long h = (long) Math.floor(minutes / 60);
    double rest = Math.round((minutes - 60 * h) * 10) / 10.0;
    return rest == 0 ? h + " h" : h + " h " + fmt(rest) + " min";
  }

  /** Embryo time as the talk writes it: "17 h 50 min". */
  public static String hoursText(double hours) {
    long totalMin = Math.round(hours * 60);
    return (totalMin / 60) + " h " + (totalMin % 60) + " min";
  }

  /** A rule as JSON (for the copy of the rules kept in the run folder). */
  public static Map<String, Object> toJson(Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.name());
    m.put("when", join(r.when()));
    m.put("for", (double) r.forStacks());
    if (r.exitWhen() != null) m.put("exitWhen", join(r.exitWhen()));
    m.put("exitFor", (double) r.exitFor());
    if (r.minDwellHours() > 0) m.put("minDwell", minutesText(r.minDwellHours() * 60));
    m.put("once", r.once());
    m.put("then", actionsJson(r.then()));
    m.put("onExit", actionsJson(r.onExit()));
    return m;
  }

  private static List<Object> actionsJson(List<Action> as) {
    List<Object> l = new ArrayList<>();
    for (Action a : as) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(keyOf(a), a.toJson());
      l.add(m);
    }
    return l;
  }
}
