#define _GNU_SOURCE
#include "crclaude_system.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <util.h>
#else
#include <pty.h>
#endif

/* Everything after fork() below is async-signal-safe: dup2, chdir, setsid, setpgid, sigaction,
 * execve, _exit. */

static void reset_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    for (int s = 1; s < 32; s++) {
        if (s == SIGKILL || s == SIGSTOP) continue;
        sigaction(s, &sa, NULL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static int open_null(void) { return open("/dev/null", O_RDWR); }

/* Closes every descriptor >= 3 except `keep`, so no pipe or socket of the parent (or of whoever
 * started it) leaks into the child and keeps a reader waiting for EOF. */
static void close_other_fds(int keep) {
#if defined(SYS_close_range)
    if (keep > 3) syscall(SYS_close_range, 3U, (unsigned)(keep - 1), 0U);
    if (syscall(SYS_close_range, (unsigned)(keep + 1), ~0U, 0U) == 0) return;
    if (keep < 3 && syscall(SYS_close_range, 3U, ~0U, 0U) == 0) return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    for (int fd = 3; fd < max; fd++) {
        if (fd != keep) close(fd);
    }
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#include <spawn.h>
#define CRCLAUDE_POSIX_SPAWN 1

/* posix_spawn: glibc starts the child with clone(CLONE_VM | CLONE_VFORK), so nothing of the
 * parent's (large) address space is copied; a fork() of rclaude took 1-4 ms. Every step of the
 * fork path below has a spawn attribute or file action here. */
static pid_t spawn_without_fork(const char *path, char *const argv[], char *const envp[], const char *cwd,
                                int stdin_fd, int stdout_fd, int stderr_fd, int new_session) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return -rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return -rc;
    }
    int fds[3] = {stdin_fd, stdout_fd, stderr_fd};
    for (int i = 0; rc == 0 && i < 3; i++) {
        rc = fds[i] >= 0 ? posix_spawn_file_actions_adddup2(&actions, fds[i], i)
                         : posix_spawn_file_actions_addopen(&actions, i, "/dev/null", O_RDWR, 0);
    }
    if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (rc == 0 && cwd) rc = posix_spawn_file_actions_addchdir_np(&actions, cwd);
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    if (rc == 0) rc = posix_spawnattr_setsigdefault(&attr, &all);
    if (rc == 0) rc = posix_spawnattr_setsigmask(&attr, &none);
    if (rc == 0 && !new_session) rc = posix_spawnattr_setpgroup(&attr, 0);
    if (rc == 0) {
        short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (new_session ? POSIX_SPAWN_SETSID : POSIX_SPAWN_SETPGROUP);
        rc = posix_spawnattr_setflags(&attr, flags);
    }
    pid_t pid = -1;
    if (rc == 0) rc = posix_spawn(&pid, path, &actions, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc == 0 ? pid : -rc;
}
#endif

#if !defined(CRCLAUDE_POSIX_SPAWN)
static pid_t spawn_with_fork(const char *path, char *const argv[], char *const envp[], const char *cwd,
                             int stdin_fd, int stdout_fd, int stderr_fd, int new_session) {
    int err_pipe[2];
    if (pipe2(err_pipe, O_CLOEXEC) != 0) return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(err_pipe[0]);
        close(err_pipe[1]);
        return -e;
    }
    if (pid == 0) {
        int fds[3] = {stdin_fd, stdout_fd, stderr_fd};
        for (int i = 0; i < 3; i++) {
            int fd = fds[i] >= 0 ? fds[i] : open_null();
            if (fd < 0 || dup2(fd, i) < 0) goto fail;
        }
        close_other_fds(err_pipe[1]);
        reset_signals();
        if (new_session) {
            if (setsid() < 0) goto fail;
        } else if (setpgid(0, 0) != 0) {
            goto fail;
        }
        if (cwd && chdir(cwd) != 0) goto fail;
        execve(path, argv, envp);
    fail: {
        int e = errno;
        ssize_t w = write(err_pipe[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    }
    close(err_pipe[1]);
    int child_errno = 0;
    ssize_t n;
    do { n = read(err_pipe[0], &child_errno, sizeof child_errno); } while (n < 0 && errno == EINTR);
    close(err_pipe[0]);
    if (n == (ssize_t)sizeof child_errno) {
        int st;
        waitpid(pid, &st, 0);
        return -child_errno;
    }
    if (!new_session) setpgid(pid, pid); /* close the race with the child's own setpgid */
    return pid;
}
#endif

pid_t crclaude_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                     int stdin_fd, int stdout_fd, int stderr_fd, int new_session) {
#if defined(CRCLAUDE_POSIX_SPAWN)
    return spawn_without_fork(path, argv, envp, cwd, stdin_fd, stdout_fd, stderr_fd, new_session);
#else
    return spawn_with_fork(path, argv, envp, cwd, stdin_fd, stdout_fd, stderr_fd, new_session);
#endif
}

pid_t crclaude_spawn_pty(const char *path, char *const argv[], char *const envp[], const char *cwd,
                         unsigned short rows, unsigned short cols, int *master_fd) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows ? rows : 24;
    ws.ws_col = cols ? cols : 80;
    int err_pipe[2];
    if (pipe2(err_pipe, O_CLOEXEC) != 0) return -errno;
    int master = -1;
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    if (pid < 0) {
        int e = errno;
        close(err_pipe[0]);
        close(err_pipe[1]);
        return -e;
    }
    if (pid == 0) {
        close_other_fds(err_pipe[1]);
        reset_signals();
        if (cwd && chdir(cwd) != 0) goto fail;
        execve(path, argv, envp);
    fail: {
        int e = errno;
        ssize_t w = write(err_pipe[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    }
    close(err_pipe[1]);
    int child_errno = 0;
    ssize_t n;
    do { n = read(err_pipe[0], &child_errno, sizeof child_errno); } while (n < 0 && errno == EINTR);
    close(err_pipe[0]);
    if (n == (ssize_t)sizeof child_errno) {
        int st;
        waitpid(pid, &st, 0);
        close(master);
        return -child_errno;
    }
    int flags = fcntl(master, F_GETFD);
    if (flags >= 0) fcntl(master, F_SETFD, flags | FD_CLOEXEC);
    *master_fd = master;
    return pid;
}

int crclaude_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = rows;
    ws.ws_col = cols;
    return ioctl(fd, TIOCSWINSZ, &ws) == 0 ? 0 : -errno;
}

int crclaude_get_winsize(int fd, unsigned short *rows, unsigned short *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -errno;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

unsigned long crclaude_termios_size(void) { return sizeof(struct termios); }

int crclaude_make_raw(int fd, void *saved) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -errno;
    memcpy(saved, &t, sizeof t);
    cfmakeraw(&t);
    return tcsetattr(fd, TCSAFLUSH, &t) == 0 ? 0 : -errno;
}

int crclaude_restore_mode(int fd, const void *saved) {
    struct termios t;
    memcpy(&t, saved, sizeof t);
    return tcsetattr(fd, TCSAFLUSH, &t) == 0 ? 0 : -errno;
}

int crclaude_flock(int fd, int exclusive) {
    int r;
    do { r = flock(fd, exclusive ? LOCK_EX : LOCK_SH); } while (r != 0 && errno == EINTR);
    return r == 0 ? 0 : -errno;
}

int crclaude_funlock(int fd) { return flock(fd, LOCK_UN) == 0 ? 0 : -errno; }

pid_t crclaude_wait(pid_t pid, int nohang, int *status, int *signaled) {
    int st = 0;
    pid_t r;
    do { r = waitpid(pid, &st, nohang ? WNOHANG : 0); } while (r < 0 && errno == EINTR);
    if (r < 0) return -errno;
    if (r == 0) return 0;
    if (WIFEXITED(st)) {
        *status = WEXITSTATUS(st);
        *signaled = 0;
    } else if (WIFSIGNALED(st)) {
        *status = 128 + WTERMSIG(st);
        *signaled = 1;
    } else {
        *status = -1;
        *signaled = 0;
    }
    return r;
}
