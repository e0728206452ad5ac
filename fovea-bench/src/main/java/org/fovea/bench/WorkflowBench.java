package org.fovea.bench;

import java.util.ArrayList;
import java.util.List;
import org.fovea.core.Gpu;

/** The reference spot-counting workflow on 512×1024×121 stacks, including reading from disk. */
public final class WorkflowBench {
  private WorkflowBench() {}

  static final String[] CANDIDATES = {
    "org.fovea.ops.SpotCountingWorkflow",
    "org.fovea.ops.workflow.SpotCountingWorkflow",
    "org.fovea.scope.SpotCountingWorkflow"
  };

  static Class<?> workflowClass() {
    for (String c : CANDIDATES) {
      try {
        return Class.forName(c);
      } catch (ClassNotFoundException e) {
        // next
      }
    }
    return null;
  }

  /** Markdown lines for the table generator. */
  public static List<String> tableLines(Gpu gpu, boolean quick, List<String> notes)
      throws Exception {
    List<String> out = new ArrayList<>();
    Class<?> wf = workflowClass();
    if (wf == null) {
      out.add("n/a (op missing): SpotCountingWorkflow is not in this build.");
      return out;
    }
    out.add("SpotCountingWorkflow found (" + wf.getName() + "); timing not wired yet.");
    return out;
  }
}
