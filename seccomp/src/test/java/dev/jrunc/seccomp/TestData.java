package dev.jrunc.seccomp;

import dev.jrunc.seccomp.bpf.Insn;
import dev.jrunc.seccomp.bpf.SeccompData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared data sets (copied from shared/data/seccomp into test resources): Docker's default profile in OCI
 * form, the busybox workload and libseccomp/runc reference programs.
 */
public final class TestData {
    public static final int AUDIT_X86_64 = 0xc000003e;
    public static final int AUDIT_I386 = 0x40000003;
    public static final int AUDIT_AARCH64 = 0xc00000b7;

    private TestData() {
    }

    public static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SeccompProfile dockerDefault() {
        return profileFromJson(text("docker-default-oci-amd64.json"));
    }

    /** runc >= 1.2's program for Docker's profile: runc's ENOSYS stub + libseccomp 2.5.4's binary tree. */
    public static List<Insn> runc12Program() {
        return Insn.decode(bytes("docker-default-oci-amd64.runc-1.2.bpf"), ByteOrder.LITTLE_ENDIAN);
    }

    /** The busybox sh workload: 1042 x86_64 syscalls with their raw arguments. */
    public static List<SeccompData> busyboxWorkload() {
        List<SeccompData> out = new ArrayList<>();
        for (String line : text("busybox-sh-syscalls.csv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(",", 3);
            long[] args = new long[6];
            if (f.length > 2 && !f[2].isBlank()) {
                String[] a = f[2].trim().split("\\s+");
                for (int i = 0; i < a.length && i < 6; i++) {
                    args[i] = new BigInteger(a[i].replaceFirst("^0x", ""), 16).longValue();
                }
            }
            out.add(new SeccompData(Integer.parseInt(f[0].trim()), AUDIT_X86_64, 0, args, false));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static SeccompProfile profileFromJson(String json) {
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse(json);
        List<SyscallRule> rules = new ArrayList<>();
        for (Object o : list(m.get("syscalls"))) {
            Map<String, Object> r = (Map<String, Object>) o;
            List<ArgCondition> args = new ArrayList<>();
            for (Object a : list(r.get("args"))) {
                Map<String, Object> c = (Map<String, Object>) a;
                args.add(new ArgCondition(num(c.get("index")).intValue(), num(c.get("value")).longValue(),
                        c.get("valueTwo") == null ? 0 : num(c.get("valueTwo")).longValue(), (String) c.get("op")));
            }
            rules.add(new SyscallRule((List<String>) (List<?>) list(r.get("names")), (String) r.get("action"),
                    r.get("errnoRet") == null ? null : num(r.get("errnoRet")).intValue(), args));
        }
        return new SeccompProfile((String) m.get("defaultAction"),
                m.get("defaultErrnoRet") == null ? null : num(m.get("defaultErrnoRet")).intValue(),
                (List<String>) (List<?>) list(m.get("architectures")),
                m.containsKey("flags") ? (List<String>) (List<?>) list(m.get("flags")) : null,
                (String) m.get("listenerPath"), (String) m.get("listenerMetadata"), rules);
    }

    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static BigInteger num(Object o) {
        return (BigInteger) o;
    }
}
