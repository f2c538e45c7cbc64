/* diag: the messages one document's run produces. Every stage reports into a
 * diag_list; main prints them, sorted by position, as
 *     FILE:LINE:COL: error: KEY.PATH: message
 * Lines and columns count from 1; a column counts characters, not bytes. */
#ifndef JIANBAO_DIAG_H
#define JIANBAO_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "arena.h"

typedef struct source_pos {
    int line, col; /* 0 when unknown (whole-file messages) */
} source_pos;

typedef enum { DIAG_WARNING, DIAG_ERROR } diag_severity;

typedef struct diagnostic {
    diag_severity severity;
    source_pos pos;
    const char *path; /* key path such as sections[1].content[2]; may be NULL */
    const char *message;
    const char *file; /* another file's message (compare_with); NULL: the list's file */
} diagnostic;

typedef struct diag_list {
    arena *arena;
    const char *file; /* as named on the command line */
    diagnostic *items;
    size_t count, cap;
    int errors, warnings;
    size_t unshown; /* messages past DIAG_SHOWN, counted but not kept */
    bool stop;      /* a limit was hit: later stages must not run */
} diag_list;

/* Messages kept for one file: a hostile input can raise one per character,
 * and the rest are only counted ("and N more"). */
#define DIAG_SHOWN 100

void diag_init(diag_list *d, arena *a, const char *file);
void diag_add(diag_list *d, diag_severity sev, source_pos pos, const char *path, const char *fmt,
              ...) __attribute__((format(printf, 5, 6)));
#define diag_error(d, pos, path, ...)   diag_add((d), DIAG_ERROR, (pos), (path), __VA_ARGS__)
#define diag_warning(d, pos, path, ...) diag_add((d), DIAG_WARNING, (pos), (path), __VA_ARGS__)
/* Adds from's messages to `to`, each naming from's file. */
void diag_append(diag_list *to, const diag_list *from);
/* True when further messages are only counted: callers skip the work of
 * finding a position or a hint for them. */
bool diag_full(const diag_list *d);
/* The messages in the order they are printed (a malloc'd array of
 * d->count pointers, NULL when out of memory). */
const diagnostic **diag_sorted(const diag_list *d);
/* Prints every message sorted by position; with strict, warnings print as
 * errors. Quoted input is printed so that control characters show as \x1b
 * or \u202E and cannot act on the terminal or forge a line. */
void diag_print(const diag_list *d, FILE *out, bool strict);
/* Writes s with control, bidirectional-override and invalid bytes shown as
 * escapes, for any message that quotes input. */
void put_visible(FILE *out, const char *s);

#endif
