#include "seal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

static int is_sealed(void)
{
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    int seals = fcntl(fd, F_GET_SEALS);
    close(fd);
    return seals >= 0 && (seals & SEALS) == SEALS;
}

char *find_home(void)
{
    char path[PATH_MAX];
    if (!realpath("/proc/self/exe", path))
        return NULL;
    /* <home>/bin/jrunc -> <home> */
    return strdup(dirname(dirname(path)));
}

/* argv/env for the re-exec: the caller's env plus _JRUNC_HOME unless it is already there. */
static char **env_with_home(char **envp)
{
    size_t n = 0;
    int have = 0;
    for (; envp[n]; n++)
        if (strncmp(envp[n], "_JRUNC_HOME=", 12) == 0)
            have = 1;
    char **env = calloc(n + 2, sizeof *env);
    if (!env)
        return NULL;
    memcpy(env, envp, n * sizeof *env);
    if (!have) {
        char *home = find_home();
        if (home && asprintf(&env[n], "_JRUNC_HOME=%s", home) < 0)
            env[n] = NULL;
        free(home);
    }
    return env;
}

int seal_self(char **argv, char **envp, const char **what)
{
    if (is_sealed())
        return 0;
    char **env = env_with_home(envp);
    *what = "find home";
    if (!env)
        return -ENOMEM;

    *what = "open /proc/self/exe";
    int exe = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (exe < 0)
        return -errno;
    struct stat st;
    if (fstat(exe, &st) < 0)
        return -errno;
    *what = "memfd_create";
    int mfd = memfd_create("jrunc", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (mfd < 0)
        return -errno;
    *what = "copy /proc/self/exe";
    for (off_t left = st.st_size; left > 0;) {
        ssize_t n = sendfile(mfd, exe, NULL, (size_t)left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        left -= n;
    }
    close(exe);
    *what = "seal the memfd";
    if (fcntl(mfd, F_ADD_SEALS, SEALS) < 0)
        return -errno;
    *what = "fexecve";
    fexecve(mfd, argv, env);
    return -errno;
}
