package dev.jrunc.runtime.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jrunc.runtime.api.SandboxOptions;
import java.util.Map;

/**
 * What jrunc records in {@code <root>/<id>/state.json}: the facts later commands need and cannot
 * derive. The status is not here: it is derived each time (see {@link StateStore#status}).
 *
 * @param pid host pid of the container's init
 * @param initStartTime start time of init (field 22 of /proc/PID/stat), to detect pid reuse
 * @param created RFC 3339 time with nanoseconds, as Go prints it
 * @param cgroupPaths the container's cgroup directory for each hierarchy ("" key: the v2/unified one)
 * @param config the container's config.json as it was at create
 * @param sandbox the sandbox options the container was created with
 * @param noNewKeyring created with --no-new-keyring: its processes keep the caller's session keyring
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerState(
    String ociVersion,
    String id,
    long pid,
    long initStartTime,
    String bundle,
    String rootfs,
    String created,
    Map<String, String> annotations,
    Map<String, String> cgroupPaths,
    boolean rootless,
    JsonNode config,
    SandboxOptions sandbox,
    boolean noNewKeyring) {

  public ContainerState {
    annotations = annotations == null ? Map.of() : annotations;
    cgroupPaths = cgroupPaths == null ? Map.of() : cgroupPaths;
    sandbox = sandbox == null ? SandboxOptions.DEFAULT : sandbox;
  }

  /** A container with the default sandbox options. */
  public ContainerState(String ociVersion, String id, long pid, long initStartTime, String bundle, String rootfs, String created,
      Map<String, String> annotations, Map<String, String> cgroupPaths, boolean rootless, JsonNode config) {
    this(ociVersion, id, pid, initStartTime, bundle, rootfs, created, annotations, cgroupPaths, rootless, config, null, false);
  }
}
