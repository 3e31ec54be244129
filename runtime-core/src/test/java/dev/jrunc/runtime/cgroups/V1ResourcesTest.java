package dev.jrunc.runtime.cgroups;

import static dev.jrunc.runtime.cgroups.Res.facts;
import static dev.jrunc.runtime.cgroups.Res.of;
import static dev.jrunc.runtime.cgroups.Res.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrunc.runtime.api.JruncException;
import java.util.List;
import org.junit.jupiter.api.Test;

class V1ResourcesTest {
  private static final CgroupFacts SWAP = facts(-1, "memory.memsw.limit_in_bytes");

  @Test
  void memoryLimitThenMemswOnAFreshCgroup() {
    assertEquals(List.of("memory/memory.limit_in_bytes=67108864", "memory/memory.memsw.limit_in_bytes=134217728",
            "memory/memory.soft_limit_in_bytes=33554432", "memory/memory.kmem.tcp.limit_in_bytes=1048576",
            "memory/memory.oom_control=1", "memory/memory.swappiness=10", "memory/memory.use_hierarchy=1"),
        text(V1Resources.writes(of("{'memory':{'limit':67108864,'swap':134217728,'reservation':33554432,'kernel':999,"
            + "'kernelTCP':1048576,'disableOOMKiller':true,'swappiness':10,'useHierarchy':true}}"), SWAP)));
  }

  @Test
  void raisingMemswAboveTheCurrentLimitWritesItFirst() {
    // Current limit 64M; new limit 256M with memsw 512M: memsw (512M > 64M) must grow first.
    assertEquals(List.of("memory/memory.memsw.limit_in_bytes=536870912", "memory/memory.limit_in_bytes=268435456"),
        text(V1Resources.writes(of("{'memory':{'limit':268435456,'swap':536870912}}"), facts(64 << 20, "memory.memsw.limit_in_bytes"))));
    // Lowering below the current limit: the limit first, then memsw.
    assertEquals(List.of("memory/memory.limit_in_bytes=16777216", "memory/memory.memsw.limit_in_bytes=33554432"),
        text(V1Resources.writes(of("{'memory':{'limit':16777216,'swap':33554432}}"), facts(64L << 30, "memory.memsw.limit_in_bytes"))));
  }

  @Test
  void unlimitedMemoryMakesSwapUnlimitedAndGoesSwapFirst() {
    assertEquals(List.of("memory/memory.memsw.limit_in_bytes=-1", "memory/memory.limit_in_bytes=-1"),
        text(V1Resources.writes(of("{'memory':{'limit':-1}}"), SWAP)));
  }

  @Test
  void swapIsSkippedWithoutSwapAccounting() {
    assertEquals(List.of("memory/memory.limit_in_bytes=1000000"),
        text(V1Resources.writes(of("{'memory':{'limit':1000000,'swap':2000000}}"), facts(-1))));
  }

  @Test
  void zerosAreLeftUnchanged() {
    assertEquals(List.of(), text(V1Resources.writes(of("{'memory':{'limit':0,'reservation':0,'swap':0},"
        + "'cpu':{'shares':0,'quota':0,'period':0},'pids':{'limit':0},'blockIO':{'weight':0}}"), SWAP)));
  }

  @Test
  void swappinessOutOfRangeIsRefused() {
    JruncException e = assertThrows(JruncException.class, () -> V1Resources.writes(of("{'memory':{'swappiness':101}}"), SWAP));
    assertTrue(e.getMessage().contains("swappiness"), e.getMessage());
  }

  @Test
  void cpu() {
    assertEquals(List.of("cpu/cpu.shares=512", "cpu/cpu.cfs_period_us=100000", "cpu/cpu.cfs_quota_us=50000",
            "cpu/cpu.cfs_burst_us=1000", "cpu/cpu.rt_period_us=1000000", "cpu/cpu.rt_runtime_us=950000", "cpu/cpu.idle=1",
            "cpuset/cpuset.cpus=0-1", "cpuset/cpuset.mems=0"),
        text(V1Resources.writes(of("{'cpu':{'shares':512,'quota':50000,'period':100000,'burst':1000,'realtimePeriod':1000000,"
            + "'realtimeRuntime':950000,'idle':1,'cpus':'0-1','mems':'0'}}"), SWAP)));
    assertEquals(List.of("cpu/cpu.cfs_quota_us=-1"), text(V1Resources.writes(of("{'cpu':{'quota':-1}}"), SWAP)));
  }

  @Test
  void pids() {
    assertEquals(List.of("pids/pids.max=42"), text(V1Resources.writes(of("{'pids':{'limit':42}}"), SWAP)));
    assertEquals(List.of("pids/pids.max=max"), text(V1Resources.writes(of("{'pids':{'limit':-1}}"), SWAP)));
  }

  @Test
  void blkioPlainAndBfq() {
    String json = "{'blockIO':{'weight':500,'leafWeight':300,'weightDevice':[{'major':8,'minor':0,'weight':200,'leafWeight':100}],"
        + "'throttleReadBpsDevice':[{'major':8,'minor':0,'rate':1048576}],'throttleWriteBpsDevice':[{'major':8,'minor':0,'rate':2}],"
        + "'throttleReadIOPSDevice':[{'major':8,'minor':16,'rate':3}],'throttleWriteIOPSDevice':[{'major':8,'minor':16,'rate':4}]}}";
    assertEquals(List.of("blkio/blkio.weight=500", "blkio/blkio.leaf_weight=300", "blkio/blkio.weight_device=8:0 200",
            "blkio/blkio.leaf_weight_device=8:0 100", "blkio/blkio.throttle.read_bps_device=8:0 1048576",
            "blkio/blkio.throttle.write_bps_device=8:0 2", "blkio/blkio.throttle.read_iops_device=8:16 3",
            "blkio/blkio.throttle.write_iops_device=8:16 4"),
        text(V1Resources.writes(of(json), SWAP)));
    List<String> bfq = text(V1Resources.writes(of("{'blockIO':{'weight':500,'weightDevice':[{'major':8,'minor':0,'weight':200}]}}"),
        facts(-1, "blkio.bfq.weight")));
    assertEquals(List.of("blkio/blkio.bfq.weight=500", "blkio/blkio.bfq.weight_device=8:0 200"), bfq);
  }

  @Test
  void hugetlbNetworkRdma() {
    assertEquals(List.of("hugetlb/hugetlb.2MB.limit_in_bytes=4194304", "net_cls/net_cls.classid=1048577",
            "net_prio/net_prio.ifpriomap=eth0 5", "rdma/rdma.max=mlx5_0 hca_handle=3 hca_object=1000"),
        text(V1Resources.writes(of("{'hugepageLimits':[{'pageSize':'2MB','limit':4194304}],"
            + "'network':{'classID':1048577,'priorities':[{'name':'eth0','priority':5}]},"
            + "'rdma':{'mlx5_0':{'hcaHandles':3,'hcaObjects':1000}}}"), SWAP)));
  }

  @Test
  void unifiedIsAnErrorOnV1() {
    JruncException e = assertThrows(JruncException.class, () -> V1Resources.writes(of("{'unified':{'memory.high':'1'}}"), SWAP));
    assertEquals("invalid configuration: cannot use unified on cgroup v1", e.getMessage());
  }

  @Test
  void devicesDenyAllThenEachRuleInOrder() {
    assertEquals(List.of("devices/devices.deny=a", "devices/devices.deny=a *:* rwm", "devices/devices.allow=c 1:3 rw",
            "devices/devices.deny=c 1:5 rwm", "devices/devices.allow=b 8:* m"),
        text(V1Resources.writes(of("{'devices':[{'allow':false,'access':'rwm'},{'allow':true,'type':'c','major':1,'minor':3,'access':'rw'},"
            + "{'allow':false,'type':'c','major':1,'minor':5},{'allow':true,'type':'b','major':8,'access':'m'}]}"), SWAP)));
  }
}
