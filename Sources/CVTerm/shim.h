#include <vterm.h>
static inline int cvterm_color_is_indexed(const VTermColor *c) { return VTERM_COLOR_IS_INDEXED(c); }
static inline int cvterm_color_is_default_fg(const VTermColor *c) { return VTERM_COLOR_IS_DEFAULT_FG(c); }
static inline int cvterm_color_is_default_bg(const VTermColor *c) { return VTERM_COLOR_IS_DEFAULT_BG(c); }
