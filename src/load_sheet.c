#include "load_sheet.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "load.h"
#include "numfmt.h"
#include "sheet.h"

typedef struct cached_sheet {
    const char *file, *name; /* name NULL: the first sheet */
    sheet *sheet;
} cached_sheet;

struct sheet_cache {
    cached_sheet *items;
    size_t count, cap;
};

static const tree_node *get(const tree_node *map, const char *key)
{
    for (size_t i = 0; i < map->count; i++)
        if (!strcmp(map->keys[i]->value, key))
            return map->items[i];
    return NULL;
}

static const char *scalar_text(sheet_loader *sl, const tree_node *n, const char *path)
{
    if (n->kind != NODE_SCALAR || !n->len) {
        diag_error(sl->diags, n->pos, path, _("expected a file name, such as 数据/2023-03.xlsx"));
        return NULL;
    }
    return n->value;
}

static const char *full_path(sheet_loader *sl, const char *file)
{
    const char *slash = strrchr(sl->yaml_file, '/');
    if (file[0] == '/' || !slash)
        return file;
    return arena_printf(sl->arena, "%.*s/%s", (int)(slash - sl->yaml_file), sl->yaml_file, file);
}

/* The sheet `name` of file (read once per document); NULL after an error at `from`. */
static sheet *open_sheet(sheet_loader *sl, const tree_node *from, const char *name,
                         const char *path)
{
    if (!sl->cache)
        sl->cache = arena_alloc(sl->arena, sizeof *sl->cache);
    sheet_cache *c = sl->cache;
    const char *file = full_path(sl, from->value);
    for (size_t i = 0; i < c->count; i++)
        if (!strcmp(c->items[i].file, file) &&
            (name ? c->items[i].name && !strcmp(c->items[i].name, name) : !c->items[i].name))
            return c->items[i].sheet;
    char error[600];
    size_t len = 0;
    bool too_large = false;
    unsigned char *bytes =
        sheet_load_file(file, sl->limits->file_size, &len, &too_large, error, sizeof error);
    sheet *s = NULL;
    if (bytes) {
        sheet_limits limits = {sl->limits->sheet_size, sl->limits->sheet_cells};
        sheet_status status =
            sheet_read(sl->arena, file, bytes, len, name, &limits, &s, error, sizeof error);
        too_large = status == SHEET_TOO_LARGE;
        free(bytes);
    }
    if (!s) {
        diag_error(sl->diags, from->pos, path, "%s: %s", from->value, error);
        if (too_large)
            sl->diags->stop = true;
        return NULL;
    }
    cached_sheet entry = {arena_strdup(sl->arena, file),
                          name ? arena_strdup(sl->arena, name) : NULL, s};
    ARENA_PUSH(sl->arena, c->items, c->count, c->cap, entry);
    return s;
}

/* 数据/2023-03.xlsx:资金!C7, or 数据/a.csv:C7 */
static const char *cell_where(sheet_loader *sl, const tree_node *from, const sheet *s, uint32_t row,
                              uint32_t col)
{
    const char *cell = sheet_cell_name(sl->arena, row, col);
    if (!s->name)
        return arena_printf(sl->arena, "%s:%s", from->value, cell);
    return arena_printf(sl->arena, "%s:%s!%s", from->value, s->name, cell);
}

static tree_node *cell_node(sheet_loader *sl, const tree_node *from, const char *text,
                            sheet_origin *origin)
{
    tree_node *n = arena_alloc(sl->arena, sizeof *n);
    n->kind = NODE_SCALAR;
    n->pos = from->pos;
    n->src_begin = n->src_end = from->src_begin; /* messages inside it point at `from` */
    n->style = SCALAR_QUOTED;
    n->value = text;
    n->len = strlen(text);
    n->weight = 1;
    n->sheet = origin;
    return n;
}

static const char *optional_text(sheet_loader *sl, const tree_node *map, const char *key,
                                 const char *path)
{
    const tree_node *n = get(map, key);
    if (!n)
        return NULL;
    if (n->kind != NODE_SCALAR || !n->len) {
        diag_error(sl->diags, n->pos, arena_printf(sl->arena, "%s.%s", path, key),
                   _("expected text, such as %s"), !strcmp(key, "sheet") ? "汇总" : "A3:E15");
        return NULL;
    }
    return n->value;
}

/* ---- tables ------------------------------------------------------------ */

typedef struct grid_builder {
    sheet_loader *sl;
    const tree_node *from;
    const char *from_path;
    const sheet *s;
    sheet_area area;
    uint32_t *rows, *cols; /* the visible rows and columns of the area */
    size_t row_count, col_count;
    const sheet_area **merge_of; /* each cell of the area: its merged area, or NULL */
} grid_builder;

/* Which merged area covers each cell of the range. Merged areas never
 * overlap in a sound file; an overlap stops the work at once, so a hostile
 * file costs no more than one pass over the range. */
static bool map_merges(grid_builder *g)
{
    const sheet_area *a = &g->area;
    size_t width = a->col1 - a->col0 + 1, cells = width * (a->row1 - a->row0 + 1);
    g->merge_of = arena_alloc(g->sl->arena, cells * sizeof *g->merge_of);
    for (size_t i = 0; i < g->s->merge_count; i++) {
        const sheet_area *m = &g->s->merges[i];
        if (m->row1 < a->row0 || m->row0 > a->row1 || m->col1 < a->col0 || m->col0 > a->col1)
            continue;
        for (uint32_t r = m->row0 > a->row0 ? m->row0 : a->row0; r <= m->row1 && r <= a->row1; r++)
            for (uint32_t c = m->col0 > a->col0 ? m->col0 : a->col0; c <= m->col1 && c <= a->col1;
                 c++) {
                const sheet_area **slot = &g->merge_of[(r - a->row0) * width + (c - a->col0)];
                if (*slot) {
                    diag_error(g->sl->diags, g->from->pos, g->from_path,
                               _("%s: merged areas overlap at %s, so the file is broken; open it "
                                 "in Excel, WPS or LibreOffice and save it again"),
                               g->from->value, sheet_cell_name(g->sl->arena, r, c));
                    return false;
                }
                *slot = m;
            }
    }
    return true;
}

/* The first visible row (or column) at or after `from` inside the area. */
static uint32_t first_visible(const uint32_t *list, size_t count, uint32_t from)
{
    for (size_t i = 0; i < count; i++)
        if (list[i] >= from)
            return list[i];
    return UINT32_MAX;
}

static const tree_node *grid_cell(grid_builder *g, uint32_t row, uint32_t col, bool *ok)
{
    sheet_loader *sl = g->sl;
    sheet_origin *o = arena_alloc(sl->arena, sizeof *o);
    uint32_t src_row = row, src_col = col;
    const sheet_area *m =
        g->merge_of[(size_t)(row - g->area.row0) * (g->area.col1 - g->area.col0 + 1) +
                    (col - g->area.col0)];
    if (m) {
        /* The first visible cell of a merged area shows its value. */
        uint32_t owner_row = first_visible(g->rows, g->row_count, m->row0);
        uint32_t owner_col = first_visible(g->cols, g->col_count, m->col0);
        o->merged_left = col != owner_col;
        o->merged_above = row != owner_row;
        src_row = m->row0, src_col = m->col0;
        if (o->merged_left || o->merged_above)
            src_row = src_col = UINT32_MAX;
    }
    o->path =
        arena_printf(sl->arena, "%s: %s", g->from_path, cell_where(sl, g->from, g->s, row, col));
    const sheet_cell *c = src_row == UINT32_MAX ? NULL : sheet_find(g->s, src_row, src_col);
    if (c && c->problem) {
        diag_error(sl->diags, g->from->pos, o->path, "%s", c->problem);
        *ok = false;
    }
    if (c && c->kind == SHEET_NUMBER) {
        o->number = c->number;
        o->format = c->format;
        o->decimals = c->decimals;
    }
    return cell_node(sl, g->from, c ? c->shown : "", o);
}

static bool visible_lines(grid_builder *g)
{
    sheet_loader *sl = g->sl;
    size_t rows = g->area.row1 - g->area.row0 + 1, cols = g->area.col1 - g->area.col0 + 1;
    g->rows = arena_alloc(sl->arena, rows * sizeof *g->rows);
    g->cols = arena_alloc(sl->arena, cols * sizeof *g->cols);
    for (uint32_t r = g->area.row0; r <= g->area.row1; r++)
        if (!sheet_row_hidden(g->s, r))
            g->rows[g->row_count++] = r;
    for (uint32_t c = g->area.col0; c <= g->area.col1; c++)
        if (!sheet_col_hidden(g->s, c))
            g->cols[g->col_count++] = c;
    return g->row_count && g->col_count;
}

/* The used range: from the first cell to the last. */
static bool used_area(const sheet *s, sheet_area *area)
{
    if (!s->count)
        return false;
    *area = (sheet_area){UINT32_MAX, UINT32_MAX, 0, 0};
    for (size_t i = 0; i < s->count; i++) {
        const sheet_cell *c = &s->cells[i];
        if (c->row < area->row0)
            area->row0 = c->row;
        if (c->col < area->col0)
            area->col0 = c->col;
        if (c->row > area->row1)
            area->row1 = c->row;
        if (c->col > area->col1)
            area->col1 = c->col;
    }
    return true;
}

static bool table_area(sheet_loader *sl, const tree_node *map, const char *path, grid_builder *g)
{
    const char *range = optional_text(sl, map, "range", path);
    const tree_node *range_node = get(map, "range");
    const char *rpath = arena_printf(sl->arena, "%s.range", path);
    if (range_node && !range)
        return false;
    if (range && !sheet_parse_area(range, &g->area)) {
        diag_error(sl->diags, range_node->pos, rpath,
                   _("`%s` is not a range of cells; write it as A3:E15"), range);
        return false;
    }
    if (!range && !used_area(g->s, &g->area)) {
        diag_error(sl->diags, g->from->pos, g->from_path, _("%s: the sheet is empty"),
                   g->from->value);
        return false;
    }
    uint64_t cells =
        (uint64_t)(g->area.row1 - g->area.row0 + 1) * (g->area.col1 - g->area.col0 + 1);
    if ((sl->limits->rows && g->area.row1 - g->area.row0 + 1 > sl->limits->rows) ||
        (sl->limits->cells && cells > sl->limits->cells)) {
        diag_error(sl->diags, range_node ? range_node->pos : g->from->pos,
                   range_node ? rpath : g->from_path,
                   _("the range holds more than %zu rows or %zu cells, too many for one table; "
                     "raise the bound with --limit rows=N or --limit cells=N"),
                   sl->limits->rows, sl->limits->cells);
        sl->diags->stop = true;
        return false;
    }
    if (!visible_lines(g)) {
        diag_error(sl->diags, range_node ? range_node->pos : g->from->pos,
                   range_node ? rpath : g->from_path,
                   _("every row or every column of the range is hidden, so the table is empty"));
        return false;
    }
    return true;
}

/* header_rows with `from`: a number, leaving at least one row for the body. */
static bool header_count(sheet_loader *sl, const tree_node *map, const char *path,
                         const grid_builder *g, bool has_total, size_t *out)
{
    const tree_node *n = get(map, "header_rows");
    const char *hpath = arena_printf(sl->arena, "%s.header_rows", path);
    *out = 1;
    if (n) {
        char *end = NULL;
        unsigned long v = n->kind == NODE_SCALAR ? strtoul(n->value, &end, 10) : 0;
        if (n->kind != NODE_SCALAR || n->style != SCALAR_PLAIN || !n->len || *end ||
            n->value[0] == '-' || n->value[0] == '+') {
            diag_error(sl->diags, n->pos, hpath,
                       _("with `from`, header_rows is the number of header rows in the range "
                         "(such as 1 or 2)"));
            return false;
        }
        *out = v;
    }
    if (*out + (has_total ? 1 : 0) >= g->row_count) {
        diag_error(sl->diags, n ? n->pos : g->from->pos, n ? hpath : g->from_path,
                   _("the range shows %zu row%s: with %zu header row%s%s, no row is left for the "
                     "body"),
                   g->row_count, g->row_count == 1 ? "" : "s", *out, *out == 1 ? "" : "s",
                   has_total ? _(" and the total") : "");
        return false;
    }
    return true;
}

bool sheet_table_grid(sheet_loader *sl, const tree_node *map, const char *path, sheet_grid *grid)
{
    memset(grid, 0, sizeof *grid);
    const tree_node *from = get(map, "from");
    grid_builder g = {
        .sl = sl, .from = from, .from_path = arena_printf(sl->arena, "%s.from", path)};
    if (!scalar_text(sl, from, g.from_path))
        return false;
    const char *name = optional_text(sl, map, "sheet", path);
    if (get(map, "sheet") && !name)
        return false;
    if (!(g.s = open_sheet(sl, from, name, g.from_path)) || !table_area(sl, map, path, &g) ||
        !map_merges(&g))
        return false;
    const tree_node *total = get(map, "total");
    grid->has_total = total && total->kind == NODE_SCALAR && !strcmp(total->value, "sheet");
    if (!header_count(sl, map, path, &g, grid->has_total, &grid->header_rows))
        return false;
    grid->rows = g.row_count;
    grid->columns = g.col_count;
    grid->cells = arena_alloc(sl->arena, grid->rows * grid->columns * sizeof *grid->cells);
    bool ok = true;
    for (size_t r = 0; r < grid->rows; r++)
        for (size_t c = 0; c < grid->columns; c++)
            grid->cells[r * grid->columns + c] = grid_cell(&g, g.rows[r], g.cols[c], &ok);
    return ok;
}

/* ---- figures ----------------------------------------------------------- */

bool sheet_figure_value(sheet_loader *sl, const tree_node *map, const char *path,
                        const char **number, const tree_node **node)
{
    static const char *const keys[] = {"from", "sheet", "cell"};
    report_unknown_keys(sl->diags, map, path, keys, 3);
    const tree_node *from = get(map, "from"), *cell = get(map, "cell");
    if (!from || !cell) {
        diag_error(sl->diags, map->pos, path,
                   _("a value from a spreadsheet is written {from: FILE, sheet: NAME, cell: C5}; "
                     "`%s` is missing"),
                   from ? "cell" : "from");
        return false;
    }
    const char *from_path = arena_printf(sl->arena, "%s.from", path);
    const char *name = optional_text(sl, map, "sheet", path);
    if (!scalar_text(sl, from, from_path) || (get(map, "sheet") && !name))
        return false;
    uint32_t row, col;
    if (cell->kind != NODE_SCALAR || !sheet_parse_cell(cell->value, cell->len, &row, &col)) {
        diag_error(sl->diags, cell->pos, arena_printf(sl->arena, "%s.cell", path),
                   _("expected a cell such as C5"));
        return false;
    }
    sheet *s = open_sheet(sl, from, name, from_path);
    if (!s)
        return false;
    const char *where =
        arena_printf(sl->arena, "%s: %s", from_path, cell_where(sl, from, s, row, col));
    const sheet_cell *c = sheet_find(s, row, col);
    if (c && c->problem) {
        diag_error(sl->diags, from->pos, where, "%s", c->problem);
        return false;
    }
    if (!c || c->kind != SHEET_NUMBER) {
        diag_error(sl->diags, from->pos, where,
                   c ? _("the cell shows `%s`, not a number; a figure's value is a number")
                     : _("the cell is empty%s; a figure's value is a number"),
                   c ? c->shown : "");
        return false;
    }
    sheet_origin *o = arena_alloc(sl->arena, sizeof *o);
    *o = (sheet_origin){where, c->number, c->format, c->decimals, false, false};
    *node = cell_node(sl, from, c->shown, o);
    *number = numfmt_plain(sl->arena, c->number);
    return *number != NULL;
}

/* `total: sum`: 合计 in the first column, `sum` under every column of
 * numbers but shares (percentages), whose total is no sum. */
const tree_node **sheet_sum_cells(sheet_loader *sl, const tree_node *total, const sheet_grid *g,
                                  bool traditional)
{
    const tree_node **cells = arena_alloc(sl->arena, g->columns * sizeof *cells);
    size_t last = g->rows - (g->has_total ? 1 : 0);
    for (size_t c = 0; c < g->columns; c++) {
        bool numbers = false, others = false;
        for (size_t r = g->header_rows; r < last; r++) {
            const tree_node *cell = g->cells[r * g->columns + c];
            bool share = cell->sheet && cell->sheet->format && strchr(cell->sheet->format, '%');
            if (cell->sheet && cell->sheet->number && !share)
                numbers = true;
            else if (cell->len)
                others = true;
        }
        tree_node *n = arena_alloc(sl->arena, sizeof *n);
        *n = *total;
        n->style = SCALAR_PLAIN;
        n->value = c == 0 ? (traditional ? "合計" : "合计") : numbers && !others ? "sum" : "";
        n->len = strlen(n->value);
        cells[c] = n;
    }
    return cells;
}
