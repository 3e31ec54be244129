package dev.jrunc.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The container process ({@code process} in config.json, or a whole process.json for exec). */
public record Process(
        Boolean terminal,
        ConsoleSize consoleSize,
        User user,
        List<String> args,
        String commandLine,
        List<String> env,
        String cwd,
        LinuxCapabilities capabilities,
        List<Rlimit> rlimits,
        Boolean noNewPrivileges,
        String apparmorProfile,
        @Num.I32 Integer oomScoreAdj,
        Scheduler scheduler,
        String selinuxLabel,
        IoPriority ioPriority,
        ExecCpuAffinity execCPUAffinity) {

    public Process {
        args = Copies.list(args);
        env = Copies.list(env);
        rlimits = Copies.list(rlimits);
    }

    /** {@code consoleSize}: uint in Go, held as Long. */
    public record ConsoleSize(@Num.U32 Long height, @Num.U32 Long width) {}

    /** {@code ioPriority}: class is IOPRIO_CLASS_RT, IOPRIO_CLASS_BE or IOPRIO_CLASS_IDLE. */
    public record IoPriority(@JsonProperty("class") String ioClass, @Num.I32 Integer priority) {}

    /** {@code execCPUAffinity}: cpu lists such as "0-3,7" for the initial and final affinity. */
    public record ExecCpuAffinity(String initial, @JsonProperty("final") String finalCpus) {}

    public Process withArgs(List<String> a) {
        return new Process(terminal, consoleSize, user, a, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withEnv(List<String> e) {
        return new Process(terminal, consoleSize, user, args, commandLine, e, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }

    public Process withTerminal(Boolean t) {
        return new Process(t, consoleSize, user, args, commandLine, env, cwd, capabilities, rlimits,
                noNewPrivileges, apparmorProfile, oomScoreAdj, scheduler, selinuxLabel, ioPriority, execCPUAffinity);
    }
}
