package dev.jrunc.spec;

/** One {@code linux.devices[]} entry: a node to create. Type is c, b, u or p; fileMode/uid/gid uint32. */
public record Device(
        String path,
        String type,
        @Num.I64 Long major,
        @Num.I64 Long minor,
        @Num.U32 Long fileMode,
        @Num.U32 Long uid,
        @Num.U32 Long gid) {}
