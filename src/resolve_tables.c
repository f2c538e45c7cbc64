#include "resolve_internal.h"

#include <string.h>

#include "i18n.h"
#include "number.h"
#include "numfmt.h"

/* A lone {name}, {name.value} or {name.previous}: the figure's number. */
static cell_number reference_cell(resolver *r, const tree_node *cell)
{
    const char *s = cell->value;
    cell_number c = {.numeric = true};
    const char *dot = memchr(s, '.', cell->len);
    size_t name_len = dot ? (size_t)(dot - s - 1) : cell->len - 2;
    const char *field = dot ? dot + 1 : "}";
    figure_state *f = find_figure(r, s + 1, name_len);
    if (!f || !f->f->value_text) {
        c.blank = true; /* reported where the reference is expanded */
        return c;
    }
    c.unit_of = f->f;
    if (!strcmp(field, "previous}") && f->has_previous) {
        c.summable = true, c.value = f->previous;
        c.grouped = strchr(f->previous_text, ',') != NULL;
    } else if (!strcmp(field, "value}") || (!strcmp(field, "}") && !f->f->approx)) {
        c.summable = true, c.value = f->f->value;
        c.grouped = strchr(f->f->value_text, ',') != NULL;
    } else if (!strcmp(field, "}")) {
        c.why = arena_printf(r->arena,
                             _("`%s` is an approximate figure (%s); a total of it "
                               "would claim an exact sum"),
                             s, f->f->approx->value);
    } else {
        c.why = arena_printf(r->arena, _("`%s` is not an amount that adds up"), s);
    }
    return c;
}

static const char *not_a_number_reason(resolver *r, const char *s, const number_reading *n)
{
    switch (n->status) {
    case NUMBER_MAGNITUDE: {
        const char *out = number_magnitude_written_out(r->arena, n);
        return arena_printf(r->arena,
                            _("`%s` holds %.*s; write %s, or every cell of the column "
                              "in %.*s with the table's `unit:` line saying so (e.g. "
                              "`unit: 万元`)"),
                            s, (int)strlen("万"), n->suffix, out ? out : n->number,
                            (int)strlen("万"), n->suffix);
    }
    case NUMBER_UNIT:
        return arena_printf(r->arena,
                            _("`%s` holds its unit; write %s, and name the unit in "
                              "the table's `unit:` line or the column's header"),
                            s, n->number);
    case NUMBER_PERCENT:
        return arena_printf(r->arena,
                            _("`%s` is a percentage, and percentages do not add up "
                              "to a total"),
                            s);
    case NUMBER_NOT_A_NUMBER:
        return arena_printf(r->arena,
                            _("`%s` is not a number; write a number, or —, - or / "
                              "for no figure"),
                            s);
    default:
        return number_problem(r->arena, s, n);
    }
}

/* A spreadsheet's cell: its stored number adds up, not the text shown;
 * a percentage is a number that does not. */
static cell_number sheet_cell_number(resolver *r, const tree_node *cell)
{
    cell_number c = {0};
    const sheet_origin *o = cell->sheet;
    if (!o->number) {
        c.blank = !cell->len || number_is_blank_mark(cell->value);
        c.why = arena_printf(r->arena, _("`%s` is not a number in the spreadsheet"), cell->value);
        return c;
    }
    c.numeric = true;
    if (o->format && strchr(o->format, '%')) {
        c.why = arena_printf(r->arena,
                             _("`%s` is a percentage, and percentages do not add up "
                               "to a total"),
                             cell->value);
        return c;
    }
    const char *plain = numfmt_plain(r->arena, o->number);
    number_reading n = plain ? number_read(r->arena, plain, strlen(plain), NUMBER_ALLOW_NEGATIVE)
                             : (number_reading){.status = NUMBER_NOT_A_NUMBER};
    if (n.status != NUMBER_OK) {
        c.why = arena_printf(r->arena, _("the number `%s` has too many digits"), o->number);
        return c;
    }
    c.summable = true;
    c.value = n.value;
    c.grouped = o->format && strchr(o->format, ',');
    return c;
}

/* A number (plain or quoted, grouped or not, negative allowed), a lone
 * reference, a mark for no figure, or text. */
cell_number classify_cell(resolver *r, const tree_node *cell)
{
    cell_number c = {0};
    if (cell->kind == NODE_SCALAR && cell->sheet)
        return sheet_cell_number(r, cell);
    if (cell->kind != NODE_SCALAR || !cell->len || number_is_blank_mark(cell->value)) {
        c.blank = true;
        return c;
    }
    const char *s = cell->value;
    if (s[0] == '{' && s[1] != '{' && s[cell->len - 1] == '}' && !memchr(s + 1, '{', cell->len - 1))
        return reference_cell(r, cell);
    number_reading n = number_read(r->arena, s, cell->len, NUMBER_ALLOW_NEGATIVE);
    if (n.status == NUMBER_OK)
        return (cell_number){true, true, false, n.value, n.grouped, NULL, NULL, false};
    c.why = not_a_number_reason(r, s, &n);
    c.misread = n.status != NUMBER_NOT_A_NUMBER;
    return c;
}

static rcell make_cell(resolver *r, const tree_node *node, cell_align column_align,
                       const char *path)
{
    if (node->sheet)
        path = node->sheet->path;
    cell_number n = classify_cell(r, node);
    rcell c = {line_text(r, node, path), column_align, n.numeric, 1, false};
    if (c.align == ALIGN_AUTO)
        c.align = n.numeric ? ALIGN_RIGHT : ALIGN_LEFT;
    return c;
}

typedef struct column_sum {
    decimal sum;
    size_t numbers;
    bool grouped;
    bool failed; /* a cell that is not a number was reported */
} column_sum;

/* Adds up column c; every cell that is neither a number nor blank is an
 * error, so that a total never leaves a cell out silently. */
static column_sum add_column(resolver *r, const table *t, size_t c)
{
    column_sum s = {.sum = {0}};
    const figure *unit_figure = NULL;
    for (size_t row = 0; row < t->row_count; row++) {
        const table_row *tr = &t->rows[row];
        if (!tr->cells || tr->count != t->column_count) {
            s.failed = true; /* reported by load: the total cannot be right */
            continue;
        }
        const tree_node *cell = tr->cells[c];
        cell_number n = classify_cell(r, cell);
        const char *path =
            cell->sheet ? cell->sheet->path : arena_printf(r->arena, "%s[%zu]", tr->path, c);
        if (n.unit_of && unit_figure && n.unit_of->unit != unit_figure->unit &&
            (!n.unit_of->unit || !unit_figure->unit ||
             strcmp(n.unit_of->unit->value, unit_figure->unit->value) != 0)) {
            n.summable = false;
            n.why = arena_printf(
                r->arena, _("`%s` counts in %s and `%s` above in %s; write the column in one unit"),
                n.unit_of->name, n.unit_of->unit ? n.unit_of->unit->value : _("no unit"),
                unit_figure->name, unit_figure->unit ? unit_figure->unit->value : _("no unit"));
        }
        if (n.unit_of && !unit_figure)
            unit_figure = n.unit_of;
        if (n.summable && !decimal_add(&s.sum, &n.value, &s.sum)) {
            n.summable = false; /* beyond the bounds on digits and rows: never silently */
            n.why = _("the sum has too many digits");
        }
        if (n.summable) {
            s.numbers++;
            s.grouped = s.grouped || n.grouped;
        } else if (!n.blank) {
            diag_error(r->diags, cell->pos, path, _("column %zu is added up in the total, but %s"),
                       c + 1, n.why);
            s.failed = true;
        }
    }
    return s;
}

/* The first number format of a spreadsheet column, if it shows every
 * number there as the sheet shows it (864 and 1,210 under #,##0). */
static const char *column_format(resolver *r, const table *t, size_t c)
{
    const char *format = NULL;
    for (size_t row = 0; row < t->row_count; row++) {
        const table_row *tr = &t->rows[row];
        if (!tr->cells || tr->count != t->column_count || !tr->cells[c]->sheet)
            continue;
        const sheet_origin *o = tr->cells[c]->sheet;
        if (!o->number)
            continue;
        if (!format)
            format = o->format;
        numfmt_shown shown =
            format ? numfmt_show(r->arena, format, o->number, false) : (numfmt_shown){0};
        if (!shown.text || strcmp(shown.text, tr->cells[c]->value))
            return NULL;
    }
    return format;
}

/* A sum as its column shows numbers. */
static const char *sum_text(resolver *r, const decimal *sum, bool grouped, const char *format)
{
    if (format) {
        numfmt_shown shown =
            numfmt_show(r->arena, format, decimal_format(r->arena, sum, false), false);
        if (shown.text)
            return shown.text;
    }
    return decimal_format(r->arena, sum, grouped);
}

/* Whether a written total agrees with the sum: a spreadsheet's total as
 * the sheet shows numbers, any other exactly. */
static bool total_agrees(resolver *r, const tree_node *cell, const cell_number *given,
                         const column_sum *s, const char *format)
{
    if (!cell->sheet)
        return decimal_cmp(&given->value, &s->sum) == 0;
    if (!format)
        format = cell->sheet->format;
    const char *shown = format ? sum_text(r, &s->sum, false, format) : NULL;
    if (shown)
        return !strcmp(shown, cell->value);
    return decimal_cmp(&given->value, &s->sum) == 0;
}

/* The total row: `sum` cells print the column's sum; given numbers are checked. */
static void resolve_total(resolver *r, const table *t, rcell *out)
{
    const table_row *total = t->total;
    for (size_t c = 0; c < t->column_count; c++) {
        const tree_node *cell = total->cells[c];
        const char *path =
            cell->sheet ? cell->sheet->path : arena_printf(r->arena, "%s[%zu]", total->path, c);
        cell_align align = t->columns[c].align;
        bool is_sum = cell->kind == NODE_SCALAR && cell->style == SCALAR_PLAIN && !cell->sheet &&
                      !strcmp(cell->value, "sum");
        cell_number given = is_sum ? (cell_number){0} : classify_cell(r, cell);
        if (!is_sum && !given.summable) {
            if (given.misread) /* a total that is meant as a number, but cannot be read */
                diag_error(r->diags, cell->pos, path, _("the total %s"), given.why);
            out[c] = make_cell(r, cell, align, path);
            continue;
        }
        column_sum s = add_column(r, t, c);
        if (is_sum && !s.numbers && !s.failed) {
            diag_error(r->diags, cell->pos, path, _("`sum`: column %zu holds no numbers to add up"),
                       c + 1);
            continue;
        }
        const char *format = column_format(r, t, c);
        if (!is_sum) {
            out[c] = make_cell(r, cell, align, path);
            if (!s.failed && !total_agrees(r, cell, &given, &s, format))
                diag_warning(r->diags, cell->pos, path,
                             cell->sheet
                                 ? _("the total %s does not add up: column %zu sums to %s; "
                                     "correct the spreadsheet, or write `total: sum` to print the "
                                     "computed total")
                                 : _("the total %s does not add up: column %zu sums to %s; write "
                                     "`sum` to print the computed total"),
                             cell->value, c + 1, sum_text(r, &s.sum, s.grouped, format));
            continue;
        }
        const char *text = s.failed ? "?" : sum_text(r, &s.sum, s.grouped, format);
        text_builder tb = {.r = r};
        emit_text(&tb, cell, 0, text, strlen(text), false);
        out[c] = (rcell){finish(&tb), align == ALIGN_AUTO ? ALIGN_RIGHT : align, true, 1, false};
    }
}

/* A spreadsheet's merged area: a cell right of its first column joins the
 * cell on its left; one below its first row is covered from above. */
static void join_left(rcell *row, size_t c)
{
    row[c].colspan = 0;
    size_t owner = c - 1;
    while (owner > 0 && row[owner].colspan == 0)
        owner--;
    row[owner].colspan++;
}

static void sheet_merge(rcell *row, size_t c, const sheet_origin *o)
{
    if (o->merged_above)
        row[c].covered_from_above = true;
    if (o->merged_left && c > 0)
        join_left(row, c);
}

/* Header rows: an empty cell joins the cell on its left (grouped headers). */
static void resolve_header(resolver *r, const table *t, rtable *rt)
{
    rt->header_rows = t->header_row_count + 1;
    rt->header = arena_alloc(r->arena, rt->header_rows * rt->columns * sizeof *rt->header);
    for (size_t h = 0; h < t->header_row_count; h++) {
        const table_row *row = &t->header_rows[h];
        rcell *out = &rt->header[h * rt->columns];
        for (size_t c = 0; c < rt->columns; c++) {
            const tree_node *cell = c < row->count ? row->cells[c] : NULL;
            bool empty = !cell || (cell->kind == NODE_SCALAR && !cell->len);
            out[c] = (rcell){line_text(r, cell, row->path), ALIGN_CENTER, false, 1, false};
            if (cell && cell->sheet)
                sheet_merge(out, c, cell->sheet);
            else if (empty && c > 0)
                join_left(out, c);
        }
    }
    rcell *cols = &rt->header[t->header_row_count * rt->columns];
    for (size_t c = 0; c < rt->columns; c++) {
        const tree_node *header = t->columns[c].header;
        cols[c] =
            (rcell){line_text(r, header, arena_printf(r->arena, "%s.columns[%zu]", t->path, c)),
                    ALIGN_CENTER, false, 1, false};
        if (header && header->sheet) {
            sheet_merge(cols, c, header->sheet);
            continue;
        }
        /* A column header repeating the grouped header above it merges with it. */
        const rcell *above =
            t->header_row_count ? &rt->header[(t->header_row_count - 1) * rt->columns + c] : NULL;
        if (above && above->colspan == 1 && !above->covered_from_above &&
            !strcmp(rich_text_plain(r->arena, &above->text),
                    rich_text_plain(r->arena, &cols[c].text)))
            cols[c].covered_from_above = true;
    }
}

rich_text unit_line(resolver *r, const tree_node *unit, const char *path)
{
    if (!unit)
        return (rich_text){0};
    text_builder tb = {.r = r};
    const char *label = r->doc->traditional ? "單位：" : "单位：";
    emit_text(&tb, NULL, 0, label, strlen(label), false);
    parse_inline(&tb, unit, 0, unit->len, MODE_LINE, path);
    return finish(&tb);
}

static rtable *new_table(resolver *r, const tree_node *title, const char *path, size_t columns)
{
    rtable *rt = arena_alloc(r->arena, sizeof *rt);
    rt->number = ++r->table_number;
    rt->title = line_text(r, title, path);
    rt->columns = columns;
    rt->widths = arena_alloc(r->arena, (columns + 1) * sizeof *rt->widths);
    return rt;
}

void resolve_table(resolver *r, const table *t)
{
    if (!t->column_count)
        return;
    rtable *rt =
        new_table(r, t->title, arena_printf(r->arena, "%s.title", t->path), t->column_count);
    rt->unit = unit_line(r, t->unit, arena_printf(r->arena, "%s.unit", t->path));
    for (size_t c = 0; c < rt->columns; c++)
        rt->widths[c] = t->columns[c].width;
    resolve_header(r, t, rt);
    rt->body_rows = t->row_count + (t->total ? 1 : 0);
    rt->body = arena_alloc(r->arena, (rt->body_rows * rt->columns + 1) * sizeof *rt->body);
    for (size_t row = 0; row < t->row_count; row++) {
        const table_row *tr = &t->rows[row];
        for (size_t c = 0; c < rt->columns; c++) {
            rcell *out = &rt->body[row * rt->columns + c];
            if (tr->cells && tr->count == rt->columns) {
                *out = make_cell(r, tr->cells[c], t->columns[c].align,
                                 arena_printf(r->arena, "%s[%zu]", tr->path, c));
                /* merged across columns: spans them; below its first row: left empty,
                 * as layout spans no body rows */
                const sheet_origin *o = tr->cells[c]->sheet;
                if (o && o->merged_left && c > 0)
                    join_left(&rt->body[row * rt->columns], c);
            } else
                *out = (rcell){{0}, ALIGN_LEFT, false, 1, false};
        }
    }
    if (t->total) {
        rt->has_total = true;
        resolve_total(r, t, &rt->body[t->row_count * rt->columns]);
    }
    if (t->note)
        rt->note = line_text(r, t->note, arena_printf(r->arena, "%s.note", t->path));
    add_block(r, (rblock){.kind = RB_TABLE, .table = rt});
}

static rcell text_cell(resolver *r, const char *text, cell_align align, bool numeric)
{
    return (rcell){template_text(r, text), align, numeric, 1, false};
}

/* The change column's header: 同比增长, 环比增长, or 增减 when the figures differ. */
static const char *change_header(resolver *r, figure_state **rows, size_t count)
{
    compare_kind k = COMPARE_NONE;
    for (size_t i = 0; i < count; i++) {
        if (!rows[i]->has_previous)
            continue;
        if (k && rows[i]->compare != k)
            return r->doc->traditional ? "增減" : "增减";
        k = rows[i]->compare;
    }
    bool tc = r->doc->traditional;
    return k == COMPARE_MONTH ? (tc ? "環比增長" : "环比增长") : (tc ? "同比增長" : "同比增长");
}

void resolve_figure_table(resolver *r, const figure_table *ft)
{
    bool shares = false, changes = false;
    figure_state **rows = arena_alloc(r->arena, (ft->count + 1) * sizeof *rows);
    for (size_t i = 0; i < ft->count; i++) {
        const tree_node *name = ft->names[i];
        rows[i] = find_figure(r, name->value, name->len);
        if (!rows[i]) {
            diag_error(r->diags, name->pos, arena_printf(r->arena, "%s[%zu]", ft->path, i), "%s",
                       no_figure_message(r, name->value));
            return;
        }
        shares = shares || rows[i]->f->share_of;
        changes = changes || rows[i]->has_previous;
    }
    bool tc = r->doc->traditional;
    size_t share_column = 2, change_column = shares ? 3 : 2;
    rtable *rt = new_table(r, ft->title, arena_printf(r->arena, "%s.title", ft->path),
                           2 + (shares ? 1 : 0) + (changes ? 1 : 0));
    rt->unit = unit_line(r, ft->unit, arena_printf(r->arena, "%s.unit", ft->path));
    rt->widths[0] = rt->columns == 2 ? 0.6 : rt->columns == 3 ? 0.5 : 0.4;
    rt->header_rows = 1;
    rt->header = arena_alloc(r->arena, rt->columns * sizeof *rt->header);
    rt->header[0] = text_cell(r, tc ? "項目" : "项目", ALIGN_CENTER, false);
    rt->header[1] = text_cell(r, tc ? "數量" : "数量", ALIGN_CENTER, false);
    if (shares)
        rt->header[share_column] = text_cell(r, "占比", ALIGN_CENTER, false);
    if (changes)
        rt->header[change_column] =
            text_cell(r, change_header(r, rows, ft->count), ALIGN_CENTER, false);
    rt->body_rows = ft->count;
    rt->body = arena_alloc(r->arena, (ft->count * rt->columns + 1) * sizeof *rt->body);
    for (size_t i = 0; i < ft->count; i++) {
        const figure *f = rows[i]->f;
        rcell *out = &rt->body[i * rt->columns];
        out[0] = (rcell){line_text(r, f->label, f->path), ALIGN_LEFT, false, 1, false};
        const char *value = ft->unit ? (f->value_text ? f->value_text : "?") : format_figure(r, f);
        out[1] = text_cell(r, value, ALIGN_RIGHT, true);
        const char *share = share_text(r, rows[i]);
        if (shares)
            out[share_column] = text_cell(r, share ? share : "—", ALIGN_RIGHT, true);
        const char *change = change_rate_text(r, rows[i]);
        if (changes)
            out[change_column] = text_cell(r, change ? change : "—", ALIGN_RIGHT, true);
    }
    add_block(r, (rblock){.kind = RB_TABLE, .table = rt});
}
