package dev.jrunc.seccomp.bpf;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Builds a cBPF program with symbolic jump targets and resolves them. Conditional jumps only reach 255
 * instructions ahead (jt/jf are u8), so {@link #link()} inserts an island right after any jump that is too
 * long: a copy of the target when the target is a {@code ret} (costs nothing at run time: the copy returns
 * the same value) or else a {@code ja} trampoline (32-bit offset, costs one executed instruction).
 */
public final class Assembler {
    static final class Node {
        final int code;
        final int k;
        Label jt;
        Label jf;

        Node(int code, int k, Label jt, Label jf) {
            this.code = code;
            this.k = k;
            this.jt = jt;
            this.jf = jf;
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<Label> pending = new ArrayList<>();
    private int labelCount;

    public Label newLabel(String hint) {
        return new Label(hint + "#" + labelCount++);
    }

    /** Binds {@code label} to the next instruction emitted. */
    public void bind(Label label) {
        if (label.node != null || pending.contains(label)) {
            throw new IllegalStateException("label bound twice: " + label);
        }
        pending.add(label);
    }

    public boolean isBound(Label label) {
        return label.node != null || pending.contains(label);
    }

    public void stmt(int code, int k) {
        if (Bpf.cls(code) == Bpf.JMP) {
            throw new IllegalArgumentException("use jump()/ja() for jumps");
        }
        add(new Node(code, k, null, null));
    }

    public void loadAbs(int offset) {
        stmt(Bpf.LD | Bpf.W | Bpf.ABS, offset);
    }

    public void ret(int value) {
        stmt(Bpf.RET | Bpf.K, value);
    }

    /** Conditional jump comparing A with {@code k}: to {@code ifTrue} or {@code ifFalse}. */
    public void jump(int op, int k, Label ifTrue, Label ifFalse) {
        add(new Node(Bpf.JMP | op | Bpf.K, k, ifTrue, ifFalse));
    }

    public void ja(Label target) {
        add(new Node(Bpf.JMP | Bpf.JA, 0, target, null));
    }

    public int size() {
        return nodes.size();
    }

    private void add(Node n) {
        for (Label l : pending) {
            l.node = n;
        }
        pending.clear();
        nodes.add(n);
    }

    /** Resolves every label, inserting islands for out-of-range jumps, and returns the final program. */
    public List<Insn> link() {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("labels bound past the end: " + pending);
        }
        List<Node> current = new ArrayList<>(nodes);
        while (true) {
            IdentityHashMap<Node, Integer> pos = positions(current);
            List<Node> next = new ArrayList<>(current.size() + 8);
            boolean inserted = false;
            for (Node n : current) {
                next.add(n);
                if (!Bpf.isConditionalJump(n.code)) {
                    continue;
                }
                int here = pos.get(n);
                if (offset(pos, here, n.jt) > 255) {
                    Node island = islandFor(n.jt);
                    n.jt = labelOf(island);
                    next.add(island);
                    inserted = true;
                }
                if (offset(pos, here, n.jf) > 255) {
                    Node island = islandFor(n.jf);
                    n.jf = labelOf(island);
                    next.add(island);
                    inserted = true;
                }
            }
            current = next;
            if (!inserted) {
                return resolve(current, positions(current));
            }
        }
    }

    private static IdentityHashMap<Node, Integer> positions(List<Node> list) {
        IdentityHashMap<Node, Integer> pos = new IdentityHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            pos.put(list.get(i), i);
        }
        return pos;
    }

    private static int offset(IdentityHashMap<Node, Integer> pos, int here, Label target) {
        if (target.node == null) {
            throw new IllegalStateException("unbound label " + target);
        }
        int off = pos.get(target.node) - here - 1;
        if (off < 0) {
            throw new IllegalStateException("backward jump to " + target + " (cBPF jumps only forward)");
        }
        return off;
    }

    private Node islandFor(Label target) {
        Node t = target.node;
        if (Bpf.cls(t.code) == Bpf.RET) {
            return new Node(t.code, t.k, null, null);
        }
        return new Node(Bpf.JMP | Bpf.JA, 0, target, null);
    }

    private Label labelOf(Node n) {
        Label l = newLabel("island");
        l.node = n;
        return l;
    }

    private static List<Insn> resolve(List<Node> list, IdentityHashMap<Node, Integer> pos) {
        List<Insn> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Node n = list.get(i);
            if (n.code == (Bpf.JMP | Bpf.JA)) {
                out.add(Insn.stmt(n.code, offset(pos, i, n.jt)));
            } else if (Bpf.isConditionalJump(n.code)) {
                out.add(new Insn(n.code, offset(pos, i, n.jt), offset(pos, i, n.jf), n.k));
            } else {
                out.add(Insn.stmt(n.code, n.k));
            }
        }
        return out;
    }
}
