package dev.jrunc.spec;

import java.util.List;
import java.util.Map;

/** {@code linux.resources} (LinuxResources). */
public record Resources(
        List<DeviceRule> devices,
        Memory memory,
        Cpu cpu,
        Pids pids,
        BlockIo blockIO,
        List<HugepageLimit> hugepageLimits,
        NetworkResources network,
        Map<String, Rdma> rdma,
        Map<String, String> unified) {

    public Resources {
        devices = Copies.list(devices);
        hugepageLimits = Copies.list(hugepageLimits);
        rdma = Copies.map(rdma);
        unified = Copies.map(unified);
    }

    /** A device cgroup rule ({@code linux.resources.devices[]}): type a, c or b; access a subset of "rwm". */
    public record DeviceRule(Boolean allow, String type, @Num.I64 Long major, @Num.I64 Long minor, String access) {}

    /**
     * {@code memory}: limit/reservation/swap/kernel/kernelTCP are int64 (-1 = unlimited; values up to
     * 2^64-1 are accepted and wrap, see {@link Num}); swappiness is uint64.
     */
    public record Memory(
            @Num.Mem Long limit,
            @Num.Mem Long reservation,
            @Num.Mem Long swap,
            @Num.Mem Long kernel,
            @Num.Mem Long kernelTCP,
            @Num.U64 Long swappiness,
            Boolean disableOOMKiller,
            Boolean useHierarchy,
            Boolean checkBeforeUpdate) {}

    /** {@code cpu}: shares/burst/period/realtimePeriod uint64; quota/realtimeRuntime/idle int64. */
    public record Cpu(
            @Num.U64 Long shares,
            @Num.I64 Long quota,
            @Num.U64 Long burst,
            @Num.U64 Long period,
            @Num.I64 Long realtimeRuntime,
            @Num.U64 Long realtimePeriod,
            String cpus,
            String mems,
            @Num.I64 Long idle) {}

    /** {@code pids}: limit (int64; 0 or -1 = no limit). */
    public record Pids(@Num.I64 Long limit) {}

    /** {@code blockIO}: weights are uint16; throttle rates uint64. */
    public record BlockIo(
            @Num.U16 Integer weight,
            @Num.U16 Integer leafWeight,
            List<WeightDevice> weightDevice,
            List<ThrottleDevice> throttleReadBpsDevice,
            List<ThrottleDevice> throttleWriteBpsDevice,
            List<ThrottleDevice> throttleReadIOPSDevice,
            List<ThrottleDevice> throttleWriteIOPSDevice) {

        public BlockIo {
            weightDevice = Copies.list(weightDevice);
            throttleReadBpsDevice = Copies.list(throttleReadBpsDevice);
            throttleWriteBpsDevice = Copies.list(throttleWriteBpsDevice);
            throttleReadIOPSDevice = Copies.list(throttleReadIOPSDevice);
            throttleWriteIOPSDevice = Copies.list(throttleWriteIOPSDevice);
        }
    }

    public record WeightDevice(@Num.I64 Long major, @Num.I64 Long minor, @Num.U16 Integer weight,
                               @Num.U16 Integer leafWeight) {}

    public record ThrottleDevice(@Num.I64 Long major, @Num.I64 Long minor, @Num.U64 Long rate) {}

    /** {@code hugepageLimits[]}: pageSize like "2MB", limit uint64 bytes. */
    public record HugepageLimit(String pageSize, @Num.U64 Long limit) {}

    /** {@code network}: classID uint32 and per-interface priorities. */
    public record NetworkResources(@Num.U32 Long classID, List<InterfacePriority> priorities) {
        public NetworkResources {
            priorities = Copies.list(priorities);
        }
    }

    public record InterfacePriority(String name, @Num.U32 Long priority) {}

    /** {@code rdma} map values. */
    public record Rdma(@Num.U32 Long hcaHandles, @Num.U32 Long hcaObjects) {}
}
