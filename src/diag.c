#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag_list *d, arena *a, const char *file)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
    d->file = file;
}

void diag_add(diag_list *d, diag_severity sev, source_pos pos, const char *path, const char *fmt,
              ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
    diagnostic item = {sev, pos, path ? arena_strdup(d->arena, path) : NULL, msg, NULL};
    ARENA_PUSH(d->arena, d->items, d->count, d->cap, item);
    if (sev == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
}

void diag_append(diag_list *to, const diag_list *from)
{
    for (size_t i = 0; i < from->count; i++) {
        diagnostic item = from->items[i];
        if (!item.file)
            item.file = from->file;
        ARENA_PUSH(to->arena, to->items, to->count, to->cap, item);
        if (item.severity == DIAG_ERROR)
            to->errors++;
        else
            to->warnings++;
    }
    to->stop = to->stop || from->stop;
}

/* The list's own file first, then others by name; within a file by position. */
static int by_position(const void *a, const void *b)
{
    const diagnostic *x = *(const diagnostic *const *)a, *y = *(const diagnostic *const *)b;
    if (x->file != y->file) {
        if (!x->file || !y->file)
            return !x->file ? -1 : 1;
        int c = strcmp(x->file, y->file);
        if (c)
            return c;
    }
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.col != y->pos.col)
        return x->pos.col < y->pos.col ? -1 : 1;
    return x < y ? -1 : x > y; /* stable: keep the order of discovery */
}

void diag_print(const diag_list *d, FILE *out, bool strict)
{
    if (!d->count)
        return;
    const diagnostic **sorted = malloc(d->count * sizeof *sorted);
    if (!sorted)
        return;
    for (size_t i = 0; i < d->count; i++)
        sorted[i] = &d->items[i];
    qsort(sorted, d->count, sizeof *sorted, by_position);
    for (size_t i = 0; i < d->count; i++) {
        const diagnostic *m = sorted[i];
        const char *kind = (m->severity == DIAG_ERROR || strict) ? "error" : "warning";
        if (m->pos.line > 0)
            fprintf(out, "%s:%d:%d: %s: ", m->file ? m->file : d->file, m->pos.line, m->pos.col,
                    kind);
        else
            fprintf(out, "%s: %s: ", m->file ? m->file : d->file, kind);
        if (m->path && *m->path)
            fprintf(out, "%s: ", m->path);
        fprintf(out, "%s\n", m->message);
    }
    free(sorted);
}
