/* resolve_charts: a chart's data from its one source (figures, a table by
 * its id, or written out), checked so that nothing is drawn that is not a
 * number, and a pie's shares computed as {name.share} computes them. */
#include "resolve_internal.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* The chart being built: values are collected series by series. */
typedef struct chart_data {
    resolver *r;
    const chart *c;
    rchart *out;
    decimal *numbers; /* the values, exactly, for pie shares */
    bool failed;
} chart_data;

static void each_table(const section *s, size_t count, void (*visit)(void *, const table *),
                       void *ctx)
{
    for (size_t i = 0; i < count; i++) {
        for (size_t b = 0; b < s[i].block_count; b++)
            if (s[i].blocks[b].kind == BLOCK_TABLE && s[i].blocks[b].table)
                visit(ctx, s[i].blocks[b].table);
        each_table(s[i].sections, s[i].section_count, visit, ctx);
    }
}

typedef struct id_seen {
    resolver *r;
    const table **tables;
    size_t count, cap;
} id_seen;

static void note_id(void *ctx, const table *t)
{
    id_seen *seen = ctx;
    if (!t->id)
        return;
    for (size_t i = 0; i < seen->count; i++)
        if (!strcmp(seen->tables[i]->id->value, t->id->value)) {
            diag_error(seen->r->diags, t->id->pos, arena_printf(seen->r->arena, "%s.id", t->path),
                       _("another table (line %d) has the id `%s` already; give each table its "
                         "own"),
                       seen->tables[i]->id->pos.line, t->id->value);
            return;
        }
    ARENA_PUSH(seen->r->arena, seen->tables, seen->count, seen->cap, t);
}

void check_table_ids(resolver *r)
{
    id_seen seen = {r, NULL, 0, 0};
    each_table(r->doc->sections, r->doc->section_count, note_id, &seen);
}

typedef struct id_search {
    const char *id;
    const table *found;
    const char *known; /* the ids there are, for the message */
    arena *arena;
} id_search;

static void match_id(void *ctx, const table *t)
{
    id_search *s = ctx;
    if (!t->id)
        return;
    if (!s->found && !strcmp(t->id->value, s->id))
        s->found = t;
    s->known = arena_printf(s->arena, "%s%s`%s`", s->known, *s->known ? ", " : "", t->id->value);
}

static double to_double(resolver *r, const decimal *d)
{
    return strtod(decimal_format(r->arena, d, false), NULL);
}

static void set_value(chart_data *cd, size_t series, size_t category, const decimal *value,
                      const char *text)
{
    size_t at = series * cd->out->categories + category;
    cd->numbers[at] = *value;
    cd->out->values[at] = to_double(cd->r, value);
    cd->out->value_texts[at] = text;
}

static void allocate(chart_data *cd, size_t categories, size_t series)
{
    arena *a = cd->r->arena;
    rchart *o = cd->out;
    o->categories = categories, o->series = series;
    o->category_names = arena_alloc(a, (categories + 1) * sizeof *o->category_names);
    o->series_names = arena_alloc(a, (series + 1) * sizeof *o->series_names);
    o->values = arena_alloc(a, (categories * series + 1) * sizeof *o->values);
    o->value_texts = arena_alloc(a, (categories * series + 1) * sizeof *o->value_texts);
    cd->numbers = arena_alloc(a, (categories * series + 1) * sizeof *cd->numbers);
}

/* ---- figures -------------------------------------------------------------------- */

static const char *figure_unit(const figure *f)
{
    return f->unit ? f->unit->value : "";
}

static void from_figures(chart_data *cd)
{
    resolver *r = cd->r;
    const tree_node *names = cd->c->figures;
    const char *path = arena_printf(r->arena, "%s.figures", cd->c->path);
    allocate(cd, names->count, 1);
    const figure *first = NULL;
    for (size_t i = 0; i < names->count; i++) {
        const tree_node *name = names->items[i];
        const char *ipath = arena_printf(r->arena, "%s[%zu]", path, i);
        figure_state *s = find_figure(r, name->value, name->len);
        if (!s || !s->f->value_text) {
            if (!s)
                diag_error(r->diags, name->pos, ipath, "%s", no_figure_message(r, name->value));
            cd->failed = true;
            continue;
        }
        const figure *f = s->f;
        if (f->approx) {
            diag_error(r->diags, name->pos, ipath,
                       _("`%s` is an approximate figure (%s%s), which cannot be drawn to scale; "
                         "give its exact value, or leave it out of the chart"),
                       name->value, f->value_text, f->approx->value);
            cd->failed = true;
            continue;
        }
        if (first && strcmp(figure_unit(f), figure_unit(first)) != 0) {
            diag_error(r->diags, name->pos, ipath,
                       _("`%s` counts in %s and `%s` in %s; the values of a chart share one "
                         "unit"),
                       name->value, f->unit ? f->unit->value : _("no unit"), first->name,
                       first->unit ? first->unit->value : _("no unit"));
            cd->failed = true;
        }
        if (!first)
            first = f;
        cd->out->category_names[i] =
            line_text(r, f->label, arena_printf(r->arena, "%s.label", f->path));
        set_value(cd, 0, i, &f->value, f->value_text);
    }
    if (!cd->c->unit && first && first->unit)
        cd->out->unit = unit_line(r, first->unit, arena_printf(r->arena, "%s.unit", first->path));
}

/* ---- a table by its id ------------------------------------------------------------ */

static const char *header_of(const table *t, size_t c)
{
    return t->columns[c].header ? t->columns[c].header->value : "";
}

/* Whether column c of the table holds a number anywhere. */
static bool has_numbers(resolver *r, const table *t, size_t c)
{
    for (size_t row = 0; row < t->row_count; row++)
        if (t->rows[row].cells && t->rows[row].count == t->column_count &&
            classify_cell(r, t->rows[row].cells[c]).summable)
            return true;
    return false;
}

/* A table a chart draws: one named by its id, or a spreadsheet's range. */
typedef struct table_source {
    const table *t;
    const tree_node *at; /* the key naming it, for messages */
    const char *path;
    const char *name; /* table `towns`, or the range of `数据/2023-03.xlsx` */
    const char *pie_hint;
} table_source;

/* The columns drawn: those `columns` names, or every one after the first
 * holding numbers. Returns how many, or 0 after a message. */
static size_t series_columns(chart_data *cd, const table_source *src, size_t *out)
{
    const table *t = src->t;
    resolver *r = cd->r;
    const tree_node *wanted = cd->c->columns;
    size_t n = 0;
    if (!wanted) {
        for (size_t c = 1; c < t->column_count; c++)
            if (has_numbers(r, t, c))
                out[n++] = c;
        if (!n)
            diag_error(r->diags, src->at->pos, src->path,
                       _("%s has no column of numbers after its first, so there is nothing to "
                         "draw"),
                       src->name);
        return n;
    }
    for (size_t i = 0; i < wanted->count; i++) {
        const tree_node *h = wanted->items[i];
        size_t c = 0;
        while (c < t->column_count && strcmp(header_of(t, c), h->value) != 0)
            c++;
        if (c == t->column_count || c == 0) {
            const char *list = "";
            for (size_t k = 1; k < t->column_count; k++)
                list = arena_printf(r->arena, "%s%s`%s`", list, k > 1 ? ", " : "", header_of(t, k));
            diag_error(r->diags, h->pos, arena_printf(r->arena, "%s.columns[%zu]", cd->c->path, i),
                       c == 0 ? _("`%s` is the table's first column, which names the categories; "
                                  "the columns that can be drawn are %s")
                              : _("table `%s` has no column `%s`; its columns after the first "
                                  "are %s"),
                       c == 0 ? h->value : cd->c->table_id->value, c == 0 ? list : h->value, list);
            return 0;
        }
        out[n++] = c;
    }
    return n;
}

static const char *cell_text(resolver *r, const tree_node *cell, const char *path)
{
    rich_text t = line_text(r, cell, path);
    return rich_text_plain(r->arena, &t);
}

/* Where a cell's messages point: its spreadsheet cell, or its place in the YAML. */
static const char *cell_path(resolver *r, const table_row *row, size_t col)
{
    const tree_node *cell = row->cells[col];
    return cell->sheet ? cell->sheet->path : arena_printf(r->arena, "%s[%zu]", row->path, col);
}

static const char *not_drawn(resolver *r, const tree_node *cell, const cell_number *num)
{
    if (num->blank)
        return _("this cell holds no number, and a chart draws every value");
    if (num->misread || num->unit_of)
        return num->why;
    if (num->numeric) /* a spreadsheet's percentage */
        return arena_printf(r->arena,
                            _("`%s` is a percentage; a chart draws amounts, and a pie computes "
                              "their shares itself"),
                            cell->value);
    return arena_printf(r->arena,
                        _("`%s` is not a number; a chart draws columns of numbers only (name "
                          "them with `columns:`)"),
                        cell->value);
}

/* One series of the table's column col, its values from every row. */
static void column_series(chart_data *cd, const table *t, size_t s, size_t col)
{
    resolver *r = cd->r;
    cd->out->series_names[s] = line_text(r, t->columns[col].header,
                                         arena_printf(r->arena, "%s.columns[%zu]", t->path, col));
    for (size_t row = 0; row < t->row_count; row++) {
        const tree_node *cell = t->rows[row].cells[col];
        const char *path = cell_path(r, &t->rows[row], col);
        cell_number num = classify_cell(r, cell);
        if (!num.summable) {
            diag_error(r->diags, cell->pos, path, _("chart %s draws column `%s`, but %s"),
                       cd->c->path, header_of(t, col), not_drawn(r, cell, &num));
            cd->failed = true;
            continue;
        }
        set_value(cd, s, row, &num.value, cell_text(r, cell, path));
    }
}

/* A row named 合计 among the categories would draw the whole beside its parts. */
static bool total_row(chart_data *cd, const table *t)
{
    static const char *const totals[] = {"合计", "合計", "总计", "總計", "总数", "總數"};
    for (size_t row = 0; row < t->row_count; row++) {
        const tree_node *name = t->rows[row].cells[0];
        for (size_t k = 0; k < sizeof totals / sizeof *totals; k++)
            if (name->kind == NODE_SCALAR && !strcmp(name->value, totals[k])) {
                diag_error(cd->r->diags, name->pos, cell_path(cd->r, &t->rows[row], 0),
                           _("`%s` is a total, and a chart draws the parts: leave the row out of "
                             "the `range`, or write it as the table's `total:`"),
                           name->value);
                return true;
            }
    }
    return false;
}

static void table_series(chart_data *cd, const table_source *src)
{
    resolver *r = cd->r;
    const table *t = src->t;
    if (!t->row_count || !t->column_count) {
        diag_error(r->diags, src->at->pos, src->path,
                   _("%s has no rows, so there is nothing to draw"), src->name);
        return (void)(cd->failed = true);
    }
    for (size_t row = 0; row < t->row_count; row++)
        if (!t->rows[row].cells || t->rows[row].count != t->column_count)
            return (void)(cd->failed = true); /* reported by load */
    size_t *columns = arena_alloc(r->arena, (t->column_count + 1) * sizeof *columns);
    size_t n = series_columns(cd, src, columns);
    if (!n)
        return (void)(cd->failed = true);
    if (cd->c->kind == CHART_PIE && n > 1) {
        diag_error(r->diags, src->at->pos, src->path,
                   _("a pie takes one series, and %s has %zu columns of numbers; %s"), src->name, n,
                   src->pie_hint);
        return (void)(cd->failed = true);
    }
    if (total_row(cd, t))
        return (void)(cd->failed = true);
    allocate(cd, t->row_count, n);
    for (size_t row = 0; row < t->row_count; row++)
        cd->out->category_names[row] =
            line_text(r, t->rows[row].cells[0], cell_path(r, &t->rows[row], 0));
    for (size_t s = 0; s < n; s++)
        column_series(cd, t, s, columns[s]);
    if (!cd->c->unit && t->unit)
        cd->out->unit = unit_line(r, t->unit, arena_printf(r->arena, "%s.unit", t->path));
}

static void from_table(chart_data *cd)
{
    resolver *r = cd->r;
    const chart *c = cd->c;
    id_search search = {c->table_id->value, NULL, "", r->arena};
    each_table(r->doc->sections, r->doc->section_count, match_id, &search);
    const char *tpath = arena_printf(r->arena, "%s.table", c->path);
    if (!search.found) {
        diag_error(r->diags, c->table_id->pos, tpath,
                   *search.known ? _("no table has the id `%s`; the ids are %s")
                                 : _("no table has the id `%s`%s; give the table `id: %s`"),
                   c->table_id->value, search.known, c->table_id->value);
        cd->failed = true;
        return;
    }
    table_source src = {search.found, c->table_id, tpath,
                        arena_printf(r->arena, _("table `%s`"), c->table_id->value),
                        _("name one with `columns: [HEADER]`")};
    table_series(cd, &src);
}

static void from_sheet(chart_data *cd)
{
    resolver *r = cd->r;
    const chart *c = cd->c;
    table_source src = {c->sheet_table, c->from, arena_printf(r->arena, "%s.from", c->path),
                        arena_printf(r->arena, _("the range of `%s`"), c->from->value),
                        _("narrow its `range` to the names and one column of numbers")};
    table_series(cd, &src);
}

/* ---- written out ------------------------------------------------------------------- */

static void written_out(chart_data *cd)
{
    resolver *r = cd->r;
    const chart *c = cd->c;
    allocate(cd, c->categories->count, c->series_count);
    for (size_t i = 0; i < c->categories->count; i++)
        cd->out->category_names[i] = line_text(
            r, c->categories->items[i], arena_printf(r->arena, "%s.categories[%zu]", c->path, i));
    for (size_t s = 0; s < c->series_count; s++) {
        const chart_series *cs = &c->series[s];
        if (cs->name)
            cd->out->series_names[s] =
                line_text(r, cs->name, arena_printf(r->arena, "%s.name", cs->path));
        for (size_t i = 0; i < cs->count; i++) {
            const tree_node *v = cs->values[i];
            number_reading n = number_read(r->arena, v->value, v->len, NUMBER_ALLOW_NEGATIVE);
            set_value(cd, s, i, &n.value, n.text);
        }
    }
}

/* ---- pie shares ---------------------------------------------------------------------- */

static void pie_shares(chart_data *cd)
{
    resolver *r = cd->r;
    rchart *o = cd->out;
    decimal total;
    decimal_zero(&total);
    for (size_t i = 0; i < o->categories; i++) {
        if (cd->numbers[i].negative) {
            diag_error(r->diags, cd->c->node->pos, cd->c->path,
                       _("a pie shows shares of a whole, and the value of %s is negative (%s); "
                         "draw values below zero as `type: bar`"),
                       rich_text_plain(r->arena, &o->category_names[i]), o->value_texts[i]);
            cd->failed = true;
            return;
        }
        decimal_add(&total, &cd->numbers[i], &total);
    }
    if (decimal_is_zero(&total)) {
        diag_error(r->diags, cd->c->node->pos, cd->c->path,
                   _("the pie's values add up to 0, so it has no shares to draw"));
        cd->failed = true;
        return;
    }
    o->shares = arena_alloc(r->arena, (o->categories + 1) * sizeof *o->shares);
    for (size_t i = 0; i < o->categories; i++) {
        decimal share;
        decimal_ratio(&cd->numbers[i], &total, 2, r->options->share_decimals, &share);
        o->shares[i] = arena_printf(r->arena, "%s%%", decimal_format(r->arena, &share, false));
    }
}

void resolve_chart(resolver *r, const chart *c)
{
    rchart *o = arena_alloc(r->arena, sizeof *o);
    chart_data cd = {r, c, o, NULL, false};
    o->number = ++r->chart_number;
    o->kind = c->kind;
    o->pos = c->node->pos;
    o->path = c->path;
    o->title = line_text(r, c->title, arena_printf(r->arena, "%s.title", c->path));
    o->unit = unit_line(r, c->unit, arena_printf(r->arena, "%s.unit", c->path));
    if (c->note)
        o->note = line_text(r, c->note, arena_printf(r->arena, "%s.note", c->path));
    if (c->figures)
        from_figures(&cd);
    else if (c->table_id)
        from_table(&cd);
    else if (c->sheet_table)
        from_sheet(&cd);
    else
        written_out(&cd);
    if (!cd.failed && c->kind == CHART_PIE)
        pie_shares(&cd);
    if (!cd.failed)
        add_block(r, (rblock){.kind = RB_CHART, .chart = o});
}
