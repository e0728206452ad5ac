package org.fovea.scope;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fovea.core.Gpu;

/**
 * The JSON type names of a run configuration's microscope backends and analyses, each registered
 * with the object that builds it. A new backend or analysis is one class implementing {@link
 * MicroscopeType} or {@link AnalysisType} plus its line here; a type that leaves a method out does
 * not compile, and a name that is not registered is rejected with the list of known names.
 */
public final class ScopeTypes {
  private ScopeTypes() {}

  /** A microscope backend, as the "microscope" section's {@code "type"} names it. */
  public interface MicroscopeType {
    /** Builds the microscope from its section; relative paths resolve against {@code baseDir}. */
    Microscope open(Conf section, Path baseDir, double intervalMinutes) throws IOException;
  }

  /** A per-stack analysis, as the "analysis" section's {@code "type"} names it. */
  public interface AnalysisType {
    /** Checks the section's parameters (before any device is opened). */
    void check(Conf section);

    /** Builds the analysis on {@code gpu}. */
    StackAnalysis create(Gpu gpu, Conf section);
  }

  /** Microscope backends by type name, in the order error messages list them. */
  public static final Map<String, MicroscopeType> MICROSCOPES;

  /** Analyses by type name. */
  public static final Map<String, AnalysisType> ANALYSES;

  static {
    Map<String, MicroscopeType> m = new LinkedHashMap<>();
    m.put("simulator", new SimulatedMicroscope.Type());
    m.put("replay", new ReplayMicroscope.Type());
    MICROSCOPES = Collections.unmodifiableMap(m);
    Map<String, AnalysisType> a = new LinkedHashMap<>();
    a.put("workflow", new WorkflowAnalysis.Type());
    ANALYSES = Collections.unmodifiableMap(a);
  }

  /** The backend registered as {@code type}, or a configuration error naming the known ones. */
  static MicroscopeType microscope(Conf section, String type) {
    MicroscopeType t = MICROSCOPES.get(type);
    if (t == null) {
      throw section.error(
          "type",
          "unknown microscope \""
              + type
              + "\"; known: "
              + String.join(", ", MICROSCOPES.keySet())
              + (type.equalsIgnoreCase("micromanager")
                  ? " (the Micro-Manager backend is not part of this build: implement"
                      + " org.fovea.scope.Microscope over MMCoreJ and register it in ScopeTypes)"
                  : ""));
    }
    return t;
  }

  /** The analysis registered as {@code type}, or a configuration error naming the known ones. */
  static AnalysisType analysis(Conf section, String type) {
    AnalysisType t = ANALYSES.get(type);
    if (t == null) {
      throw section.error(
          "type",
          "unknown analysis \"" + type + "\"; known: " + String.join(", ", ANALYSES.keySet()));
    }
    return t;
  }
}
