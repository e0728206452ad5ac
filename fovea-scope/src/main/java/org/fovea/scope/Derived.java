package org.fovea.scope;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measurements that need the history of a run, added to each analysed stack's own: {@code
 * spot_count_rate} (spots per hour since the previous analysed stack), {@code spot_count_change}
 * (relative change since then), {@code bbox_length_rel} (embryo length along the long axis over the
 * longest seen so far: drops when the serosa retracts).
 */
public final class Derived {
  /** Names this class adds (for rule validation). */
  public static final String[] NAMES = {"spot_count_rate", "spot_count_change", "bbox_length_rel"};

  private double prevHours = Double.NaN;
  private double prevCount = Double.NaN;
  private double maxLength = 0;

  public Map<String, Double> add(double hours, Map<String, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>(m);
    Double count = m.get("spot_count");
    double rate = Double.NaN;
    double change = Double.NaN;
    if (count != null && !Double.isNaN(prevCount) && hours > prevHours) {
      rate = (count - prevCount) / (hours - prevHours);
      change = prevCount > 0 ? count / prevCount - 1 : Double.NaN;
    }
    out.put("spot_count_rate", rate);
    out.put("spot_count_change", change);
    Double len = m.get("bbox_y_um");
    double rel = Double.NaN;
    if (len != null && len > 0) {
      maxLength = Math.max(maxLength, len);
      rel = len / maxLength;
    }
    out.put("bbox_length_rel", rel);
    if (count != null) {
      prevCount = count;
      prevHours = hours;
    }
    return out;
  }
}
