package dev.jrunc.spec;

/** A uid/gid mapping range (uint32 values held as Long). */
public record IdMapping(@Num.U32 Long containerID, @Num.U32 Long hostID, @Num.U32 Long size) {}
