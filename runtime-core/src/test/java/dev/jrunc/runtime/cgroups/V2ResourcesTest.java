package dev.jrunc.runtime.cgroups;

import static dev.jrunc.runtime.cgroups.Res.facts;
import static dev.jrunc.runtime.cgroups.Res.of;
import static dev.jrunc.runtime.cgroups.Res.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrunc.runtime.api.JruncException;
import java.util.List;
import org.junit.jupiter.api.Test;

class V2ResourcesTest {
  private static final CgroupFacts NONE = facts(-1);

  @Test
  void cpuWeightConversionMatchesRunc() {
    assertEquals(0, V2Resources.cpuWeight(0));
    assertEquals(1, V2Resources.cpuWeight(2));
    assertEquals(39, V2Resources.cpuWeight(1024));
    assertEquals(20, V2Resources.cpuWeight(512));
    assertEquals(10000, V2Resources.cpuWeight(262144));
  }

  @Test
  void ioWeightConversionMatchesRunc() {
    assertEquals(0, V2Resources.ioWeight(0));
    assertEquals(1, V2Resources.ioWeight(10));
    assertEquals(4950, V2Resources.ioWeight(500)); // 1 + 490*9999/990, integer division as runc
    assertEquals(10000, V2Resources.ioWeight(1000));
  }

  @Test
  void swapIsMemoryPlusSwapMinusMemory() {
    assertEquals(64L << 20, V2Resources.swapMax(128L << 20, 64L << 20));
    assertEquals(-1, V2Resources.swapMax(0, -1));
    assertEquals(-1, V2Resources.swapMax(-1, 100));
    assertEquals(0, V2Resources.swapMax(0, 100));
    assertEquals("unable to set swap limit without memory limit",
        assertThrows(JruncException.class, () -> V2Resources.swapMax(100, 0)).getMessage());
    assertEquals("memory+swap limit should be >= memory limit",
        assertThrows(JruncException.class, () -> V2Resources.swapMax(50, 100)).getMessage());
  }

  @Test
  void memory() {
    assertEquals(List.of("memory.swap.max=67108864", "memory.max=67108864", "memory.low=1000"),
        text(V2Resources.writes(of("{'memory':{'limit':67108864,'swap':134217728,'reservation':1000}}"), NONE)));
    assertEquals(List.of("memory.swap.max=max", "memory.max=max"), text(V2Resources.writes(of("{'memory':{'limit':-1}}"), NONE)));
  }

  @Test
  void cpu() {
    assertEquals(List.of("cpu.weight=20", "cpu.max=50000 100000", "cpu.max.burst=10", "cpu.idle=0", "cpuset.cpus=0", "cpuset.mems=0"),
        text(V2Resources.writes(of("{'cpu':{'shares':512,'quota':50000,'period':100000,'burst':10,'idle':0,'cpus':'0','mems':'0'}}"), NONE)));
    assertEquals("max 100000", V2Resources.cpuMax(0, 100000));
    assertEquals("max 100000", V2Resources.cpuMax(-1, 100000));
    assertEquals("20000", V2Resources.cpuMax(20000, 0));
    assertThrows(JruncException.class, () -> V2Resources.writes(of("{'cpu':{'realtimeRuntime':5}}"), NONE));
  }

  @Test
  void pidsHugetlbRdmaUnified() {
    assertEquals(List.of("pids.max=max", "hugetlb.1GB.max=1073741824", "rdma.max=mlx4_0 hca_handle=2", "memory.high=50M"),
        text(V2Resources.writes(of("{'pids':{'limit':-1},'hugepageLimits':[{'pageSize':'1GB','limit':1073741824}],"
            + "'rdma':{'mlx4_0':{'hcaHandles':2}},'unified':{'memory.high':'50M'}}"), NONE)));
    assertThrows(JruncException.class, () -> V2Resources.writes(of("{'unified':{'../x':'1'}}"), NONE));
  }

  @Test
  void ioPlainAndBfq() {
    String json = "{'blockIO':{'weight':500,'weightDevice':[{'major':8,'minor':0,'weight':100}],"
        + "'throttleReadBpsDevice':[{'major':8,'minor':0,'rate':1048576}],'throttleWriteIOPSDevice':[{'major':8,'minor':0,'rate':7}]}}";
    assertEquals(List.of("io.weight=4950", "io.weight=8:0 910", "io.max=8:0 rbps=1048576", "io.max=8:0 wiops=7"),
        text(V2Resources.writes(of(json), NONE)));
    assertEquals(List.of("io.bfq.weight=500", "io.bfq.weight=8:0 100", "io.max=8:0 rbps=1048576", "io.max=8:0 wiops=7"),
        text(V2Resources.writes(of(json), facts(-1, "io.bfq.weight"))));
  }
}
