package dev.jrunc.cli;

import dev.jrunc.runtime.api.JruncException;
import dev.jrunc.runtime.api.JruncRuntime;
import dev.jrunc.runtime.plan.Plan;
import dev.jrunc.spec.Resources;
import dev.jrunc.spec.SpecException;
import dev.jrunc.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * runc's `update`: limits from --resources (a LinuxResources JSON file, or "-" for stdin, which is the
 * caller's stdin in this JVM; every other flag is then ignored) or from the individual flags.
 */
@Command(name = "update", description = "update container resource constraints")
final class UpdateCommand implements PlanCommand {
  @Option(names = {"--resources", "-resources", "-r"}, description = "path to the file containing the resources to update or '-' to read from the standard input")
  String resources;

  @Option(names = {"--blkio-weight", "-blkio-weight"}, description = "Specifies per cgroup weight, range is from 10 to 1000 (default: 0)")
  int blkioWeight;

  @Option(names = {"--cpu-period", "-cpu-period"}, description = "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default")
  String cpuPeriod;

  @Option(names = {"--cpu-quota", "-cpu-quota"}, description = "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period")
  String cpuQuota;

  @Option(names = {"--cpu-share", "-cpu-share", "--cpu-shares", "-cpu-shares"}, description = "CPU shares (relative weight vs. other containers)")
  String cpuShare;

  @Option(names = {"--cpu-rt-period", "-cpu-rt-period"}, description = "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default")
  String cpuRtPeriod;

  @Option(names = {"--cpu-rt-runtime", "-cpu-rt-runtime"}, description = "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period")
  String cpuRtRuntime;

  @Option(names = {"--cpuset-cpus", "-cpuset-cpus"}, description = "CPU(s) to use")
  String cpusetCpus;

  @Option(names = {"--cpuset-mems", "-cpuset-mems"}, description = "Memory node(s) to use")
  String cpusetMems;

  @Option(names = {"--memory", "-memory"}, description = "Memory limit (in bytes)")
  String memory;

  @Option(names = {"--memory-reservation", "-memory-reservation"}, description = "Memory reservation or soft_limit (in bytes)")
  String memoryReservation;

  @Option(names = {"--memory-swap", "-memory-swap"}, description = "Total memory usage (memory + swap); set '-1' to enable unlimited swap")
  String memorySwap;

  @Option(names = {"--pids-limit", "-pids-limit"}, description = "Maximum number of pids allowed in the container (default: 0)")
  long pidsLimit;

  @Option(names = {"--kernel-memory", "-kernel-memory"}, hidden = true) String kernelMemory;

  @Option(names = {"--kernel-memory-tcp", "-kernel-memory-tcp"}, hidden = true) String kernelMemoryTcp;

  @Option(names = {"--l3-cache-schema", "-l3-cache-schema"}, description = "The string of Intel RDT/CAT L3 cache schema")
  String l3CacheSchema;

  @Option(names = {"--mem-bw-schema", "-mem-bw-schema"}, description = "The string of Intel RDT/MBA memory bandwidth schema")
  String memBwSchema;

  @Parameters(arity = "0..*") List<String> args;

  @Override
  public Plan plan(JruncRuntime runtime) {
    String id = Args.exactlyOne("update", args);
    return runtime.update(id, resources != null ? fromJson(resources) : fromFlags());
  }

  private static Resources fromJson(String source) {
    byte[] json;
    try {
      Caller caller = Caller.current();
      if (source.equals("-")) {
        try (InputStream in = caller.stdin()) {
          json = in.readAllBytes();
        }
      } else {
        json = Files.readAllBytes(caller.resolve(source));
      }
    } catch (IOException e) {
      throw new JruncException("open " + source + ": no such file or directory");
    }
    try {
      return SpecLoader.read(json, source.equals("-") ? "stdin" : source, Resources.class);
    } catch (SpecException e) {
      throw new JruncException(e.getMessage());
    }
  }

  private Resources fromFlags() {
    if (l3CacheSchema != null && !l3CacheSchema.isEmpty()) throw new JruncException("Intel RDT/CAT: l3 cache schema is not enabled");
    if (memBwSchema != null && !memBwSchema.isEmpty()) throw new JruncException("Intel RDT/MBA: memory bandwidth schema is not enabled");
    if (nonEmpty(kernelMemory) || nonEmpty(kernelMemoryTcp)) {
      // runc 1.1.5 only warns: kernel memory limits are deprecated by the kernel.
      System.err.println("level=warning msg=\"Kernel memory settings are ignored and will be removed\"");
    }
    Resources.Memory mem = new Resources.Memory(bytes("memory", memory), bytes("memory-reservation", memoryReservation),
        bytes("memory-swap", memorySwap), null, null, null, null, null, null);
    Resources.Cpu cpu = new Resources.Cpu(unsigned("cpu-share", cpuShare), signed("cpu-quota", cpuQuota), null,
        unsigned("cpu-period", cpuPeriod), signed("cpu-rt-runtime", cpuRtRuntime), unsigned("cpu-rt-period", cpuRtPeriod),
        cpusetCpus, cpusetMems, null);
    return new Resources(null, mem, cpu, new Resources.Pids(pidsLimit), new Resources.BlockIo(blkioWeight, null, null, null, null, null, null),
        null, null, null, null);
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  /** Go's strconv wording: invalid value for cpu-period: strconv.ParseUint: parsing "x": invalid syntax. */
  private static Long unsigned(String flag, String v) {
    if (!nonEmpty(v)) return 0L;
    try {
      return Long.parseUnsignedLong(v);
    } catch (NumberFormatException e) {
      throw new JruncException("invalid value for " + flag + ": strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
    }
  }

  private static Long signed(String flag, String v) {
    if (!nonEmpty(v)) return 0L;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new JruncException("invalid value for " + flag + ": strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
    }
  }

  private static Long bytes(String flag, String v) {
    if (!nonEmpty(v)) return 0L;
    if (v.equals("-1")) return -1L;
    try {
      return RamSize.parse(v);
    } catch (IllegalArgumentException e) {
      throw new JruncException("invalid value for " + flag + ": " + e.getMessage());
    }
  }
}
