#ifndef CRCLAUDE_SYSTEM_H
#define CRCLAUDE_SYSTEM_H

#include <sys/types.h>

/* Process spawning, PTYs, terminal modes and locks for rclaude. These wrap POSIX calls that
 * Swift cannot make safely itself (fork/exec in a multi-threaded process, variadic ioctl). */

/* Spawns `path` with `argv`/`envp` in `cwd` (may be NULL) as the leader of a new process group.
 * stdin/stdout/stderr become the given fds (-1: /dev/null). `new_session` != 0 calls setsid()
 * instead (the child outlives its parent's terminal). Returns the pid, or -errno. */
pid_t crclaude_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                     int stdin_fd, int stdout_fd, int stderr_fd, int new_session);

/* Spawns under a new PTY of rows x cols; the child is a session leader with the PTY as its
 * controlling terminal. Stores the master fd in *master_fd. Returns the pid, or -errno. */
pid_t crclaude_spawn_pty(const char *path, char *const argv[], char *const envp[], const char *cwd,
                         unsigned short rows, unsigned short cols, int *master_fd);

/* Sets a PTY's window size (TIOCSWINSZ). Returns 0 or -errno. */
int crclaude_set_winsize(int fd, unsigned short rows, unsigned short cols);
/* Reads a terminal's window size. Returns 0 or -errno. */
int crclaude_get_winsize(int fd, unsigned short *rows, unsigned short *cols);

/* Puts a terminal in raw mode, saving the old mode in an opaque buffer of crclaude_termios_size()
 * bytes; restore with crclaude_restore_mode. Return 0 or -errno. */
unsigned long crclaude_termios_size(void);
int crclaude_make_raw(int fd, void *saved);
int crclaude_restore_mode(int fd, const void *saved);

/* Whole-file advisory lock (flock). exclusive != 0 for a write lock. Blocks. Returns 0 or -errno. */
int crclaude_flock(int fd, int exclusive);
int crclaude_funlock(int fd);

/* waitpid wrapper: returns pid, 0 (still running with nohang) or -errno; *status gets the exit code
 * (0-255) or 128+signal, *signaled 1 if killed by a signal. */
pid_t crclaude_wait(pid_t pid, int nohang, int *status, int *signaled);

#endif
