package org.fovea.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Ties the executor's OpenCL contexts to the executor's life: set {@code
 * spark.plugins=org.fovea.spark.FoveaSparkPlugin} (the job sets it itself); when the executor
 * stops, every {@link org.fovea.core.Gpu} it opened is closed.
 */
public final class FoveaSparkPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        ExecutorGpus.executorStarted(ctx.executorID());
      }

      @Override
      public void shutdown() {
        ExecutorGpus.closeAll();
      }
    };
  }
}
