package dev.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * The OCI runtime-spec (1.2) config.json.
 *
 * <p>Conventions for the whole model: an absent (or {@code null}) JSON field is a {@code null} component,
 * for lists and maps too; a present empty array is an empty list. Lists and maps are unmodifiable.
 * Fields are declared in Go's specs-go order so that serialization matches runc's key order.
 *
 * @param extra unknown top-level fields (e.g. {@code windows}, {@code solaris}, {@code vm}) kept as raw
 *              JSON trees so they survive a round trip (their relative order is not preserved);
 *              never null (empty when there are none)
 */
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        String domainname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux,
        // the odd name keeps a top-level JSON key "extra" from binding to this component
        @JsonAnySetter @JsonProperty("\u0000any") Map<String, JsonNode> extra) {

    public Spec {
        mounts = Copies.list(mounts);
        annotations = Copies.map(annotations);
        extra = extra == null ? Map.of() : Copies.map(extra);
    }

    /** A spec without unknown fields. */
    @JsonCreator(mode = JsonCreator.Mode.DISABLED)
    public Spec(String ociVersion, Process process, Root root, String hostname, String domainname,
                List<Mount> mounts, Hooks hooks, Map<String, String> annotations, Linux linux) {
        this(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, linux, null);
    }

    @Override
    @JsonAnyGetter
    public Map<String, JsonNode> extra() {
        return extra;
    }

    public Spec withProcess(Process p) {
        return new Spec(ociVersion, p, root, hostname, domainname, mounts, hooks, annotations, linux, extra);
    }

    public Spec withRoot(Root r) {
        return new Spec(ociVersion, process, r, hostname, domainname, mounts, hooks, annotations, linux, extra);
    }

    public Spec withMounts(List<Mount> m) {
        return new Spec(ociVersion, process, root, hostname, domainname, m, hooks, annotations, linux, extra);
    }

    public Spec withLinux(Linux l) {
        return new Spec(ociVersion, process, root, hostname, domainname, mounts, hooks, annotations, l, extra);
    }
}
