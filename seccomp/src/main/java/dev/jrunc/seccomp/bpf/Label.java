package dev.jrunc.seccomp.bpf;

/** A jump target inside an {@link Assembler}; identity is what matters. */
public final class Label {
    private final String name;
    Assembler.Node node;

    Label(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
