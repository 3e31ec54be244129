/* ptyrun CMD ARGS...: run CMD on a new pty (its stdin/stdout/stderr and controlling tty), copy what it
 * writes there to our stdout, exit with its status (128+signal if killed). Like `script -qec`, but it
 * also works on hosts without /dev/ptmx, through /dev/pts/ptmx. `ctr run -t` needs a terminal. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: ptyrun CMD [ARGS...]\n");
        return 2;
    }
    int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    int unlock = 0, n = -1;
    if (master < 0 || ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &n) < 0) {
        perror("ptyrun: pty");
        return 2;
    }
    char slave[64];
    snprintf(slave, sizeof slave, "/dev/pts/%d", n);
    struct winsize ws = {.ws_row = 24, .ws_col = 80};
    ioctl(master, TIOCSWINSZ, &ws);
    pid_t pid = fork();
    if (pid < 0) {
        perror("ptyrun: fork");
        return 2;
    }
    if (pid == 0) {
        setsid();
        int s = open(slave, O_RDWR);
        if (s < 0 || ioctl(s, TIOCSCTTY, 0) < 0) {
            perror("ptyrun: slave");
            _exit(2);
        }
        dup2(s, 0);
        dup2(s, 1);
        dup2(s, 2);
        if (s > 2)
            close(s);
        execvp(argv[1], argv + 1);
        perror("ptyrun: exec");
        _exit(127);
    }
    char buf[4096];
    for (;;) {
        ssize_t r = read(master, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) /* EIO once the last slave fd is closed */
            break;
        if (write(1, buf, (size_t)r) < 0)
            break;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
