/* table: one table -> the flow: column widths, caption, header rows (cells
 * spanning columns and rows), body rows (cut into strips when taller than a
 * page) and the note; the caption and header repeat on each new page. */
#include "layout_internal.h"

#include <math.h>
#include <string.h>

#include "i18n.h"

typedef struct table_geometry {
    float *x; /* column left edges, columns + 1 */
    float pad;
} table_geometry;

static float cell_natural(layouter *L, const rcell *c, role_id role)
{
    return text_width(L, &c->text, role);
}

/* Turns the automatic columns' wanted widths into widths filling `rest`:
 * in proportion when all fit; otherwise each first gets what it wants up to
 * an equal share, but never less than `least` (its numbers, which cannot
 * break, or two characters of text): a text column gives up room to the
 * numbers beside it. What is left goes to the wider ones in proportion to
 * what they still want, so one long cell cannot crush its neighbours. When
 * even `least` does not fit, the numbers that do not fit are reported. */
static void share_out(const rtable *t, float *want, const float *least, float total, float rest)
{
    size_t autos = 0;
    for (size_t c = 0; c < t->columns; c++)
        autos += t->widths[c] <= 0;
    if (!autos || total <= 0)
        return;
    if (total <= rest) {
        for (size_t c = 0; c < t->columns; c++)
            want[c] = t->widths[c] > 0 ? 0 : rest * want[c] / total;
        return;
    }
    float equal = rest / (float)autos, floors = 0, bases = 0, excess = 0;
    for (size_t c = 0; c < t->columns; c++)
        if (t->widths[c] <= 0) {
            floors += fmaxf(least[c], fminf(want[c], equal));
            bases += least[c];
        }
    float shrink = 0; /* the share of each floor's room above `least` given up */
    if (floors > rest && bases < rest)
        shrink = (floors - rest) / (floors - bases);
    else if (floors > rest)
        least = NULL;
    floors = 0;
    float *floor = want + t->columns; /* scratch room after want[] */
    for (size_t c = 0; c < t->columns; c++)
        if (t->widths[c] <= 0) {
            float base = least ? least[c] : 0, f = fmaxf(base, fminf(want[c], equal));
            floor[c] = f - (f - base) * shrink;
            floors += floor[c], excess += want[c] - floor[c];
        }
    for (size_t c = 0; c < t->columns; c++)
        if (t->widths[c] <= 0)
            want[c] =
                floor[c] +
                (excess > 0 && rest > floors ? (rest - floors) * (want[c] - floor[c]) / excess : 0);
}

static table_geometry table_columns(layouter *L, const rtable *t)
{
    table_geometry g = {arena_alloc(L->arena, (t->columns + 1) * sizeof(float)),
                        em(L, ROLE_TABLE_BODY) / 2};
    float *want = arena_alloc(L->arena, 2 * t->columns * sizeof(float)); /* and scratch */
    float *least = arena_alloc(L->arena, t->columns * sizeof(float));
    float fixed = 0, auto_want = 0;
    for (size_t c = 0; c < t->columns; c++) {
        if (t->widths[c] > 0) {
            fixed += (float)t->widths[c] * L->width;
            continue;
        }
        float w = 0;
        for (size_t r = 0; r < t->header_rows; r++) {
            const rcell *cell = &t->header[r * t->columns + c];
            if (cell->colspan == 1)
                w = fmaxf(w, cell_natural(L, cell, ROLE_TABLE_HEADER));
        }
        float numbers = 0;
        for (size_t r = 0; r < t->body_rows; r++) {
            const rcell *cell = &t->body[r * t->columns + c];
            float natural = cell_natural(L, cell, ROLE_TABLE_BODY);
            w = fmaxf(w, natural);
            if (cell->numeric)
                numbers = fmaxf(numbers, natural);
        }
        want[c] = fmaxf(w, em(L, ROLE_TABLE_BODY) * 2) + 2 * g.pad;
        least[c] =
            fmaxf(numbers + 2 * g.pad, fminf(want[c], em(L, ROLE_TABLE_BODY) * 2 + 2 * g.pad));
        auto_want += want[c];
    }
    float rest = L->width - fixed;
    share_out(t, want, least, auto_want, rest);
    g.x[0] = L->left;
    for (size_t c = 0; c < t->columns; c++) {
        float w = t->widths[c] > 0 ? (float)t->widths[c] * L->width : want[c];
        g.x[c + 1] = g.x[c] + w;
    }
    g.x[t->columns] = L->left + L->width; /* no rounding gap at the right edge */
    return g;
}

static line_align cell_line_align(cell_align a)
{
    return a == ALIGN_CENTER ? ALIGN_MIDDLE : a == ALIGN_RIGHT ? ALIGN_END : ALIGN_START;
}

/* The rules of a row, or of a strip of one: the rule under it only when
 * the row ends there. */
static void row_rules(layouter *L, const rtable *t, const table_geometry *g, const rcell *cells,
                      fragment *row, bool row_ends, bool bottom_thick)
{
    const page_template *tp = L->t;
    colour black = {COLOUR_GRAY, {0, 0, 0, 0}};
    float thick = (float)tp->thick_rule, thin = (float)tp->thin_rule, h = row->height;
    if (tp->table == TABLE_THREE_LINE) { /* 三线表: only the bottom rule, under the last row */
        if (bottom_thick && row_ends)
            frag_rule(L, row, g->x[0], h, g->x[t->columns], h, thick, black);
        return;
    }
    if (row_ends)
        frag_rule(L, row, g->x[0], h, g->x[t->columns], h, bottom_thick ? thick : thin, black);
    for (size_t c = 0; c <= t->columns; c++) {
        if (c > 0 && c < t->columns && !cells[c].colspan)
            continue;
        bool outer = c == 0 || c == t->columns;
        frag_rule(L, row, g->x[c], 0, g->x[c], h, outer ? thick : thin, black);
    }
}

/* A row's cells' texts as one line, a U+3000 between: readers that order
 * text by where it stands read a row's cells, set apart, as columns (see
 * struct_node in boxes.h). */
static const char *row_text(layouter *L, const rcell *cells, size_t columns)
{
    const char *line = "";
    for (size_t c = 0; c < columns; c++) {
        const rcell *cell = &cells[c];
        if (!cell->colspan || cell->covered_from_above)
            continue;
        const char *text = rich_text_plain(L->arena, &cell->text);
        line = arena_printf(L->diags->arena, "%s%s%s", line, *line && *text ? "　" : "", text);
    }
    return line;
}

/* A row's cells set into lines, centred in the row's height. A row taller
 * than max_height is cut inside its cells into strips a line high (cells
 * start at the top), so that pages break between any two of its lines. */
static size_t row_fragments(layouter *L, const rtable *t, const table_geometry *g,
                            const rcell *cells, role_id role, bool bottom_thick, float max_height,
                            fragment **out)
{
    size_t row = open_node(L, STRUCT_TR, L->table_node);
    float pitch = (float)L->t->roles[role].pitch, vpad = 4;
    arena *keep = L->arena;
    L->arena = &L->cells_scratch; /* the cells' own lines: merged into the row below */
    fragment **cell_lines = arena_alloc(L->arena, t->columns * sizeof *cell_lines);
    size_t *counts = arena_alloc(L->arena, t->columns * sizeof *counts);
    size_t most = 1;
    for (size_t c = 0; c < t->columns; c++) {
        if (!cells[c].colspan)
            continue;
        float x0 = g->x[c], x1 = g->x[c + cells[c].colspan];
        text_box box = {
            x0 + g->pad, x1 - x0 - 2 * g->pad, 0, 0, pitch, cell_line_align(cells[c].align), false};
        begin_node(L, STRUCT_TD, row);
        counts[c] = set_text(L, &cells[c].text, role, &box, &cell_lines[c]);
        if (counts[c] > most)
            most = counts[c];
    }
    L->arena = keep;
    bool whole = (float)most * pitch + 2 * vpad <= max_height;
    if (whole)
        L->out->nodes[row].actual_text = row_text(L, cells, t->columns);
    size_t strips = whole ? 1 : most;
    fragment *rows = arena_alloc(L->arena, strips * sizeof *rows);
    for (size_t s = 0; s < strips; s++) {
        size_t first = whole ? 0 : s, lines = whole ? most : 1;
        float above = s == 0 ? vpad : 0;
        rows[s] = (fragment){.height = above + (float)lines * pitch + (s + 1 == strips ? vpad : 0)};
        for (size_t c = 0; c < t->columns; c++)
            for (size_t i = first; cells[c].colspan && i < counts[c] && i < first + lines; i++) {
                float centring = whole ? (float)(most - counts[c]) * pitch / 2 : 0;
                frag_merge(L, &rows[s], &cell_lines[c][i],
                           above + centring + (float)(i - first) * pitch);
            }
        row_rules(L, t, g, cells, &rows[s], s + 1 == strips, bottom_thick);
    }
    arena_free(&L->cells_scratch);
    *out = rows;
    return strips;
}

static rich_text caption_text(layouter *L, const rtable *t, bool continued)
{
    const char *word = continued ? (L->b->traditional ? "續表" : "续表") : "表";
    const char *label =
        arena_printf(L->arena, "%s%d%s", word, t->number, t->title.count ? "　" : "");
    return prefixed(L, label, &t->title, NULL);
}

static fragment caption_fragment(layouter *L, const rtable *t, bool continued)
{
    fragment frag = {0};
    if (continued)
        L->node = 0; /* 续表 repeats the caption on a page of its own: furniture */
    else
        begin_node(L, STRUCT_CAPTION, L->table_node);
    rich_text caption = caption_text(L, t, continued);
    if (!continued)
        read_as_one_line(L, L->node, &caption);
    fragment *lines;
    size_t n =
        set_text(L, &caption, ROLE_TABLE_CAPTION,
                 &(text_box){L->left, L->width, 0, 0, (float)L->t->roles[ROLE_TABLE_CAPTION].pitch,
                             ALIGN_MIDDLE, false},
                 &lines);
    for (size_t i = 0; i < n; i++, frag.height += lines[i - 1].height)
        frag_merge(L, &frag, &lines[i], frag.height);
    if (t->unit.count) {
        n = set_text(L, &t->unit, ROLE_TABLE_NOTE,
                     &(text_box){L->left, L->width, 0, 0, (float)L->t->roles[ROLE_TABLE_NOTE].pitch,
                                 ALIGN_END, false},
                     &lines);
        for (size_t i = 0; i < n; i++, frag.height += lines[i - 1].height)
            frag_merge(L, &frag, &lines[i], frag.height);
        /* the unit is the caption's too: its text is read with it */
        const char **said = &L->out->nodes[L->node].actual_text;
        if (L->node && *said)
            *said = arena_printf(L->diags->arena, "%s\u3000%s", *said,
                                 rich_text_plain(L->arena, &t->unit));
    }
    frag.height += 2;
    return frag;
}

/* The header rows as one fragment: cells may span columns (an empty cell
 * joins its left neighbour) and rows (a column header under an equal one). */
static fragment header_fragment(layouter *L, const rtable *t, const table_geometry *g)
{
    size_t rows = t->header_rows, cols = t->columns;
    float pitch = (float)L->t->roles[ROLE_TABLE_HEADER].pitch, vpad = 4;
    float *top = arena_alloc(L->arena, (rows + 1) * sizeof *top);
    fragment **lines = arena_alloc(L->arena, rows * cols * sizeof *lines);
    size_t *counts = arena_alloc(L->arena, rows * cols * sizeof *counts);
    for (size_t r = 0; r < rows; r++) {
        size_t most = 1, row = open_node(L, STRUCT_TR, L->table_node);
        for (size_t c = 0; c < cols; c++) {
            const rcell *cell = &t->header[r * cols + c];
            if (!cell->colspan || cell->covered_from_above)
                continue;
            float x0 = g->x[c], x1 = g->x[c + cell->colspan];
            text_box box = {x0 + g->pad, x1 - x0 - 2 * g->pad, 0, 0, pitch, ALIGN_MIDDLE, false};
            begin_node(L, STRUCT_TH, row);
            counts[r * cols + c] =
                set_text(L, &cell->text, ROLE_TABLE_HEADER, &box, &lines[r * cols + c]);
            bool spans_down = r + 1 < rows && t->header[(r + 1) * cols + c].covered_from_above;
            if (!spans_down && counts[r * cols + c] > most)
                most = counts[r * cols + c];
        }
        top[r + 1] = top[r] + (float)most * pitch + 2 * vpad;
        L->out->nodes[row].actual_text = row_text(L, &t->header[r * cols], cols);
    }
    fragment f = {.height = top[rows]};
    colour black = {COLOUR_GRAY, {0, 0, 0, 0}};
    float thick = (float)L->t->thick_rule, thin = (float)L->t->thin_rule;
    frag_rule(L, &f, g->x[0], 0, g->x[cols], 0, thick, black);
    frag_rule(L, &f, g->x[0], f.height, g->x[cols], f.height, thin, black);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            const rcell *cell = &t->header[r * cols + c];
            if (!cell->colspan || cell->covered_from_above)
                continue;
            size_t last = r;
            while (last + 1 < rows && t->header[(last + 1) * cols + c].covered_from_above)
                last++;
            float height = top[last + 1] - top[r], text = (float)counts[r * cols + c] * pitch;
            for (size_t i = 0; i < counts[r * cols + c]; i++)
                frag_merge(L, &f, &lines[r * cols + c][i],
                           top[r] + (height - text) / 2 + (float)i * pitch);
            bool three_line = L->t->table == TABLE_THREE_LINE;
            /* the rule under this cell; a three-line table keeps it only under groups */
            if (last + 1 < rows && (!three_line || cell->colspan > 1))
                frag_rule(L, &f, g->x[c] + (three_line ? 4 : 0), top[last + 1],
                          g->x[c + cell->colspan] - (three_line ? 4 : 0), top[last + 1], thin,
                          black);
            for (size_t edge = c; !three_line && edge <= c + (size_t)cell->colspan;
                 edge += (size_t)cell->colspan) {
                bool outer = edge == 0 || edge == cols;
                frag_rule(L, &f, g->x[edge], top[r], g->x[edge], top[last + 1],
                          outer ? thick : thin, black);
            }
        }
    return f;
}

static repeat_header *table_header(layouter *L, const rtable *t, const table_geometry *g)
{
    repeat_header *h = arena_alloc(L->arena, sizeof *h);
    h->count = 2;
    h->items = arena_alloc(L->arena, h->count * sizeof *h->items);
    h->items[0] = (flow_item){
        .kind = FLOW_FRAGMENT, .frag = caption_fragment(L, t, true), .keep_with_next = true};
    h->items[1] = (flow_item){
        .kind = FLOW_FRAGMENT, .frag = header_fragment(L, t, g), .keep_with_next = true};
    return h;
}

/* Each column holds at least one character and its padding: a narrower one
 * would draw its text over its neighbours'. */
static bool table_fits(layouter *L, const rtable *t, const table_geometry *g)
{
    float least = fmaxf(em(L, ROLE_TABLE_BODY), em(L, ROLE_TABLE_HEADER)) + 2 * g->pad;
    size_t narrow = 0;
    for (size_t c = 0; c < t->columns; c++)
        narrow += g->x[c + 1] - g->x[c] < least - 0.01f;
    if (!narrow)
        return true;
    const span *at = t->header_rows && t->header[0].text.count ? &t->header[0].text.spans[0] : NULL;
    diag_error(L->diags, at ? span_char_pos(L, at, 0) : (source_pos){0}, at ? at->path : NULL,
               _("the table is wider than the text block: %zu of its %zu columns get less than "
                 "the %.0f pt one character and its padding need (the text block is %.0f pt "
                 "wide); use fewer or narrower columns, or split the table"),
               narrow, t->columns, least, L->width);
    return false;
}

size_t set_note(layouter *L, const rich_text *note, fragment **lines)
{
    static const char *const labels[] = {"注",       "註",       "数据来源",
                                         "數據來源", "资料来源", "資料來源"};
    const char *plain = rich_text_plain(L->arena, note);
    bool labelled = false;
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        labelled = labelled || !strncmp(plain, labels[i], strlen(labels[i]));
    rich_text text = prefixed(L, labelled ? "" : L->b->traditional ? "註：" : "注：", note, NULL);
    return set_text(L, &text, ROLE_TABLE_NOTE,
                    &(text_box){L->left, L->width, em(L, ROLE_TABLE_NOTE) * 2, 0,
                                (float)L->t->roles[ROLE_TABLE_NOTE].pitch, ALIGN_JUSTIFY, false},
                    lines);
}

void add_table(layouter *L, const rtable *t)
{
    table_geometry g = table_columns(L, t);
    if (!table_fits(L, t, &g))
        return;
    L->table_node = open_node(L, STRUCT_TABLE, 0);
    add_space(L, 6);
    size_t start = L->flow_count;
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT,
                            .frag = caption_fragment(L, t, false),
                            .keep_with_next = true});
    const repeat_header *repeat = table_header(L, t, &g);
    add_flow(L, repeat->items[1]);
    /* a grid table cut inside a row is closed by a thin rule at the page foot */
    fragment *closing = NULL;
    if (L->t->table == TABLE_GRID) {
        closing = arena_alloc(L->arena, sizeof *closing);
        *closing = (fragment){0};
        frag_rule(L, closing, g.x[0], 0, g.x[t->columns], 0, (float)L->t->thin_rule,
                  (colour){COLOUR_GRAY, {0, 0, 0, 0}});
    }
    /* what a page holds under the repeated caption and header */
    float row_room =
        L->top - L->bottom - repeat->items[0].frag.height - repeat->items[1].frag.height;
    /* a page break leaves two body rows on each side; the total stays with
     * the row above it */
    size_t plain_rows = t->body_rows - (t->has_total ? 1 : 0);
    for (size_t r = 0; r < t->body_rows && !beyond_page_bound(L); r++) {
        bool total = t->has_total && r + 1 == t->body_rows;
        bool last = r + 1 == t->body_rows;
        bool kept = !last && (r == 0 || r + 2 == plain_rows || r + 1 == plain_rows);
        fragment *slices;
        size_t n =
            row_fragments(L, t, &g, &t->body[r * t->columns],
                          total ? ROLE_TABLE_HEADER : ROLE_TABLE_BODY, last, row_room, &slices);
        for (size_t s = 0; s < n; s++)
            add_flow(
                L, (flow_item){.kind = FLOW_FRAGMENT,
                               .frag = slices[s],
                               .header = repeat,
                               .break_rule = s + 1 < n ? closing : NULL,
                               .keep_with_next = s + 1 == n && (kept || (last && t->note.count))});
    }
    if (t->note.count) {
        begin_node(L, STRUCT_P, 0);
        add_space(L, 3);
        fragment *lines;
        size_t n = set_note(L, &t->note, &lines);
        add_lines(L, lines, n, false);
    }
    for (size_t i = start; i < L->flow_count; i++)
        L->flow[start].whole_height += L->flow[i].frag.height;
    add_space(L, 10);
}
