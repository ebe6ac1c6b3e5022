#ifndef FLAGDECK_CNCURSES_SHIM_H
#define FLAGDECK_CNCURSES_SHIM_H

// Wide-character ncurses API (get_wch, cchar_t, mvaddnwstr) is only declared with this.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#include <curses.h>

// Swift 6 rejects the mutable C globals and cannot import function-like or
// bit-shifting macros, so every one the terminal layer needs gets a getter.
static inline WINDOW *fd_stdscr(void) { return stdscr; }
static inline int fd_lines(void) { return LINES; }
static inline int fd_cols(void) { return COLS; }
static inline int fd_colors(void) { return COLORS; }
static inline int fd_color_pairs(void) { return COLOR_PAIRS; }

static inline unsigned int fd_a_normal(void) { return A_NORMAL; }
static inline unsigned int fd_a_bold(void) { return A_BOLD; }
static inline unsigned int fd_a_reverse(void) { return A_REVERSE; }
static inline unsigned int fd_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int fd_a_dim(void) { return A_DIM; }
static inline unsigned int fd_a_italic(void) { return A_ITALIC; }

static inline int fd_key_f(int n) { return KEY_F(n); }

static inline int fd_wcwidth(wchar_t c) { return wcwidth(c); }

static inline const char *fd_codeset(void) { return nl_langinfo(CODESET); }

#endif
