package dev.vane.internal.system;

import java.util.Map;

/** One source of system metrics, read on the sampler thread. */
interface Probe {
  /**
   * Adds the metrics it can read now to {@code into}; the ones it cannot read are left out.
   *
   * @throws Exception when nothing could be read; the sampler logs it and goes on
   */
  void sample(Map<String, Object> into) throws Exception;
}
