package dev.jrunc.spec;

import java.util.List;

/** {@code hooks}: lists per lifecycle point (prestart is deprecated but still honoured by runc). */
public record Hooks(
        List<Hook> prestart,
        List<Hook> createRuntime,
        List<Hook> createContainer,
        List<Hook> startContainer,
        List<Hook> poststart,
        List<Hook> poststop) {

    public Hooks {
        prestart = Copies.list(prestart);
        createRuntime = Copies.list(createRuntime);
        createContainer = Copies.list(createContainer);
        startContainer = Copies.list(startContainer);
        poststart = Copies.list(poststart);
        poststop = Copies.list(poststop);
    }
}
