package dev.jrunc.spec;

/** {@code root}: the rootfs path (relative to the bundle or absolute) and whether it is read-only. */
public record Root(String path, Boolean readonly) {}
