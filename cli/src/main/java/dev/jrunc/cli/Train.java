package dev.jrunc.cli;

import dev.jrunc.runtime.json.StateJson;
import dev.jrunc.runtime.plan.PlanEncoder;
import dev.jrunc.runtime.state.ContainerState;
import dev.jrunc.spec.DefaultSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run for the AOT cache (tools/assemble-dist.sh runs it once with
 * -XX:AOTCacheOutput): it plans the commands a container engine sends, the way {@link Main} does,
 * and throws the plans away. Nothing is executed, so it has no side effects beyond a temp dir of its
 * own (a bundle and a fake state dir), removed at the end.
 */
public final class Train {
  private Train() {}

  public static void main(String[] args) throws IOException {
    Path tmp = Files.createTempDirectory("jrunc-train");
    try {
      train(tmp, args.length > 0 ? Integer.parseInt(args[0]) : 3);
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  private static void train(Path tmp, int rounds) throws IOException {
    Path bundle = tmp.resolve("bundle");
    Files.createDirectories(bundle.resolve("rootfs"));
    Files.writeString(bundle.resolve("config.json"), DefaultSpec.toJson(DefaultSpec.create(false)));
    Path root = tmp.resolve("root");
    // A created container "t1" whose init is this JVM: state, kill, start, delete read it as real.
    Files.createDirectories(root.resolve("t1"));
    ContainerState st = new ContainerState(DefaultSpec.OCI_VERSION, "t1", ProcessHandle.current().pid(), 0,
        bundle.toString(), bundle.resolve("rootfs").toString(), "2024-01-01T00:00:00.000000000Z", Map.of(),
        Map.of(), false, null);
    Files.writeString(root.resolve("t1/state.json"), StateJson.stateFileTemplate(st)
        .replace("${pid}", Long.toString(st.pid())).replace("${start_time}", "0"));
    String r = root.toString(), b = bundle.toString();
    List<String[]> cmds = new ArrayList<>();
    cmds.add(new String[] {"--root", r, "create", "--bundle", b, "--pid-file", tmp + "/pid", "c1"});
    cmds.add(new String[] {"--root", r, "--log", tmp + "/log", "--log-format", "json", "create", "--bundle", b, "c2"});
    cmds.add(new String[] {"--root", r, "run", "--bundle", b, "c3"});
    cmds.add(new String[] {"--root", r, "run", "-d", "--bundle", b, "c4"});
    cmds.add(new String[] {"--root", r, "start", "t1"});
    cmds.add(new String[] {"--root", r, "state", "t1"});
    cmds.add(new String[] {"--root", r, "state", "missing"});
    cmds.add(new String[] {"--root", r, "kill", "t1", "KILL"});
    cmds.add(new String[] {"--root", r, "kill", "--all", "t1", "9"});
    cmds.add(new String[] {"--root", r, "delete", "t1"});
    cmds.add(new String[] {"--root", r, "delete", "--force", "t1"});
    cmds.add(new String[] {"--root", r, "list"});
    cmds.add(new String[] {"--root", r, "list", "--format", "json"});
    cmds.add(new String[] {"spec", "--bundle", tmp.toString()});
    cmds.add(new String[] {"--version"});
    cmds.add(new String[] {"--root", r, "create", "--no-such-flag", "x"});
    for (int i = 0; i < rounds; i++) {
      for (String[] c : cmds) PlanEncoder.encode(Main.plan(c));
    }
  }
}
