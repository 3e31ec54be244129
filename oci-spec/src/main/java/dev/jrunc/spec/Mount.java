package dev.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/** One {@code mounts[]} entry; uidMappings/gidMappings are for id-mapped mounts. */
public record Mount(
        String destination,
        String type,
        String source,
        List<String> options,
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings) {

    public Mount {
        options = Copies.list(options);
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
    }

    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    public Mount(String destination, String type, String source, List<String> options) {
        this(destination, type, source, options, null, null);
    }
}
