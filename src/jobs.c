#include "jobs.h"

#include <errno.h>
#include <stdarg.h>
#include <fts.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "diag.h"
#include "i18n.h"

static bool ends_with(const char *name, const char *suffix)
{
    size_t len = strlen(name), n = strlen(suffix);
    return len > n && !strcasecmp(name + len - n, suffix);
}

bool job_is_input_name(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    return ends_with(base, ".yaml") || ends_with(base, ".yml");
}

char *job_output_name(const char *relative, const char *dir, const char *extension)
{
    if (!extension)
        extension = ".pdf";
    size_t len = strlen(relative);
    len -= ends_with(relative, ".yaml") ? 5 : ends_with(relative, ".yml") ? 4 : 0;
    size_t n = (dir ? strlen(dir) + 1 : 0) + len + strlen(extension) + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s%.*s%s", dir ? dir : "", dir ? "/" : "", (int)len, relative,
                 extension);
    return out;
}

void jobs_add(job_list *l, const char *input, char *output)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        batch_job *grown = realloc(l->items, cap * sizeof *grown);
        if (!grown)
            abort();
        l->items = grown, l->cap = cap;
    }
    l->items[l->count++] = (batch_job){strdup(input), output};
}

void jobs_free(job_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free((char *)l->items[i].input);
        free(l->items[i].output);
    }
    free(l->items);
    *l = (job_list){0};
}

/* One message line; a path may hold any byte, so control characters are
 * shown as escapes and cannot act on the terminal. */
__attribute__((format(printf, 2, 3))) static void say(FILE *messages, const char *format, ...)
{
    char line[8192];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    put_visible(messages, line);
    fputc('\n', messages);
}

static int by_input(const void *a, const void *b)
{
    return strcmp(((const batch_job *)a)->input, ((const batch_job *)b)->input);
}

/* format names the path, then (when it has a second %s) the reason. */
static void skip(job_list *l, FILE *messages, int status, const char *format, const char *path,
                 const char *reason)
{
    char line[8192];
    snprintf(line, sizeof line, format, path, reason);
    put_visible(messages, line);
    fputc('\n', messages);
    l->skipped++;
    if (status > l->status)
        l->status = status;
}

static void take(job_list *l, const FTSENT *e, size_t root_len, const char *out_dir)
{
    const char *relative = e->fts_path + root_len;
    while (*relative == '/')
        relative++;
    if (!out_dir) /* no -o: NAME.pdf here, as for a file given by name */
        relative = e->fts_name;
    jobs_add(l, e->fts_path, job_output_name(relative, out_dir, l->extension));
}

/* A symbolic link: followed to a file, reported otherwise. */
static void take_link(job_list *l, const FTSENT *e, size_t root_len, const char *out_dir,
                      FILE *messages)
{
    struct stat st;
    if (stat(e->fts_accpath, &st) != 0) {
        if (job_is_input_name(e->fts_name))
            skip(l, messages, 1, _("jianbao: %s: error: a symbolic link to nothing (%s); skipped"),
                 e->fts_path, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        say(messages,
            _("jianbao: %s: warning: a symbolic link to a directory, not followed; name "
              "the directory itself to render it"),
            e->fts_path);
    } else if (job_is_input_name(e->fts_name)) {
        if (S_ISREG(st.st_mode))
            take(l, e, root_len, out_dir);
        else
            skip(l, messages, 1,
                 _("jianbao: %s: error: a symbolic link to something that is not a regular file; "
                   "skipped"),
                 e->fts_path, NULL);
    }
}

void jobs_add_directory(job_list *l, const char *dir, const char *out_dir, FILE *messages)
{
    size_t first = l->count, root_len = strlen(dir);
    char *roots[] = {(char *)dir, NULL};
    FTS *walk = fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
    if (!walk) {
        skip(l, messages, 3, _("jianbao: cannot read directory %s: %s"), dir, strerror(errno));
        return;
    }
    FTSENT *e;
    while ((e = fts_read(walk))) {
        switch (e->fts_info) {
        case FTS_F:
            if (job_is_input_name(e->fts_name))
                take(l, e, root_len, out_dir);
            break;
        case FTS_SL:
        case FTS_SLNONE:
            take_link(l, e, root_len, out_dir, messages);
            break;
        case FTS_DEFAULT:
            if (job_is_input_name(e->fts_name))
                skip(l, messages, 1,
                     _("jianbao: %s: error: not a regular file (a FIFO, socket or device); "
                       "skipped"),
                     e->fts_path, NULL);
            break;
        case FTS_DNR:
        case FTS_ERR:
        case FTS_NS:
            skip(l, messages, 3, _("jianbao: cannot read %s: %s"), e->fts_path,
                 strerror(e->fts_errno));
            break;
        default: /* directories, on the way in and out */
            break;
        }
    }
    fts_close(walk);
    qsort(l->items + first, l->count - first, sizeof *l->items, by_input);
}

/* ---- collisions ---------------------------------------------------------- */

/* A path with repeated slashes and "." components dropped. */
static char *tidy(const char *path)
{
    char *out = malloc(strlen(path) + 2);
    char *o = out;
    for (const char *p = path; *p;) {
        if (*p == '/' && o > out && o[-1] == '/') {
            p++;
        } else if (*p == '.' && (p[1] == '/' || !p[1]) && (p == path || p[-1] == '/') && o > out) {
            p += p[1] ? 2 : 1;
        } else if (*p == '.' && p[1] == '/' && p == path) {
            p += 2;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return out;
}

/* The file a path names: an existing one by its device and inode (so that
 * links to one file meet), else its deepest existing part resolved (links,
 * "..") and the rest as written, tidied. */
static char *path_key(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        char *key = malloc(48);
        snprintf(key, 48, "@%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
        return key;
    }
    char *written = tidy(path);
    size_t len = strlen(written);
    for (size_t cut = len;;) {
        char saved = written[cut];
        written[cut] = 0;
        char *real = realpath(cut ? written : ".", NULL);
        written[cut] = saved;
        if (real) {
            const char *rest = written + cut;
            while (*rest == '/')
                rest++;
            size_t n = strlen(real) + strlen(rest) + 2;
            char *key = malloc(n);
            snprintf(key, n, "%s%s%s", real, *rest ? "/" : "", rest);
            free(real), free(written);
            return key;
        }
        if (!cut)
            return written;
        size_t before = cut;
        while (cut > 0 && written[cut - 1] != '/')
            cut--;
        if (cut > 1) /* drop the slash, but keep "/" itself */
            cut--;
        if (cut == before) /* "/" did not resolve: take the path as written */
            cut = 0;
    }
}

typedef struct path_entry {
    char *key;
    size_t job;
    bool input;
} path_entry;

static int by_key(const void *a, const void *b)
{
    const path_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->input != y->input)
        return x->input ? -1 : 1; /* the input first, then the PDFs over it */
    return x->job < y->job ? -1 : x->job > y->job;
}

/* One group of entries naming the same file: the input first, if any. */
static size_t report_group(const job_list *l, const path_entry *g, size_t n, FILE *messages)
{
    size_t found = 0, first_output = 0;
    while (first_output < n && g[first_output].input)
        first_output++;
    if (first_output == n)
        return 0;
    if (first_output > 0) {
        const batch_job *j = &l->items[g[first_output].job];
        say(messages,
            _("jianbao: %s: error: its PDF %s would be written over the input %s; name "
              "another output with -o"),
            j->input, j->output, l->items[g[0].job].input);
        found++;
    }
    for (size_t i = first_output + 1; i < n; i++) {
        const batch_job *a = &l->items[g[first_output].job], *b = &l->items[g[i].job];
        say(messages,
            _("jianbao: %s and %s would both be written to %s; give each its own name or "
              "directory"),
            a->input, b->input, b->output);
        found++;
    }
    return found;
}

size_t jobs_find_collisions(const job_list *l, FILE *messages)
{
    path_entry *entries = malloc((2 * l->count + 1) * sizeof *entries);
    size_t n = 0, found = 0;
    for (size_t i = 0; i < l->count; i++) {
        entries[n++] = (path_entry){path_key(l->items[i].input), i, true};
        if (l->items[i].output && strcmp(l->items[i].output, "-"))
            entries[n++] = (path_entry){path_key(l->items[i].output), i, false};
    }
    qsort(entries, n, sizeof *entries, by_key);
    for (size_t i = 0, end; i < n; i = end) {
        end = i + 1;
        while (end < n && !strcmp(entries[end].key, entries[i].key))
            end++;
        found += report_group(l, entries + i, end - i, messages);
    }
    for (size_t i = 0; i < n; i++)
        free(entries[i].key);
    free(entries);
    return found;
}
