package dev.jrunc.runtime.cgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stats from fake cgroup files: runc 1.1.5's field names, omitempty rules and unsigned numbers. */
class CgroupStatsTest {
  @TempDir Path tmp;

  private Path dir(String name, String... fileAndContent) throws Exception {
    Path d = tmp.resolve(name);
    Files.createDirectories(d);
    for (int i = 0; i < fileAndContent.length; i += 2) Files.writeString(d.resolve(fileAndContent[i]), fileAndContent[i + 1]);
    return d;
  }

  @Test
  void v1() throws Exception {
    Path mem = dir("memory", "memory.limit_in_bytes", "9223372036854771712\n", "memory.usage_in_bytes", "4096\n",
        "memory.max_usage_in_bytes", "8192\n", "memory.failcnt", "0\n", "memory.stat", "rss 10\ncache 0\n");
    Path pids = dir("pids", "pids.current", "3\n", "pids.max", "max\n");
    Path acct = dir("cpuacct", "cpuacct.usage", "1000\n", "cpuacct.usage_percpu", "600 400 \n",
        "cpuacct.usage_all", "cpu user system\n0 100 500\n1 0 400\n", "cpuacct.stat", "user 0\nsystem 1\n");
    Path cpu = dir("cpu", "cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
    Path blkio = dir("blkio", "blkio.throttle.io_service_bytes_recursive", "8:0 Read 512\n8:0 Write 0\nTotal 512\n");
    ObjectNode s = new CgroupStats(Map.of("memory", mem.toString(), "pids", pids.toString(), "cpuacct", acct.toString(),
        "cpu", cpu.toString(), "blkio", blkio.toString())).read();
    assertEquals("{\"usage\":{\"total\":1000,\"percpu\":[600,400],\"percpu_kernel\":[500,400],\"percpu_user\":[100,0],"
        + "\"kernel\":10000000,\"user\":0},\"throttling\":{}}", s.get("cpu").toString());
    assertEquals("{\"limit\":9223372036854771712,\"usage\":4096,\"max\":8192,\"failcnt\":0}", s.at("/memory/usage").toString());
    assertEquals("{\"limit\":0,\"failcnt\":0}", s.at("/memory/kernelTCP").toString(), "files missing: zeros");
    assertEquals("{\"cache\":0,\"rss\":10}", s.at("/memory/raw").toString());
    assertEquals("{\"current\":3}", s.get("pids").toString(), "an unlimited pids.max is omitted");
    assertEquals("{\"ioServiceBytesRecursive\":[{\"major\":8,\"op\":\"Read\",\"value\":512},{\"major\":8,\"op\":\"Write\"}]}",
        s.get("blkio").toString());
    assertEquals("{}", s.get("hugetlb").toString());
    assertEquals("null", s.get("network_interfaces").toString());
  }

  @Test
  void v2UnlimitedIsTheLargestUint64() throws Exception {
    Path d = dir("v2", "cpu.stat", "usage_usec 5\nuser_usec 3\nsystem_usec 2\nnr_periods 4\nnr_throttled 1\nthrottled_usec 7\n",
        "memory.current", "100\n", "memory.max", "max\n", "memory.swap.max", "max\n", "memory.swap.current", "0\n",
        "pids.current", "1\n", "pids.max", "9\n", "io.stat", "8:0 rbytes=10 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
    ObjectNode s = new CgroupStats(Map.of("", d.toString())).read();
    assertEquals("{\"usage\":{\"total\":5000,\"kernel\":2000,\"user\":3000},\"throttling\":{\"periods\":4,\"throttledPeriods\":1,\"throttledTime\":7000}}",
        s.get("cpu").toString());
    assertEquals("18446744073709551615", s.at("/memory/usage/limit").bigIntegerValue().toString());
    assertEquals("{\"current\":1,\"limit\":9}", s.get("pids").toString());
    assertEquals(10, s.at("/blkio/ioServiceBytesRecursive/0/value").asLong());
  }
}
