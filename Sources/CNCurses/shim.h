#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* SwiftPM drops pkg-config's -D flags, so the wide-character defines live here. */
#define _DEFAULT_SOURCE 1
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

/* C globals and function-like macros are not usable from Swift 6 directly. */
static inline WINDOW *cncurses_stdscr(void) { return stdscr; }
static inline int cncurses_lines(void) { return LINES; }
static inline int cncurses_cols(void) { return COLS; }
static inline int cncurses_colors(void) { return COLORS; }
static inline int cncurses_color_pairs(void) { return COLOR_PAIRS; }
static inline int cncurses_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cncurses_key_f(int n) { return KEY_F(n); }

/* Attributes (macros built from NCURSES_BITS). */
static inline attr_t cncurses_a_normal(void) { return WA_NORMAL; }
static inline attr_t cncurses_a_bold(void) { return WA_BOLD; }
static inline attr_t cncurses_a_dim(void) { return WA_DIM; }
static inline attr_t cncurses_a_italic(void) { return WA_ITALIC; }
static inline attr_t cncurses_a_underline(void) { return WA_UNDERLINE; }
static inline attr_t cncurses_a_reverse(void) { return WA_REVERSE; }
static inline attr_t cncurses_a_blink(void) { return WA_BLINK; }
static inline attr_t cncurses_a_invis(void) { return WA_INVIS; }

/* Mouse masks. */
static inline mmask_t cncurses_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t cncurses_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cncurses_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t cncurses_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_TRIPLE_CLICKED; }
static inline mmask_t cncurses_button2_pressed(void) { return BUTTON2_PRESSED | BUTTON2_CLICKED; }
static inline mmask_t cncurses_button3_pressed(void) { return BUTTON3_PRESSED | BUTTON3_CLICKED; }
static inline mmask_t cncurses_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cncurses_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}
static inline mmask_t cncurses_button_shift(void) { return BUTTON_SHIFT; }
static inline mmask_t cncurses_button_ctrl(void) { return BUTTON_CTRL; }
static inline mmask_t cncurses_button_alt(void) { return BUTTON_ALT; }

/* One wide character (plus combining marks) with attributes and a colour pair. */
static inline int cncurses_add_cell(const wchar_t *text, attr_t attrs, int pair) {
    cchar_t c;
    if (setcchar(&c, text, attrs, (short)(pair > 32767 ? 0 : pair), NULL) != OK) return ERR;
    return wadd_wch(stdscr, &c);
}

/* The window size of a file descriptor's terminal, or -1. */
static inline int cncurses_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

/* Terminal state saved before curses starts, restored from signal handlers (async-signal-safe). */
static inline struct termios *cncurses_saved_termios_ptr(void) {
    static struct termios saved;
    return &saved;
}
static volatile sig_atomic_t cncurses_saved_valid = 0;
static volatile sig_atomic_t cncurses_wake_fd = -1;
static volatile sig_atomic_t cncurses_pending_signal = 0;
static volatile sig_atomic_t cncurses_resized = 0;

static inline void cncurses_save_terminal(void) {
    if (tcgetattr(0, cncurses_saved_termios_ptr()) == 0) cncurses_saved_valid = 1;
}

static inline void cncurses_emergency_restore(void) {
    static const char reset[] = "\033[?2004l\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?25h\033[0m\033[?1049l\r\n";
    ssize_t ignored = write(1, reset, sizeof reset - 1);
    (void)ignored;
    if (cncurses_saved_valid) tcsetattr(0, TCSANOW, cncurses_saved_termios_ptr());
}

static inline void cncurses_wake(void) {
    int fd = cncurses_wake_fd;
    if (fd >= 0) {
        char b = 1;
        ssize_t ignored = write(fd, &b, 1);
        (void)ignored;
    }
}

static void cncurses_on_winch(int sig) {
    (void)sig;
    cncurses_resized = 1;
    cncurses_wake();
}

static void cncurses_on_quit(int sig) {
    cncurses_pending_signal = sig;
    signal(sig, SIG_DFL); /* a second signal ends the process the ordinary way */
    cncurses_wake();
}

static void cncurses_on_crash(int sig) {
    cncurses_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Installs the handlers. Call before initscr so ncurses leaves SIGWINCH, SIGINT and SIGTERM to us. */
static inline void cncurses_install_signals(int wake_fd) {
    cncurses_wake_fd = wake_fd;
    struct sigaction sa;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sa.sa_handler = cncurses_on_winch;
    sigaction(SIGWINCH, &sa, NULL);
    sa.sa_handler = cncurses_on_quit;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_flags = SA_RESETHAND;
    sa.sa_handler = cncurses_on_crash;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    /* A parent may have started us with these blocked (threads of a dispatch-based process block
       every signal); the calling thread takes them. */
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGWINCH);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
}

/* Puts the default handlers back (after endwin). */
static inline void cncurses_restore_signals(void) {
    cncurses_wake_fd = -1;
    signal(SIGWINCH, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGILL, SIG_DFL);
    signal(SIGTRAP, SIG_DFL);
    signal(SIGFPE, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
}

static inline int cncurses_take_signal(void) { int s = cncurses_pending_signal; cncurses_pending_signal = 0; return s; }
static inline int cncurses_take_resized(void) { int r = cncurses_resized; cncurses_resized = 0; return r; }

/* Waits until fd_a or fd_b is readable (or the timeout in ms passes); bit 0: a, bit 1: b. */
static inline int cncurses_wait(int fd_a, int fd_b, int timeout_ms) {
    struct pollfd p[2] = {{fd_a, POLLIN, 0}, {fd_b, POLLIN, 0}};
    int n = poll(p, 2, timeout_ms);
    if (n <= 0) return 0;
    return ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) ? 1 : 0) | ((p[1].revents & POLLIN) ? 2 : 0);
}
#endif
