package dev.jrunc.spec;

import java.util.List;

/** {@code process.capabilities}: capability names (CAP_*) per set. See {@link Capabilities} for numbers. */
public record LinuxCapabilities(
        List<String> bounding,
        List<String> effective,
        List<String> inheritable,
        List<String> permitted,
        List<String> ambient) {

    public LinuxCapabilities {
        bounding = Copies.list(bounding);
        effective = Copies.list(effective);
        inheritable = Copies.list(inheritable);
        permitted = Copies.list(permitted);
        ambient = Copies.list(ambient);
    }
}
