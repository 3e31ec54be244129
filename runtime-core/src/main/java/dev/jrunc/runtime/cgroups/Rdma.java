package dev.jrunc.runtime.cgroups;

import dev.jrunc.spec.Resources;

/** The rdma.max line for one device: "mlx5_0 hca_handle=2 hca_object=2000" (only the limits given). */
final class Rdma {
  private Rdma() {}

  static String line(String device, Resources.Rdma l) {
    StringBuilder sb = new StringBuilder(device);
    if (l.hcaHandles() != null) sb.append(" hca_handle=").append(l.hcaHandles());
    if (l.hcaObjects() != null) sb.append(" hca_object=").append(l.hcaObjects());
    return sb.toString();
  }
}
