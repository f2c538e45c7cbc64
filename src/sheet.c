#include "sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "packages.h"

unsigned char *sheet_load_file(const char *path, size_t max_bytes, size_t *len, bool *too_large,
                               char *error, size_t error_size)
{
    *too_large = false;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(error, error_size, _("cannot read the file: %s"), strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(error, error_size, _("not a regular file (a directory, device or pipe)"));
        close(fd);
        return NULL;
    }
    if (max_bytes && (size_t)st.st_size > max_bytes) {
        snprintf(error, error_size,
                 _("the file is larger than %zu bytes; raise the bound with --limit file-size=N"),
                 max_bytes);
        *too_large = true;
        close(fd);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *buf = malloc(size + 1);
    size_t got = 0;
    while (buf && got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    if (!buf || got != size) {
        snprintf(error, error_size, _("cannot read the file: %s"),
                 buf ? _("it changed while being read") : strerror(ENOMEM));
        free(buf);
        return NULL;
    }
    buf[size] = 0;
    *len = size;
    return buf;
}

static bool has_extension(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && !strcasecmp(name + n - e, ext);
}

sheet_status sheet_read(arena *a, const char *file_name, const unsigned char *bytes, size_t len,
                        const char *name, const sheet_limits *limits, sheet **out, char *error,
                        size_t error_size)
{
    *out = NULL;
    if (len >= 8 && !memcmp(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        snprintf(error, error_size,
                 _("an old Excel (.xls) or WPS (.et) workbook, or an encrypted one, which cannot "
                   "be read; open it in Excel or WPS and save it as .xlsx (Excel Workbook)"));
        return SHEET_BROKEN;
    }
    if (len >= 4 && !memcmp(bytes, "PK\3\4", 4)) {
        const packages *readers = packages_open(error, error_size);
        if (!readers)
            return SHEET_BROKEN;
        /* An ODF package names its kind in a first, stored entry `mimetype`. */
        if (len >= 38 && !memcmp(bytes + 30, "mimetype", 8))
            return readers->read_ods(a, bytes, len, name, limits, out, error, error_size);
        return readers->read_xlsx(a, bytes, len, name, limits, out, error, error_size);
    }
    if (has_extension(file_name, ".csv") || has_extension(file_name, ".txt")) {
        if (name) {
            snprintf(error, error_size,
                     _("a CSV file has one sheet and no names; remove `sheet: %s`"), name);
            return SHEET_BROKEN;
        }
        return sheet_read_csv(a, bytes, len, limits, out, error, error_size);
    }
    if (has_extension(file_name, ".xlsx") || has_extension(file_name, ".ods"))
        snprintf(error, error_size,
                 _("not a zip package, so not an .xlsx or .ods file: it is broken, or another "
                   "kind of file renamed"));
    else
        snprintf(error, error_size,
                 _("not a spreadsheet jianbao reads; save it as .xlsx, .ods or .csv"));
    return SHEET_BROKEN;
}

/* ---- cells and areas ------------------------------------------------- */

const char *sheet_cell_name(arena *a, uint32_t row, uint32_t col)
{
    char letters[8];
    int n = 0;
    uint32_t c = col + 1;
    while (c && n < 7) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    char name[8];
    for (int i = 0; i < n; i++)
        name[i] = letters[n - 1 - i];
    return arena_printf(a, "%.*s%u", n, name, row + 1);
}

bool sheet_parse_cell(const char *s, size_t len, uint32_t *row, uint32_t *col)
{
    size_t i = 0;
    uint64_t c = 0, r = 0;
    if (i < len && s[i] == '$')
        i++;
    size_t letters = 0;
    for (; i < len && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')); i++) {
        c = c * 26 + (uint64_t)((s[i] | 0x20) - 'a' + 1);
        if (++letters > 3)
            return false;
    }
    if (i < len && s[i] == '$')
        i++;
    size_t digits = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        r = r * 10 + (uint64_t)(s[i] - '0');
        if (++digits > 7)
            return false;
    }
    if (i != len || !letters || !digits || r == 0 || c > SHEET_MAX_COLS || r > SHEET_MAX_ROWS)
        return false;
    *row = (uint32_t)r - 1;
    *col = (uint32_t)c - 1;
    return true;
}

bool sheet_parse_area(const char *s, sheet_area *area)
{
    const char *colon = strchr(s, ':');
    size_t first = colon ? (size_t)(colon - s) : strlen(s);
    if (!sheet_parse_cell(s, first, &area->row0, &area->col0))
        return false;
    if (!colon) {
        area->row1 = area->row0, area->col1 = area->col0;
        return true;
    }
    if (!sheet_parse_cell(colon + 1, strlen(colon + 1), &area->row1, &area->col1))
        return false;
    if (area->row1 < area->row0) {
        uint32_t t = area->row0;
        area->row0 = area->row1, area->row1 = t;
    }
    if (area->col1 < area->col0) {
        uint32_t t = area->col0;
        area->col0 = area->col1, area->col1 = t;
    }
    return true;
}

static int by_position(const void *x, const void *y)
{
    const sheet_cell *a = x, *b = y;
    if (a->row != b->row)
        return a->row < b->row ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

const sheet_cell *sheet_find(const sheet *s, uint32_t row, uint32_t col)
{
    sheet_cell key = {.row = row, .col = col};
    return bsearch(&key, s->cells, s->count, sizeof *s->cells, by_position);
}

static bool in_spans(const sheet_span *spans, size_t count, uint32_t at)
{
    for (size_t i = 0; i < count; i++)
        if (at >= spans[i].first && at <= spans[i].last)
            return true;
    return false;
}

bool sheet_row_hidden(const sheet *s, uint32_t row)
{
    return in_spans(s->hidden_rows, s->hidden_row_count, row);
}

bool sheet_col_hidden(const sheet *s, uint32_t col)
{
    return in_spans(s->hidden_cols, s->hidden_col_count, col);
}

const sheet_area *sheet_merge_at(const sheet *s, uint32_t row, uint32_t col)
{
    for (size_t i = 0; i < s->merge_count; i++) {
        const sheet_area *m = &s->merges[i];
        if (row >= m->row0 && row <= m->row1 && col >= m->col0 && col <= m->col1)
            return m;
    }
    return NULL;
}

bool sheet_add_cell(arena *a, sheet *s, const sheet_limits *limits, sheet_cell cell)
{
    if (limits->cells && s->count >= limits->cells)
        return false;
    ARENA_PUSH(a, s->cells, s->count, s->cap, cell);
    return true;
}

void sheet_add_hidden(arena *a, sheet_span **spans, size_t *count, size_t *cap, uint32_t first,
                      uint32_t last)
{
    if (*count && (*spans)[*count - 1].last + 1 == first) {
        (*spans)[*count - 1].last = last; /* runs of hidden rows stay one span */
        return;
    }
    sheet_span span = {first, last};
    ARENA_PUSH(a, *spans, *count, *cap, span);
}

void sheet_add_merge(arena *a, sheet *s, sheet_area area)
{
    ARENA_PUSH(a, s->merges, s->merge_count, s->merge_cap, area);
}

void sheet_finish(sheet *s)
{
    bool sorted = true;
    for (size_t i = 1; i < s->count && sorted; i++)
        sorted = by_position(&s->cells[i - 1], &s->cells[i]) < 0;
    if (!sorted)
        qsort(s->cells, s->count, sizeof *s->cells, by_position);
    /* A cell given twice keeps its last value. */
    size_t kept = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (kept && !by_position(&s->cells[kept - 1], &s->cells[i]))
            kept--;
        s->cells[kept++] = s->cells[i];
    }
    s->count = kept;
    s->rows = s->cols = 0;
    for (size_t i = 0; i < s->count; i++) {
        if (s->cells[i].row + 1 > s->rows)
            s->rows = s->cells[i].row + 1;
        if (s->cells[i].col + 1 > s->cols)
            s->cols = s->cells[i].col + 1;
    }
}

int sheet_places_shown(const char *shown)
{
    const char *dot = strchr(shown, '.');
    int n = 0;
    for (dot = dot ? dot + 1 : ""; *dot >= '0' && *dot <= '9'; dot++)
        n++;
    return n;
}
