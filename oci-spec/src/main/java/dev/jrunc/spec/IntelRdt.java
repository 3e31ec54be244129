package dev.jrunc.spec;

/** {@code linux.intelRdt}. */
public record IntelRdt(
        String closID,
        String schemata,
        String l3CacheSchema,
        String memBwSchema,
        Boolean enableCMT,
        Boolean enableMBM) {}
