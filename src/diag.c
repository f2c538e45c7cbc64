#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

void diag_init(diag_list *d, arena *a, const char *file)
{
    memset(d, 0, sizeof *d);
    d->arena = a;
    d->file = file;
}

void diag_add(diag_list *d, diag_severity sev, source_pos pos, const char *path, const char *fmt,
              ...)
{
    if (sev == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (diag_full(d)) {
        d->unshown++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
    diagnostic item = {sev, pos, path ? arena_strdup(d->arena, path) : NULL, msg, NULL};
    ARENA_PUSH(d->arena, d->items, d->count, d->cap, item);
}

bool diag_full(const diag_list *d)
{
    return d->count >= DIAG_SHOWN;
}

/* Characters that would act on a terminal or reorder what it shows. */
static bool acts_on_terminal(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void put_visible(FILE *out, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n)
            fprintf(out, "\\x%02x", (unsigned char)s[i]), n = 1;
        else if (cp < 0x80 && acts_on_terminal(cp))
            fprintf(out, "\\x%02x", (unsigned)cp);
        else if (acts_on_terminal(cp))
            fprintf(out, "\\u%04X", (unsigned)cp);
        else
            fwrite(s + i, 1, n, out);
        i += n;
    }
}

void diag_append(diag_list *to, const diag_list *from)
{
    for (size_t i = 0; i < from->count; i++) {
        diagnostic item = from->items[i];
        if (!item.file)
            item.file = from->file;
        if (item.severity == DIAG_ERROR)
            to->errors++;
        else
            to->warnings++;
        if (diag_full(to))
            to->unshown++;
        else
            ARENA_PUSH(to->arena, to->items, to->count, to->cap, item);
    }
    to->unshown += from->unshown;
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

const diagnostic **diag_sorted(const diag_list *d)
{
    const diagnostic **sorted = malloc((d->count ? d->count : 1) * sizeof *sorted);
    if (!sorted)
        return NULL;
    for (size_t i = 0; i < d->count; i++)
        sorted[i] = &d->items[i];
    qsort(sorted, d->count, sizeof *sorted, by_position);
    return sorted;
}

void diag_print(const diag_list *d, FILE *out, bool strict)
{
    if (!d->count)
        return;
    const diagnostic **sorted = diag_sorted(d);
    if (!sorted)
        return;
    for (size_t i = 0; i < d->count; i++) {
        const diagnostic *m = sorted[i];
        const char *kind = (m->severity == DIAG_ERROR || strict) ? _("error") : _("warning");
        put_visible(out, m->file ? m->file : d->file);
        if (m->pos.line > 0)
            fprintf(out, ":%d:%d", m->pos.line, m->pos.col);
        fprintf(out, ": %s: ", kind);
        if (m->path && *m->path) {
            put_visible(out, m->path);
            fputs(": ", out);
        }
        put_visible(out, m->message);
        fputc('\n', out);
    }
    free(sorted);
    if (d->unshown) {
        put_visible(out, d->file);
        fprintf(out, _(": and %zu more messages; the first %d are shown above\n"), d->unshown,
                DIAG_SHOWN);
    }
}
