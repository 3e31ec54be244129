package dev.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

/** One {@code linux.namespaces[]} entry: a type (see {@link Namespaces}) and an optional path to join. */
public record Namespace(String type, String path) {
    @JsonCreator(mode = JsonCreator.Mode.DISABLED) // never read a bare "pid" string as a namespace
    public Namespace(String type) {
        this(type, null);
    }
}
