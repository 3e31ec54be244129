package dev.jrunc.spec;

import java.util.List;
import java.util.Map;

/** {@code linux}: the Linux-specific configuration (fields in specs-go order). */
public record Linux(
        List<IdMapping> uidMappings,
        List<IdMapping> gidMappings,
        Map<String, String> sysctl,
        Resources resources,
        String cgroupsPath,
        List<Namespace> namespaces,
        List<Device> devices,
        Seccomp seccomp,
        String rootfsPropagation,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        String mountLabel,
        IntelRdt intelRdt,
        Personality personality,
        Map<String, TimeOffset> timeOffsets) {

    public Linux {
        uidMappings = Copies.list(uidMappings);
        gidMappings = Copies.list(gidMappings);
        sysctl = Copies.map(sysctl);
        namespaces = Copies.list(namespaces);
        devices = Copies.list(devices);
        maskedPaths = Copies.list(maskedPaths);
        readonlyPaths = Copies.list(readonlyPaths);
        timeOffsets = Copies.map(timeOffsets);
    }

    /** A Linux section with only the given commonly set fields. */
    public static Linux of(List<Namespace> namespaces, Resources resources) {
        return new Linux(null, null, null, resources, null, namespaces, null, null, null, null, null, null, null,
                null, null);
    }
}
