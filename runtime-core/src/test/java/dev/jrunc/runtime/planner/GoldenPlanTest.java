package dev.jrunc.runtime.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jrunc.runtime.api.CallerIds;
import dev.jrunc.runtime.api.CreateOptions;
import dev.jrunc.runtime.api.RuntimeOptions;
import dev.jrunc.runtime.api.SandboxOptions;
import dev.jrunc.runtime.cgroups.CgroupLayout;
import dev.jrunc.runtime.plan.PlanText;
import dev.jrunc.runtime.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden plans: each directory under src/test/resources/golden holds a config.json (and optionally a
 * sandbox.json with jrunc's sandbox options) and plan.txt, the whole create plan as
 * {@link PlanText} renders it. The machine's facts are fixed (a hybrid cgroup layout from a mountinfo
 * fixture, a clock, root as the caller), so a plan is a function of its inputs only, and any change to
 * what create does shows up as a reviewable diff of plan.txt. After a deliberate change, regenerate with
 * {@code mvn test -pl runtime-core -am -Dtest=GoldenPlanTest -Dgolden.update=true} and read the diff.
 */
class GoldenPlanTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");

  @TempDir Path tmp;

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(GOLDEN)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void planMatchesTheGoldenFile(String name) throws Exception {
    Path dir = GOLDEN.resolve(name);
    String actual = plan(dir);
    Path expected = dir.resolve("plan.txt");
    if (Boolean.getBoolean("golden.update")) Files.writeString(expected, actual);
    assertEquals(Files.readString(expected), actual, "create plan of golden/" + name + " (see the class comment to update)");
  }

  private String plan(Path dir) throws IOException {
    Path bundle = tmp.resolve("bundle");
    Files.createDirectories(bundle.resolve("rootfs/etc"));
    Files.writeString(bundle.resolve("rootfs/etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n");
    Files.createDirectories(bundle.resolve("data"));
    Files.copy(dir.resolve("config.json"), bundle.resolve("config.json"));
    Path sandboxFile = dir.resolve("sandbox.json");
    SandboxOptions sandbox = Files.exists(sandboxFile) ? new ObjectMapper().readValue(sandboxFile.toFile(), SandboxOptions.class) : null;
    // the caller sits in the root cgroup of every hierarchy: relative cgroupsPaths land at the top
    Path callerCgroup = Files.writeString(tmp.resolve("caller.cgroup"), "0::/\n4:memory:/\n8:pids:/\n");

    RuntimeOptions options = new RuntimeOptions(tmp.resolve("root"), null, null, false, false, "false", sandbox);
    CreatePlanner.Host host = new CreatePlanner.Host(fakeCgroupfs(), Clock.fixed(CREATED, ZoneOffset.UTC), new CallerIds(0, 0));
    CreateOptions o = new CreateOptions("c1", bundle, tmp.resolve("c1.pid"), null, false, false, 0, 0, true, false, callerCgroup);
    String text = PlanText.render(new CreatePlanner(options, new StateStore(options.root()), host).create(o));
    return text.replace(tmp.toString(), "T");
  }

  /**
   * A hybrid host's hierarchies (the mountinfo fixture) moved under T/cg, with the files create reads
   * from a parent (cpuset's cpus and mems, which a new v1 cpuset cgroup must copy): nothing of this
   * machine's cgroups gets into a golden plan.
   */
  private CgroupLayout fakeCgroupfs() throws IOException {
    CgroupLayout real = CgroupLayout.fromMountinfo(Path.of("src/test/resources/mountinfo/hybrid.txt"));
    Path cg = tmp.resolve("cg");
    java.util.Map<String, Path> v1 = new java.util.TreeMap<>();
    for (var e : real.v1().entrySet()) v1.put(e.getKey(), Files.createDirectories(cg.resolve(e.getValue().getFileName())));
    Files.writeString(cg.resolve("cpuset/cpuset.cpus"), "0-3\n");
    Files.writeString(cg.resolve("cpuset/cpuset.mems"), "0\n");
    return new CgroupLayout(v1, Files.createDirectories(cg.resolve("unified")));
  }

  /** The cases are not silently empty (a wrong working directory would make this test pass vacuously). */
  @org.junit.jupiter.api.Test
  void thereAreCases() throws IOException {
    assertEquals(List.of("rich", "runc-default", "sandbox-options", "seccomp"), cases().toList());
  }
}
