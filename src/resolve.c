#include "resolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "utf8.h"

typedef struct figure_state {
    const figure *f;
    const figure *base; /* share_of target, when valid */
    double share;       /* percent */
    bool has_share;
    int visit; /* 0 new, 1 on the path, 2 done: share_of loop detection */
} figure_state;

typedef struct resolver {
    arena *arena;
    diag_list *diags;
    const document *doc;
    const resolve_options *options;
    figure_state *figures;
    size_t figure_count;
    bulletin *out;
    rblock *blocks;
    size_t block_count, block_cap;
    int table_number;
} resolver;

typedef struct text_builder {
    resolver *r;
    span *spans;
    size_t count, cap;
    bool emphasis;
    uint32_t last; /* last code point written, for the folding rule */
    const char *path;
} text_builder;

typedef enum { MODE_PARAGRAPH, MODE_LINE } text_mode;

/* ---- figures ----------------------------------------------------------- */

static figure_state *find_figure(resolver *r, const char *name, size_t len)
{
    for (size_t i = 0; i < r->figure_count; i++) {
        const char *n = r->figures[i].f->name;
        if (strlen(n) == len && memcmp(n, name, len) == 0)
            return &r->figures[i];
    }
    return NULL;
}

static const char *suggest_figure(resolver *r, const char *name)
{
    const char **names = arena_alloc(r->arena, (r->figure_count + 1) * sizeof *names);
    for (size_t i = 0; i < r->figure_count; i++)
        names[i] = r->figures[i].f->name;
    return closest_word(name, names, r->figure_count);
}

static int decimals_of(const char *number_text)
{
    const char *dot = strchr(number_text, '.');
    if (!dot)
        return 0;
    int n = 0;
    for (dot++; *dot >= '0' && *dot <= '9'; dot++)
        n++;
    return n;
}

static const char *loop_chain(resolver *r, const figure_state *from)
{
    const char *chain = from->f->name;
    const figure_state *s = from;
    for (size_t steps = 0; steps <= r->figure_count; steps++) {
        s = find_figure(r, s->f->share_of->value, s->f->share_of->len);
        chain = arena_printf(r->arena, "%s → %s", chain, s->f->name);
        if (s == from || !s->f->share_of)
            break;
    }
    return chain;
}

/* Computes s's share; false when its share_of chain is broken (a loop, an
 * unknown or zero base), which is reported once. */
static bool compute_share(resolver *r, figure_state *s)
{
    const figure *f = s->f;
    if (!f->share_of)
        return true;
    if (s->visit == 2)
        return s->has_share;
    const char *path = arena_printf(r->arena, "%s.share_of", f->path);
    if (s->visit == 1) {
        diag_error(r->diags, f->share_of->pos, path,
                   "share_of makes a loop (%s); a share must end at a whole", loop_chain(r, s));
        s->visit = 2;
        return false;
    }
    s->visit = 1;
    figure_state *base = find_figure(r, f->share_of->value, f->share_of->len);
    bool ok = false;
    if (!base) {
        const char *hint = suggest_figure(r, f->share_of->value);
        diag_error(r->diags, f->share_of->pos, path, "no figure named `%s`%s%s%s",
                   f->share_of->value, hint ? "; did you mean `" : "", hint ? hint : "",
                   hint ? "`?" : "");
    } else if (compute_share(r, base) && s->visit == 1 && base->f->value_text) {
        if (base->f->value == 0) {
            diag_error(r->diags, f->share_of->pos, path,
                       "`%s` is 0, so no share of it can be computed", base->f->name);
        } else if (f->value_text) {
            s->base = base->f;
            s->share = f->value / base->f->value * 100.0;
            s->has_share = ok = true;
        }
    }
    s->visit = 2;
    return ok;
}

static const char *format_share(resolver *r, double share, int decimals)
{
    return arena_printf(r->arena, "%.*f%%", decimals, share);
}

static void check_stated_share(resolver *r, figure_state *s)
{
    const figure *f = s->f;
    if (!s->has_share)
        return;
    if (s->share > 100.0 + 1e-9)
        diag_warning(r->diags, f->value_node ? f->value_node->pos : f->node->pos, f->path,
                     "%s is more than %s (%s): a share of %s", f->value_text, s->base->name,
                     s->base->value_text, format_share(r, s->share, r->options->share_decimals));
    if (!f->stated_share)
        return;
    int d = decimals_of(f->stated_share->value);
    const char *stated = format_share(r, f->stated_share_value, d);
    const char *computed = format_share(r, s->share, d);
    if (strcmp(stated, computed) != 0)
        diag_warning(r->diags, f->stated_share->pos,
                     arena_printf(r->arena, "%s.stated_share", f->path),
                     "stated %s, but %s of %s is %s; the computed share is printed", stated,
                     f->value_text, s->base->value_text, computed);
}

static void resolve_figures(resolver *r)
{
    const document *d = r->doc;
    r->figure_count = d->figure_count;
    r->figures = arena_alloc(r->arena, (d->figure_count + 1) * sizeof *r->figures);
    for (size_t i = 0; i < d->figure_count; i++)
        r->figures[i].f = &d->figures[i];
    for (size_t i = 0; i < r->figure_count; i++)
        compute_share(r, &r->figures[i]);
    for (size_t i = 0; i < r->figure_count; i++)
        check_stated_share(r, &r->figures[i]);
}

static bool unit_starts_with_magnitude(const char *unit)
{
    return !strncmp(unit, "万", strlen("万")) || !strncmp(unit, "亿", strlen("亿")) ||
           !strncmp(unit, "億", strlen("億")) || !strncmp(unit, "萬", strlen("萬"));
}

/* value, qualifier and unit as the reference's rules for 多 余 以上 约 近 place them */
static const char *format_figure(resolver *r, const figure *f)
{
    const char *v = f->value_text ? f->value_text : "?";
    const char *unit = f->unit ? f->unit->value : "";
    if (!f->approx)
        return arena_printf(r->arena, "%s%s", v, unit);
    const char *q = f->approx->value;
    if (!strcmp(q, "约") || !strcmp(q, "約") || !strcmp(q, "近"))
        return arena_printf(r->arena, "%s%s%s", q, v, unit);
    if (!strcmp(q, "以上"))
        return arena_printf(r->arena, "%s%s以上", v, unit);
    size_t vl = strlen(v);
    bool round = !strchr(v, '.') && vl && v[vl - 1] == '0';
    if (round)
        return arena_printf(r->arena, "%s%s%s", v, q, unit);
    if (unit_starts_with_magnitude(unit)) {
        size_t m = strlen("万");
        return arena_printf(r->arena, "%s%.*s%s%s", v, (int)m, unit, q, unit + m);
    }
    return arena_printf(r->arena, "%s%s%s", v, unit, q);
}

static void check_approx(resolver *r, const figure *f)
{
    if (!f->approx || !f->value_text)
        return;
    const char *q = f->approx->value;
    if ((!strcmp(q, "余") || !strcmp(q, "餘")) && strchr(f->value_text, '.'))
        diag_warning(r->diags, f->approx->pos, arena_printf(r->arena, "%s.approx", f->path),
                     "余 does not follow a decimal (%s); write 多, or round the number",
                     f->value_text);
}

/* ---- text -------------------------------------------------------------- */

static void push_span(text_builder *tb, span s)
{
    ARENA_PUSH(tb->r->arena, tb->spans, tb->count, tb->cap, s);
}

static void emit_literal(text_builder *tb, const tree_node *origin, size_t offset, size_t len)
{
    const char *text = origin->value + offset;
    if (tb->count) {
        span *last = &tb->spans[tb->count - 1];
        if (last->literal && last->origin == origin && last->emphasis == tb->emphasis &&
            last->text + last->len == text && last->origin_offset + last->len == offset) {
            last->len += len;
            return;
        }
    }
    push_span(tb, (span){text, len, tb->emphasis, origin, offset, true, tb->path});
}

static void emit_text(text_builder *tb, const tree_node *origin, size_t offset, const char *text,
                      size_t len, bool literal)
{
    push_span(tb, (span){text, len, tb->emphasis, origin, offset, literal, tb->path});
}

static void note_last(text_builder *tb, const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp);
        if (!n)
            break;
        tb->last = cp;
        i += n;
    }
}

static bool expand_reference(text_builder *tb, const tree_node *node, size_t at, const char *body,
                             size_t len, const char *path)
{
    resolver *r = tb->r;
    const char *dot = memchr(body, '.', len);
    size_t name_len = dot ? (size_t)(dot - body) : len;
    figure_state *s = find_figure(r, body, name_len);
    source_pos pos = scalar_char_position(&r->doc->src, node, at);
    if (!s) {
        const char *name = arena_strndup(r->arena, body, name_len);
        const char *hint = suggest_figure(r, name);
        if (hint)
            diag_error(r->diags, pos, path, "unknown figure `{%s}`; did you mean `{%s}`?", name,
                       hint);
        else
            diag_error(r->diags, pos, path, "unknown figure `{%s}` (write {{ for a literal brace)",
                       name);
        return false;
    }
    const figure *f = s->f;
    const char *field = dot ? dot + 1 : "";
    size_t field_len = dot ? len - name_len - 1 : 0;
    const char *text = NULL;
    if (!dot)
        text = format_figure(r, f);
    else if (field_len == 5 && !memcmp(field, "value", 5))
        text = f->value_text ? f->value_text : "?";
    else if (field_len == 5 && !memcmp(field, "label", 5))
        text = f->label ? f->label->value : "";
    else if (field_len == 5 && !memcmp(field, "share", 5)) {
        if (!f->share_of) {
            diag_error(r->diags, pos, path,
                       "`%s` has no share_of, so {%s.share} has nothing to print", f->name,
                       f->name);
            return false;
        }
        text = s->has_share ? format_share(r, s->share, r->options->share_decimals) : "?";
    } else {
        diag_error(r->diags, pos, path,
                   "`{%.*s}`: a figure reference ends in .value, .share or .label, or nothing",
                   (int)len, body);
        return false;
    }
    emit_text(tb, node, at, text, strlen(text), false);
    note_last(tb, text, strlen(text));
    return true;
}

/* Next code point after `i`, looking through emphasis markers. */
static uint32_t next_visible(const char *s, size_t i, size_t end)
{
    while (i + 1 < end && s[i] == '*' && s[i + 1] == '*')
        i += 2;
    uint32_t cp = 0;
    if (i < end && !utf8_decode(s + i, end - i, &cp))
        cp = 0;
    return cp;
}

static bool fold_space_dropped(text_builder *tb, const char *s, size_t i, size_t end)
{
    if (i + 1 < end && (s[i + 1] == ' ' || s[i + 1] == '\n'))
        return false; /* only a single space is a fold */
    if (i > 0 && (s[i - 1] == ' '))
        return false;
    return is_east_asian_wide(tb->last) && is_east_asian_wide(next_visible(s, i + 1, end));
}

static bool check_character(text_builder *tb, const tree_node *node, size_t at, uint32_t cp,
                            const char *path)
{
    const char *why = NULL;
    if (is_forbidden_control(cp))
        why = "a control character";
    else if (is_private_use(cp))
        why = "a private-use character, which no font can be trusted to draw";
    else if (cp == 0xFEFF)
        why = "a byte-order mark inside the text";
    if (!why)
        return true;
    diag_error(tb->r->diags, scalar_char_position(&tb->r->doc->src, node, at), path,
               "U+%04X is %s; remove it", (unsigned)cp, why);
    return false;
}

/* Parses content[begin, end) of node into tb. */
static void parse_inline(text_builder *tb, const tree_node *node, size_t begin, size_t end,
                         text_mode mode, const char *path)
{
    resolver *r = tb->r;
    const char *s = node->value;
    size_t emphasis_at = 0;
    tb->path = path;
    tb->emphasis = false;
    tb->last = 0;
    size_t i = begin;
    while (i < end) {
        char c = s[i];
        if (c == '{' && i + 1 < end && s[i + 1] == '{') {
            emit_text(tb, node, i, "{", 1, false), tb->last = '{', i += 2;
        } else if (c == '}' && i + 1 < end && s[i + 1] == '}') {
            emit_text(tb, node, i, "}", 1, false), tb->last = '}', i += 2;
        } else if (c == '{') {
            const char *close = memchr(s + i, '}', end - i);
            if (!close) {
                diag_error(r->diags, scalar_char_position(&r->doc->src, node, i), path,
                           "`{` is never closed; write {{ for a literal brace");
                return;
            }
            size_t body = i + 1, len = (size_t)(close - s) - body;
            expand_reference(tb, node, i, s + body, len, path);
            i = body + len + 1;
        } else if (c == '}') {
            diag_error(r->diags, scalar_char_position(&r->doc->src, node, i), path,
                       "`}` without `{`; write }} for a literal brace");
            i++;
        } else if (c == '*' && i + 1 < end && s[i + 1] == '*') {
            tb->emphasis = !tb->emphasis;
            emphasis_at = i;
            i += 2;
        } else if ((c == ' ' || c == '\n' || c == '\t') && mode == MODE_PARAGRAPH) {
            if (!fold_space_dropped(tb, s, i, end)) {
                emit_text(tb, node, i, " ", 1, true);
                tb->last = ' ';
            }
            i++;
        } else {
            uint32_t cp = 0;
            size_t n = utf8_decode(s + i, end - i, &cp);
            if (!n)
                n = 1;
            if (c == '\t')
                emit_text(tb, node, i, " ", 1, true);
            else if (check_character(tb, node, i, cp, path) || cp == '\n')
                emit_literal(tb, node, i, n);
            tb->last = cp;
            i += n;
        }
    }
    if (tb->emphasis)
        diag_error(r->diags, scalar_char_position(&r->doc->src, node, emphasis_at), path,
                   "`**` starts emphasis that is never closed; close it with `**`");
}

static rich_text finish(text_builder *tb)
{
    rich_text t = {tb->spans, tb->count};
    tb->spans = NULL;
    tb->count = tb->cap = 0;
    return t;
}

/* One line of text (a heading, a cell): spaces kept. */
static rich_text line_text(resolver *r, const tree_node *node, const char *path)
{
    text_builder tb = {.r = r};
    if (node)
        parse_inline(&tb, node, 0, node->len, MODE_LINE, path);
    return finish(&tb);
}

static bool is_blank_line_at(const char *s, size_t i, size_t end, size_t *after)
{
    if (s[i] != '\n')
        return false;
    size_t j = i + 1;
    while (j < end && (s[j] == ' ' || s[j] == '\t'))
        j++;
    if (j < end && s[j] == '\n') {
        while (j < end && (s[j] == '\n' || s[j] == ' ' || s[j] == '\t'))
            j++;
        *after = j;
        return true;
    }
    return false;
}

/* Splits a scalar into paragraphs: in folded and plain style YAML turned each
 * blank line into one line feed; in literal and quoted style a blank line
 * remains as two. */
static void split_paragraphs(resolver *r, const tree_node *node, const char *path, rich_text **out,
                             size_t *count, size_t *cap)
{
    const char *s = node->value;
    size_t end = node->len, start = 0, i = 0;
    bool folded = node->style == SCALAR_FOLDED || node->style == SCALAR_PLAIN;
    while (start < end) {
        size_t stop = end, next = end;
        for (i = start; i < end; i++) {
            size_t after;
            if (folded && s[i] == '\n') {
                stop = i, next = i + 1;
                break;
            }
            if (!folded && is_blank_line_at(s, i, end, &after)) {
                stop = i, next = after;
                break;
            }
        }
        size_t a = start, b = stop;
        while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t'))
            b--;
        if (r->options->paragraph_limit &&
            utf8_length(s + a, b - a) > r->options->paragraph_limit) {
            diag_error(r->diags, scalar_char_position(&r->doc->src, node, a), path,
                       "a paragraph of more than %zu characters; split it, or raise the bound "
                       "with --limit paragraph=N",
                       r->options->paragraph_limit);
        } else if (b > a) {
            text_builder tb = {.r = r};
            parse_inline(&tb, node, a, b, MODE_PARAGRAPH, path);
            rich_text t = finish(&tb);
            ARENA_PUSH(r->arena, *out, *count, *cap, t);
        }
        start = next;
    }
}

/* text: a string or a list of strings */
static void paragraphs(resolver *r, const tree_node *node, const char *path, rich_text **out,
                       size_t *count)
{
    size_t cap = 0;
    *count = 0;
    if (!node)
        return;
    if (node->kind == NODE_SEQUENCE) {
        for (size_t i = 0; i < node->count; i++)
            if (node->items[i]->kind == NODE_SCALAR)
                split_paragraphs(r, node->items[i], arena_printf(r->arena, "%s[%zu]", path, i), out,
                                 count, &cap);
    } else if (node->kind == NODE_SCALAR) {
        split_paragraphs(r, node, path, out, count, &cap);
    }
}

static rich_text template_text(resolver *r, const char *text)
{
    span *s = arena_alloc(r->arena, sizeof *s);
    *s = (span){text, strlen(text), false, NULL, 0, false, NULL};
    return (rich_text){s, 1};
}

const char *rich_text_plain(arena *a, const rich_text *t)
{
    size_t len = 0;
    for (size_t i = 0; i < t->count; i++)
        len += t->spans[i].len;
    char *out = arena_alloc(a, len + 1), *p = out;
    for (size_t i = 0; i < t->count; i++) {
        memcpy(p, t->spans[i].text, t->spans[i].len);
        p += t->spans[i].len;
    }
    *p = 0;
    return out;
}

/* ---- blocks ------------------------------------------------------------ */

static void add_block(resolver *r, rblock b)
{
    ARENA_PUSH(r->arena, r->blocks, r->block_count, r->block_cap, b);
}

static const char *chinese_number(resolver *r, int n)
{
    static const char *const digits[] = {"零", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
    if (n < 10)
        return digits[n];
    if (n < 20)
        return arena_printf(r->arena, "十%s", n % 10 ? digits[n % 10] : "");
    if (n < 100)
        return arena_printf(r->arena, "%s十%s", digits[n / 10], n % 10 ? digits[n % 10] : "");
    return arena_printf(r->arena, "%d", n);
}

static const char *heading_label(resolver *r, int level, int n)
{
    static const char *const defaults[4] = {"{cn}、", "（{cn}）", "{n}.", "（{n}）"};
    const char *format = (r->options->numbering ? r->options->numbering : defaults)[level - 1];
    if (!format)
        return NULL;
    const char *out = "";
    for (const char *p = format; *p;) {
        if (!strncmp(p, "{cn}", 4))
            out = arena_printf(r->arena, "%s%s", out, chinese_number(r, n)), p += 4;
        else if (!strncmp(p, "{n}", 3))
            out = arena_printf(r->arena, "%s%d", out, n), p += 3;
        else
            out = arena_printf(r->arena, "%s%c", out, *p), p++;
    }
    return out;
}

static void add_paragraphs(resolver *r, const tree_node *node, const char *path)
{
    rich_text *paras;
    size_t count;
    paragraphs(r, node, path, &paras, &count);
    for (size_t i = 0; i < count; i++)
        add_block(r, (rblock){.kind = RB_PARAGRAPH, .text = paras[i]});
}

typedef struct cell_number {
    bool numeric, summable;
    double value;
    int decimals;
} cell_number;

/* A plain number, or a lone {name.value}: summable. A lone reference: numeric. */
static cell_number classify_cell(resolver *r, const tree_node *cell)
{
    cell_number c = {0};
    if (cell->kind != NODE_SCALAR || !cell->len)
        return c;
    const char *s = cell->value;
    char *end;
    double v = strtod(s, &end);
    if (cell->style == SCALAR_PLAIN && end != s && !*end && isfinite(v)) {
        c = (cell_number){true, true, v, decimals_of(s)};
        return c;
    }
    if (s[0] == '{' && s[1] != '{' && s[cell->len - 1] == '}' &&
        !memchr(s + 1, '{', cell->len - 1)) {
        c.numeric = true;
        const char *dot = memchr(s, '.', cell->len);
        if (dot && !strcmp(dot, ".value}")) {
            figure_state *f = find_figure(r, s + 1, (size_t)(dot - s - 1));
            if (f && f->f->value_text)
                c = (cell_number){true, true, f->f->value, decimals_of(f->f->value_text)};
        }
    }
    return c;
}

static rcell make_cell(resolver *r, const tree_node *node, cell_align column_align,
                       const char *path)
{
    cell_number n = classify_cell(r, node);
    rcell c = {line_text(r, node, path), column_align, n.numeric, 1, false};
    if (c.align == ALIGN_AUTO)
        c.align = n.numeric ? ALIGN_RIGHT : ALIGN_LEFT;
    return c;
}

static const char *format_sum(resolver *r, double sum, int decimals)
{
    return arena_printf(r->arena, "%.*f", decimals, sum);
}

/* The total row: `sum` cells print the column's sum; given numbers are checked. */
static void resolve_total(resolver *r, const table *t, rtable *rt, rcell *out)
{
    const table_row *total = t->total;
    for (size_t c = 0; c < t->column_count; c++) {
        const tree_node *cell = total->cells[c];
        const char *path = arena_printf(r->arena, "%s[%zu]", total->path, c);
        double sum = 0;
        int decimals = 0;
        size_t numbers = 0;
        for (size_t row = 0; row < t->row_count; row++) {
            if (!t->rows[row].cells || t->rows[row].count != t->column_count)
                continue;
            cell_number n = classify_cell(r, t->rows[row].cells[c]);
            if (n.summable) {
                sum += n.value, numbers++;
                if (n.decimals > decimals)
                    decimals = n.decimals;
            }
        }
        cell_align align = t->columns[c].align;
        if (cell->kind == NODE_SCALAR && cell->style == SCALAR_PLAIN &&
            !strcmp(cell->value, "sum")) {
            if (!numbers) {
                diag_error(r->diags, cell->pos, path,
                           "`sum`: column %zu holds no numbers to add up", c + 1);
                continue;
            }
            const char *text = format_sum(r, sum, decimals);
            text_builder tb = {.r = r};
            emit_text(&tb, cell, 0, text, strlen(text), false);
            out[c] =
                (rcell){finish(&tb), align == ALIGN_AUTO ? ALIGN_RIGHT : align, true, 1, false};
            continue;
        }
        out[c] = make_cell(r, cell, align, path);
        cell_number given = classify_cell(r, cell);
        if (given.summable && numbers &&
            strcmp(format_sum(r, given.value, decimals), format_sum(r, sum, decimals)) != 0)
            diag_warning(r->diags, cell->pos, path,
                         "the total %s does not add up: column %zu sums to %s; write `sum` to "
                         "print the computed total",
                         cell->value, c + 1, format_sum(r, sum, decimals));
    }
    (void)rt;
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
            if (empty && c > 0) {
                out[c].colspan = 0;
                size_t owner = c - 1;
                while (owner > 0 && out[owner].colspan == 0)
                    owner--;
                out[owner].colspan++;
            }
        }
    }
    rcell *cols = &rt->header[t->header_row_count * rt->columns];
    for (size_t c = 0; c < rt->columns; c++) {
        cols[c] = (rcell){line_text(r, t->columns[c].header,
                                    arena_printf(r->arena, "%s.columns[%zu]", t->path, c)),
                          ALIGN_CENTER, false, 1, false};
        /* A column header repeating the grouped header above it merges with it. */
        const rcell *above =
            t->header_row_count ? &rt->header[(t->header_row_count - 1) * rt->columns + c] : NULL;
        if (above && above->colspan == 1 && !above->covered_from_above &&
            !strcmp(rich_text_plain(r->arena, &above->text),
                    rich_text_plain(r->arena, &cols[c].text)))
            cols[c].covered_from_above = true;
    }
}

static rich_text unit_line(resolver *r, const tree_node *unit, const char *path)
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

static void resolve_table(resolver *r, const table *t)
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
            if (tr->cells && tr->count == rt->columns)
                *out = make_cell(r, tr->cells[c], t->columns[c].align,
                                 arena_printf(r->arena, "%s[%zu]", tr->path, c));
            else
                *out = (rcell){{0}, ALIGN_LEFT, false, 1, false};
        }
    }
    if (t->total) {
        rt->has_total = true;
        resolve_total(r, t, rt, &rt->body[t->row_count * rt->columns]);
    }
    if (t->note)
        rt->note = line_text(r, t->note, arena_printf(r->arena, "%s.note", t->path));
    add_block(r, (rblock){.kind = RB_TABLE, .table = rt});
}

static rcell text_cell(resolver *r, const char *text, cell_align align, bool numeric)
{
    return (rcell){template_text(r, text), align, numeric, 1, false};
}

static void resolve_figure_table(resolver *r, const figure_table *ft)
{
    bool shares = false;
    figure_state **rows = arena_alloc(r->arena, (ft->count + 1) * sizeof *rows);
    for (size_t i = 0; i < ft->count; i++) {
        const tree_node *name = ft->names[i];
        rows[i] = find_figure(r, name->value, name->len);
        if (!rows[i]) {
            const char *hint = suggest_figure(r, name->value);
            diag_error(r->diags, name->pos, arena_printf(r->arena, "%s[%zu]", ft->path, i),
                       "no figure named `%s`%s%s%s", name->value, hint ? "; did you mean `" : "",
                       hint ? hint : "", hint ? "`?" : "");
            return;
        }
        shares = shares || rows[i]->f->share_of;
    }
    bool tc = r->doc->traditional;
    rtable *rt =
        new_table(r, ft->title, arena_printf(r->arena, "%s.title", ft->path), shares ? 3 : 2);
    rt->unit = unit_line(r, ft->unit, arena_printf(r->arena, "%s.unit", ft->path));
    rt->widths[0] = shares ? 0.5 : 0.6;
    rt->header_rows = 1;
    rt->header = arena_alloc(r->arena, rt->columns * sizeof *rt->header);
    rt->header[0] = text_cell(r, tc ? "項目" : "项目", ALIGN_CENTER, false);
    rt->header[1] = text_cell(r, tc ? "數量" : "数量", ALIGN_CENTER, false);
    if (shares)
        rt->header[2] = text_cell(r, "占比", ALIGN_CENTER, false);
    rt->body_rows = ft->count;
    rt->body = arena_alloc(r->arena, (ft->count * rt->columns + 1) * sizeof *rt->body);
    for (size_t i = 0; i < ft->count; i++) {
        const figure *f = rows[i]->f;
        rcell *out = &rt->body[i * rt->columns];
        out[0] = (rcell){line_text(r, f->label, f->path), ALIGN_LEFT, false, 1, false};
        const char *value = ft->unit ? (f->value_text ? f->value_text : "?") : format_figure(r, f);
        out[1] = text_cell(r, value, ALIGN_RIGHT, true);
        if (shares)
            out[2] = text_cell(r,
                               rows[i]->has_share
                                   ? format_share(r, rows[i]->share, r->options->share_decimals)
                                   : "—",
                               ALIGN_RIGHT, true);
    }
    add_block(r, (rblock){.kind = RB_TABLE, .table = rt});
}

static void resolve_list(resolver *r, const block *b)
{
    for (size_t i = 0; i < b->item_count; i++) {
        const char *path = arena_printf(r->arena, "%s.list[%zu]", b->path, i);
        text_builder tb = {.r = r};
        parse_inline(&tb, b->items[i], 0, b->items[i]->len, MODE_PARAGRAPH, path);
        add_block(r, (rblock){.kind = RB_LIST_ITEM,
                              .label = arena_printf(r->arena, "%zu.", i + 1),
                              .text = finish(&tb)});
    }
}

static void resolve_block(resolver *r, const block *b)
{
    switch (b->kind) {
    case BLOCK_PARAGRAPH:
        if (b->text)
            add_paragraphs(r, b->text,
                           b->node->kind == NODE_SCALAR
                               ? b->path
                               : arena_printf(r->arena, "%s.paragraph", b->path));
        break;
    case BLOCK_TABLE:
        if (b->table)
            resolve_table(r, b->table);
        break;
    case BLOCK_FIGURE_TABLE:
        if (b->figure_table)
            resolve_figure_table(r, b->figure_table);
        break;
    case BLOCK_LIST:
        resolve_list(r, b);
        break;
    case BLOCK_PAGE_BREAK:
        add_block(r, (rblock){.kind = RB_PAGE_BREAK});
        break;
    }
}

static void resolve_sections(resolver *r, const section *sections, size_t count)
{
    int number = 0;
    for (size_t i = 0; i < count; i++) {
        const section *s = &sections[i];
        rblock h = {.kind = RB_HEADING, .level = s->level};
        if (s->numbered && (h.label = heading_label(r, s->level, number + 1)))
            number++;
        h.text = line_text(r, s->heading, arena_printf(r->arena, "%s.heading", s->path));
        if (s->heading)
            add_block(r, h);
        for (size_t b = 0; b < s->block_count; b++)
            resolve_block(r, &s->blocks[b]);
        resolve_sections(r, s->sections, s->section_count);
    }
}

/* ---- front and back matter ---------------------------------------------- */

static const char *date_text(resolver *r, const date_value *d)
{
    return arena_printf(r->arena, "%d年%d月%d日", d->year, d->month, d->day);
}

static rich_text joined_list(resolver *r, const tree_node *list, const char *path)
{
    text_builder tb = {.r = r};
    for (size_t i = 0; list && i < list->count; i++) {
        if (i)
            emit_text(&tb, NULL, 0, "，", strlen("，"), false);
        const tree_node *item = list->items[i];
        if (item->kind == NODE_SCALAR)
            parse_inline(&tb, item, 0, item->len, MODE_LINE,
                         arena_printf(r->arena, "%s[%zu]", path, i));
    }
    return finish(&tb);
}

static void resolve_front(resolver *r)
{
    const document *d = r->doc;
    bulletin *b = r->out;
    b->title = line_text(r, d->title, "title");
    b->subtitle = line_text(r, d->subtitle, "subtitle");
    b->source = line_text(r, d->source, "source");
    b->author = line_text(r, d->author, "author");
    b->date_text = date_text(r, &d->date);
    b->year = d->date.year, b->month = d->date.month, b->day = d->date.day;
    const masthead *m = d->masthead;
    if (m) {
        b->has_masthead = true;
        b->masthead_name = line_text(r, m->name, "masthead.name");
        b->masthead_year = m->year, b->masthead_issue = m->issue;
        b->issuer = line_text(r, m->issuer, "masthead.issuer");
        b->classification = line_text(r, m->classification, "masthead.classification");
        const char *issue = m->year && m->issue
                                ? arena_printf(r->arena, "%d年第%d期", m->year, m->issue)
                            : m->issue ? arena_printf(r->arena, "第%d期", m->issue)
                            : m->year  ? arena_printf(r->arena, "%d年", m->year)
                                       : NULL;
        if (issue)
            b->issue_line = template_text(r, issue);
    }
    paragraphs(r, d->lead, "lead", &b->lead, &b->lead_count);
}

static void resolve_back(resolver *r)
{
    const document *d = r->doc;
    bulletin *b = r->out;
    b->footer_count = d->footer_count;
    b->footer = arena_alloc(r->arena, (d->footer_count + 1) * sizeof *b->footer);
    for (size_t i = 0; i < d->footer_count; i++)
        b->footer[i] = line_text(r, d->footer[i], arena_printf(r->arena, "footer[%zu]", i));
    const distribution *dist = d->distribution;
    if (!dist)
        return;
    b->has_distribution = true;
    b->report_to = joined_list(r, dist->report_to, "distribution.report_to");
    b->copy_to = joined_list(r, dist->copy_to, "distribution.copy_to");
    b->send_to = joined_list(r, dist->send_to, "distribution.send_to");
    b->printed_by = line_text(r, dist->printed_by, "distribution.printed_by");
    if (dist->printed_on.year)
        b->printed_on_text = date_text(r, &dist->printed_on);
    b->copies = dist->copies;
}

static void resolve_info(resolver *r)
{
    bulletin *b = r->out;
    char *title = (char *)rich_text_plain(r->arena, &b->title);
    for (char *p = title; *p; p++)
        if (*p == '\n')
            *p = ' ';
    b->info_title = title;
    if (b->issuer.count)
        b->info_author = rich_text_plain(r->arena, &b->issuer);
    else if (b->author.count)
        b->info_author = rich_text_plain(r->arena, &b->author);
    if (b->has_masthead) {
        const char *name = rich_text_plain(r->arena, &b->masthead_name);
        const char *issue = rich_text_plain(r->arena, &b->issue_line);
        b->info_subject = *issue ? arena_printf(r->arena, "%s %s", name, issue) : name;
    }
}

bulletin *resolve_document(const document *doc, const resolve_options *options, diag_list *diags)
{
    resolver r = {diags->arena, diags, doc, options, NULL, 0, NULL, NULL, 0, 0, 0};
    bulletin *b = arena_alloc(r.arena, sizeof *b);
    r.out = b;
    b->file = doc->file;
    b->src = &doc->src;
    b->traditional = doc->traditional;
    b->template_name = doc->template_name;
    resolve_figures(&r);
    for (size_t i = 0; i < doc->figure_count; i++)
        check_approx(&r, &doc->figures[i]);
    resolve_front(&r);
    resolve_sections(&r, doc->sections, doc->section_count);
    resolve_back(&r);
    resolve_info(&r);
    b->blocks = r.blocks;
    b->block_count = r.block_count;
    return b;
}
