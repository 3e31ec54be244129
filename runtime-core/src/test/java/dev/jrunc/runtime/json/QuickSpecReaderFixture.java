package dev.jrunc.runtime.json;

/** A config.json with every field the quick spec reader and tree know (see oci-spec's QuickSpecReaderTest). */
final class QuickSpecReaderFixture {
  private QuickSpecReaderFixture() {}

  static final String RICH = """
      {"ociVersion":"1.1.0","hostname":"h","process":{"terminal":true,"consoleSize":{"height":24,"width":80},
       "user":{"uid":1000,"gid":1000,"umask":18,"additionalGids":[1,4294967295]},"args":["sh"],"env":["A=<b>"],"cwd":"/",
       "capabilities":{"bounding":["CAP_KILL"],"inheritable":[]},
       "rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1024}],"oomScoreAdj":-1000},
       "root":{"path":"rootfs","readonly":true},"mounts":[{"destination":"/proc","type":"proc","source":"proc"}],
       "hooks":{"prestart":[{"path":"/bin/true","timeout":5}]},"annotations":{"b":"1"},
       "linux":{"uidMappings":[{"containerID":0,"hostID":1000,"size":1}],"sysctl":{"a":"1"},
        "resources":{"devices":[{"allow":false,"access":"rwm"}],"memory":{"limit":18446744073709551615,"swappiness":18446744073709551615},
         "cpu":{"quota":-1,"cpus":"0"},"pids":{"limit":100},"unified":{"memory.high":"max"}},
        "namespaces":[{"type":"pid"}],"devices":[{"path":"/dev/x","type":"c","major":1,"minor":5,"fileMode":438}],
        "maskedPaths":["/proc/kcore"]}}
      """;
}
