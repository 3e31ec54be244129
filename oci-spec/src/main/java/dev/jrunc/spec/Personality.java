package dev.jrunc.spec;

import java.util.List;

/** {@code linux.personality}: domain LINUX or LINUX32, flags (none defined yet). */
public record Personality(String domain, List<String> flags) {
    public Personality {
        flags = Copies.list(flags);
    }
}
