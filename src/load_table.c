/* load_table: tables (written out, or read from a spreadsheet with `from:`)
 * and figure tables, from their YAML nodes into the document model. */
#include "load_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "slips.h"
#include "utf8.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static bool percent_value(loader *l, const tree_node *n, const char *path, double *out)
{
    if (!expect_kind(l, n, NODE_SCALAR, path, N_("a width such as 30%")))
        return false;
    char *end;
    double v = strtod(n->value, &end);
    if (end == n->value || strcmp(end, "%") != 0 || !(v > 0 && v <= 100)) {
        diag_error(l->diags, n->pos, path,
                   _("expected a width from 1%% to 100%%, such as 30%%; found `%s`"), n->value);
        return false;
    }
    *out = v / 100.0;
    return true;
}

static void load_column(loader *l, table_column *c, const tree_node *n, const char *path,
                        bool header_required)
{
    static const char *const keys[] = {"header", "align", "width"};
    if (n->kind == NODE_SCALAR) {
        c->header = string_value(l, n, path, false);
        return;
    }
    if (!expect_kind(l, n, NODE_MAPPING, path, N_("a header, or a mapping {header, align, width}")))
        return;
    check_keys(l, n, path, keys, COUNT(keys));
    c->header = string_value(
        l, header_required ? key_required(l, n, "header", path) : key_value(n, "header"),
        child_path(l, path, "header"), false);
    const tree_node *a = key_value(n, "align");
    if (a && string_value(l, a, child_path(l, path, "align"), true)) {
        if (!strcmp(a->value, "left"))
            c->align = ALIGN_LEFT;
        else if (!strcmp(a->value, "center") || !strcmp(a->value, "centre"))
            c->align = ALIGN_CENTER;
        else if (!strcmp(a->value, "right"))
            c->align = ALIGN_RIGHT;
        else
            diag_error(l->diags, a->pos, child_path(l, path, "align"),
                       _("expected left, center or right, found `%s`"), a->value);
    }
    const tree_node *w = key_value(n, "width");
    if (w)
        percent_value(l, w, child_path(l, path, "width"), &c->width);
}

/* [乡镇, 1,234] arrives as three cells; reported once for each number. */
static bool join_split_cells(loader *l, const table_row *r)
{
    bool found = false;
    for (size_t i = 0; i + 1 < r->count; i++) {
        size_t j = i + 1;
        const char *joined = r->cells[i]->value;
        while (j < r->count && split_at_comma(l, r->cells[j - 1], r->cells[j]))
            joined = arena_printf(l->arena, "%s,%s", joined, r->cells[j++]->value);
        if (j == i + 1)
            continue;
        report_split(l, r->cells[i], index_path(l, r->path, i), joined, "[…]");
        found = true;
        i = j - 1;
    }
    return found;
}

static bool load_row(loader *l, table_row *r, const tree_node *n, const char *path, size_t columns)
{
    r->node = n;
    r->path = path;
    if (!expect_kind(l, n, NODE_SEQUENCE, path, N_("a row: a list of cells")))
        return false;
    r->cells = arena_alloc(l->arena, (n->count + 1) * sizeof *r->cells);
    r->count = n->count;
    for (size_t i = 0; i < n->count; i++) {
        r->cells[i] = n->items[i];
        if (n->items[i]->kind != NODE_SCALAR) /* the path is built only for a message */
            expect_kind(l, n->items[i], NODE_SCALAR, index_path(l, path, i),
                        N_("a cell (text or number)"));
    }
    if (join_split_cells(l, r))
        return false;
    if (columns && n->count != columns) {
        if (n->count < columns && wide_commas(n) + n->count == columns)
            diag_error(l->diags, n->pos, path,
                       ngettext("%zu cell, the table has %zu columns: the cells are separated by "
                                "the full-width comma \"，\", which YAML reads as text; separate "
                                "them with an English comma \",\"",
                                "%zu cells, the table has %zu columns: the cells are separated by "
                                "the full-width comma \"，\", which YAML reads as text; separate "
                                "them with an English comma \",\"",
                                n->count),
                       n->count, columns);
        else
            diag_error(l->diags, n->pos, path,
                       ngettext("%zu cell, the table has %zu columns",
                                "%zu cells, the table has %zu columns", n->count),
                       n->count, columns);
        return false;
    }
    return true;
}

static table_row *load_rows(loader *l, const tree_node *n, const char *path, size_t columns,
                            size_t *count)
{
    *count = 0;
    if (!n || !expect_kind(l, n, NODE_SEQUENCE, path, N_("a list of rows")))
        return NULL;
    if (over_limit(l, n->count, l->limits->rows, n, path, N_("rows in one table"), "rows") ||
        over_limit(l, n->count * (columns ? columns : 1), l->limits->cells, n, path,
                   N_("cells in one table"), "cells"))
        return NULL;
    table_row *rows = arena_alloc(l->arena, (n->count + 1) * sizeof *rows);
    for (size_t i = 0; i < n->count; i++)
        load_row(l, &rows[i], n->items[i], index_path(l, path, i), columns);
    *count = n->count;
    return rows;
}

/* Column settings given with `from`: a header replaces the sheet's, and
 * a mapping may leave the header out. */
static void load_from_columns(loader *l, table *t, const tree_node *cols, const char *cpath,
                              const sheet_grid *g)
{
    if (!expect_kind(l, cols, NODE_SEQUENCE, cpath, "a list of columns"))
        return;
    if (cols->count != g->columns) {
        diag_error(l->diags, cols->pos, cpath,
                   _("%zu columns given, but the range shows %zu (hidden columns left out)"),
                   cols->count, g->columns);
        return;
    }
    for (size_t i = 0; i < cols->count; i++) {
        const tree_node *sheet_header = t->columns[i].header;
        load_column(l, &t->columns[i], cols->items[i], index_path(l, cpath, i), false);
        if (!t->columns[i].header)
            t->columns[i].header = sheet_header;
    }
}

static table_row grid_row(const sheet_grid *g, size_t r, const char *path)
{
    table_row row = {g->cells[r * g->columns], &g->cells[r * g->columns], g->columns, path};
    return row;
}

static void load_from_total(loader *l, table *t, const tree_node *n, const char *path,
                            const sheet_grid *g)
{
    const tree_node *total = key_value(n, "total");
    const char *tpath = child_path(l, path, "total");
    if (g->has_total) {
        t->total = arena_alloc(l->arena, sizeof *t->total);
        *t->total = grid_row(g, g->rows - 1, child_path(l, path, "from"));
    } else if (total && total->kind == NODE_SCALAR && !strcmp(total->value, "sum")) {
        t->total = arena_alloc(l->arena, sizeof *t->total);
        *t->total = (table_row){total, sheet_sum_cells(&l->sheets, total, g, l->doc->traditional),
                                g->columns, tpath};
    } else if (total && total->kind == NODE_SCALAR) {
        diag_error(l->diags, total->pos, tpath,
                   _("with `from`, total is `sum` (added up here), `sheet` (the range's last row "
                     "is the total) or a row of cells, not `%s`"),
                   total->value);
    } else if (total) {
        t->total = arena_alloc(l->arena, sizeof *t->total);
        if (!load_row(l, t->total, total, tpath, g->columns))
            t->total = NULL;
    }
}

/* A table with `from`: its cells from a spreadsheet (load_sheet.c). */
void load_table_from(loader *l, table *t, const tree_node *n, const char *path)
{
    if (key_value(n, "rows"))
        diag_error(l->diags, key_value(n, "rows")->pos, child_path(l, path, "rows"),
                   _("rows may not be given with `from`: the rows come from the spreadsheet; "
                     "remove one of them"));
    sheet_grid g;
    if (!sheet_table_grid(&l->sheets, n, path, &g))
        return;
    t->column_count = g.columns;
    t->columns = arena_alloc(l->arena, (g.columns + 1) * sizeof *t->columns);
    const char *from_path = child_path(l, path, "from");
    if (g.header_rows)
        for (size_t c = 0; c < g.columns; c++)
            t->columns[c].header = g.cells[(g.header_rows - 1) * g.columns + c];
    const tree_node *cols = key_value(n, "columns");
    if (cols)
        load_from_columns(l, t, cols, child_path(l, path, "columns"), &g);
    else if (!g.header_rows)
        diag_error(l->diags, n->pos, path,
                   _("header_rows: 0 and no columns: the table has no headers; give `columns`"));
    t->header_row_count = g.header_rows ? g.header_rows - 1 : 0;
    t->header_rows = arena_alloc(l->arena, (t->header_row_count + 1) * sizeof *t->header_rows);
    for (size_t r = 0; r < t->header_row_count; r++)
        t->header_rows[r] = grid_row(&g, r, from_path);
    size_t last = g.rows - (g.has_total ? 1 : 0);
    t->row_count = last - g.header_rows;
    t->rows = arena_alloc(l->arena, (t->row_count + 1) * sizeof *t->rows);
    for (size_t r = g.header_rows; r < last; r++)
        t->rows[r - g.header_rows] = grid_row(&g, r, from_path);
    load_from_total(l, t, n, path, &g);
}

table *load_table(loader *l, const tree_node *n, const char *path)
{
    static const char *const keys[] = {"title", "unit", "columns", "header_rows", "rows", "total",
                                       "note",  "from", "sheet",   "range",       "id"};
    if (!expect_kind(l, n, NODE_MAPPING, path, N_("a table mapping")))
        return NULL;
    check_keys(l, n, path, keys, COUNT(keys));
    table *t = arena_alloc(l->arena, sizeof *t);
    t->path = path;
    t->node = n;
    t->title = string_value(l, key_value(n, "title"), child_path(l, path, "title"), false);
    t->unit = string_value(l, key_value(n, "unit"), child_path(l, path, "unit"), false);
    t->note = string_value(l, key_value(n, "note"), child_path(l, path, "note"), false);
    t->id = string_value(l, key_value(n, "id"), child_path(l, path, "id"), true);
    if (key_value(n, "from")) {
        load_table_from(l, t, n, path);
        return t;
    }
    static const char *const sheet_keys[] = {"sheet", "range"};
    for (size_t i = 0; i < COUNT(sheet_keys); i++)
        if (key_value(n, sheet_keys[i]))
            diag_error(l->diags, key_value(n, sheet_keys[i])->pos,
                       child_path(l, path, sheet_keys[i]),
                       _("`%s` names part of a spreadsheet, but the table has no `from:` file"),
                       sheet_keys[i]);
    const tree_node *cols = key_required(l, n, "columns", path);
    const char *cpath = child_path(l, path, "columns");
    if (cols && expect_kind(l, cols, NODE_SEQUENCE, cpath, N_("a list of columns"))) {
        if (!cols->count)
            diag_error(l->diags, cols->pos, cpath, _("a table needs at least one column"));
        t->columns = arena_alloc(l->arena, (cols->count + 1) * sizeof *t->columns);
        t->column_count = cols->count;
        double total = 0;
        for (size_t i = 0; i < cols->count; i++) {
            load_column(l, &t->columns[i], cols->items[i], index_path(l, cpath, i), true);
            total += t->columns[i].width;
        }
        if (total > 1.0 + 1e-9)
            diag_error(l->diags, cols->pos, cpath,
                       _("the column widths add up to %.4g%%: the table would be wider than the "
                         "text block"),
                       total * 100);
    }
    size_t columns = t->column_count;
    t->header_rows = load_rows(l, key_value(n, "header_rows"), child_path(l, path, "header_rows"),
                               columns, &t->header_row_count);
    const tree_node *rows = key_required(l, n, "rows", path);
    t->rows = load_rows(l, rows, child_path(l, path, "rows"), columns, &t->row_count);
    const tree_node *total = key_value(n, "total");
    if (total) {
        t->total = arena_alloc(l->arena, sizeof *t->total);
        if (!load_row(l, t->total, total, child_path(l, path, "total"), columns))
            t->total = NULL;
    }
    return t;
}

figure_table *load_figure_table(loader *l, const tree_node *n, const char *path)
{
    static const char *const keys[] = {"title", "figures", "unit"};
    figure_table *ft = arena_alloc(l->arena, sizeof *ft);
    ft->path = path;
    ft->node = n;
    const tree_node *names = n;
    const char *npath = path;
    if (n->kind == NODE_MAPPING) {
        check_keys(l, n, path, keys, COUNT(keys));
        ft->title = string_value(l, key_value(n, "title"), child_path(l, path, "title"), false);
        ft->unit = string_value(l, key_value(n, "unit"), child_path(l, path, "unit"), false);
        names = key_required(l, n, "figures", path);
        npath = child_path(l, path, "figures");
        if (!names)
            return ft;
    }
    if (!expect_kind(l, names, NODE_SEQUENCE, npath, N_("a list of figure names")))
        return ft;
    ft->names = arena_alloc(l->arena, (names->count + 1) * sizeof *ft->names);
    for (size_t i = 0; i < names->count; i++)
        if (string_value(l, names->items[i], index_path(l, npath, i), true))
            ft->names[ft->count++] = names->items[i];
    if (!ft->count)
        diag_error(l->diags, names->pos, npath, _("a figure table needs at least one figure"));
    return ft;
}

/* ---- sections ---------------------------------------------------------- */
