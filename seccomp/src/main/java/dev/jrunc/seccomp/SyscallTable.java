package dev.jrunc.seccomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Syscall names and numbers of one {@link SeccompArch}, read from libseccomp's {@code syscalls.csv}
 * (bundled as a resource; refresh it by dropping in a newer upstream copy).
 *
 * <p>Why a resource parsed at run time rather than generated Java: the csv is the upstream artifact, so
 * updating is a file copy with no generator to maintain, and the build stays plugin-free (offline
 * builds). The cost is small and paid only for the arches a profile names: the file's lines are read once
 * (~170 KB, ~500 lines) and one column is split per arch on first use, about a millisecond in a cold JVM.
 * Numbers returned here are what {@code seccomp_data.nr} holds, i.e. with the arch's base added
 * (x32 bit 30, MIPS 4000/5000/6000).
 */
public final class SyscallTable {
    private static final String RESOURCE = "syscalls.csv";
    private static final String ABSENT = "PNR";
    private static final Map<SeccompArch, SyscallTable> CACHE = new EnumMap<>(SeccompArch.class);
    private static List<String[]> rows;
    private static String[] header;

    private final SeccompArch arch;
    private final Map<String, Integer> byName;
    /** Sorted syscall numbers, and the name of each at the same index. */
    private final int[] numbers;
    private final String[] names;

    private SyscallTable(SeccompArch arch, Map<String, Integer> byName) {
        this.arch = arch;
        this.byName = byName;
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(byName.entrySet());
        entries.sort((a, b) -> Integer.compareUnsigned(a.getValue(), b.getValue()));
        numbers = new int[entries.size()];
        names = new String[entries.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = entries.get(i).getValue();
            names[i] = entries.get(i).getKey();
        }
    }

    public static synchronized SyscallTable of(SeccompArch arch) {
        return CACHE.computeIfAbsent(arch, SyscallTable::load);
    }

    public SeccompArch arch() {
        return arch;
    }

    /** The syscall number on this arch, or empty if the name is unknown or the syscall does not exist here. */
    public OptionalInt number(String name) {
        Integer nr = byName.get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** The name of syscall {@code nr} on this arch, or null. */
    public String name(int nr) {
        int i = Arrays.binarySearch(numbers, nr);
        return i >= 0 ? names[i] : null;
    }

    /** How many syscalls of this arch have numbers in [lo, hi] (unsigned, inclusive). */
    public int countInRange(long lo, long hi) {
        return lowerBound(hi + 1) - lowerBound(lo);
    }

    public int size() {
        return numbers.length;
    }

    private int lowerBound(long value) {
        int lo = 0;
        int hi = numbers.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.toUnsignedLong(numbers[mid]) < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static SyscallTable load(SeccompArch arch) {
        List<String[]> all = rows();
        int column = Arrays.asList(header).indexOf(arch.tableColumn());
        if (column < 0) {
            throw new IllegalStateException(RESOURCE + " has no column " + arch.tableColumn());
        }
        Map<String, Integer> byName = new HashMap<>();
        for (String[] row : all) {
            if (row.length > column && !row[column].equals(ABSENT)) {
                byName.put(row[0], Integer.parseInt(row[column]) + arch.nrBase());
            }
        }
        return new SyscallTable(arch, byName);
    }

    /** Reads the file once; rows are split lazily into fields only here because every arch needs them. */
    private static List<String[]> rows() {
        if (rows != null) {
            return rows;
        }
        try (InputStream in = SyscallTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<String[]> out = new ArrayList<>(512);
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    // "#syscall (v7.1.0-rc4 ...),x86,x86_kver,..." names the columns
                    header = line.split(",", -1);
                } else if (!line.isBlank()) {
                    out.add(line.split(",", -1));
                }
            }
            if (header == null) {
                throw new IllegalStateException(RESOURCE + " has no header line");
            }
            rows = out;
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
