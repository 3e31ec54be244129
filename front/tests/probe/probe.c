/*
 * The one program in the test rootfs (static, so the rootfs needs nothing else):
 *   probe info              print "pid=<pid> hostname=<name>"
 *   probe write PATH TEXT   write TEXT to PATH
 *   probe exit N            exit with N
 *   probe id                print "uid=<uid> gid=<gid> tty=<0|1>"
 *   probe creds             print the credentials, capabilities and limits the FINALIZE ops set
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* One field of /proc/self/status, trailing newline removed. */
static const char *status_field(const char *name)
{
    static char line[512];
    FILE *f = fopen("/proc/self/status", "r");
    size_t n = strlen(name);
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, name, n) == 0 && line[n] == ':') {
            fclose(f);
            char *v = line + n + 1;
            while (*v == '\t' || *v == ' ')
                v++;
            v[strcspn(v, "\n")] = '\0';
            for (char *t = v; *t; t++)
                if (*t == '\t')
                    *t = ' ';
            for (size_t len = strlen(v); len && v[len - 1] == ' ';)
                v[--len] = '\0';
            return v;
        }
    }
    if (f)
        fclose(f);
    return "?";
}

static void creds(void)
{
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    mode_t um = umask(0);
    char oom[16] = "";
    FILE *f = fopen("/proc/self/oom_score_adj", "r");
    if (f && fgets(oom, sizeof oom, f))
        oom[strcspn(oom, "\n")] = '\0';
    if (f)
        fclose(f);
    printf("uid=%d gid=%d groups=%s", (int)getuid(), (int)getgid(), status_field("Groups"));
    printf(" capeff=%s", status_field("CapEff"));
    printf(" capbnd=%s", status_field("CapBnd"));
    printf(" capamb=%s", status_field("CapAmb"));
    printf(" nnp=%s nofile=%llu/%llu umask=%03o oom=%s sid=%d\n", status_field("NoNewPrivs"),
           (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max, (unsigned)um, oom,
           (int)getsid(0));
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "info") == 0) {
        char host[256] = "";
        gethostname(host, sizeof host);
        printf("pid=%d hostname=%s\n", (int)getpid(), host);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "write") == 0) {
        int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, argv[3], strlen(argv[3])) < 0)
            return 2;
        close(fd);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "id") == 0) {
        printf("uid=%d gid=%d tty=%d\n", (int)getuid(), (int)getgid(), isatty(1));
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "creds") == 0) {
        creds();
        return 0;
    }
    if (argc >= 3 && strcmp(argv[1], "exit") == 0)
        return atoi(argv[2]);
    fprintf(stderr, "probe: bad usage\n");
    return 64;
}
