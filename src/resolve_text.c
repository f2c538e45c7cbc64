#include "resolve_internal.h"

#include <string.h>

#include "habits.h"
#include "i18n.h"
#include "utf8.h"

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

void emit_text(text_builder *tb, const tree_node *origin, size_t offset, const char *text,
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

source_pos char_pos(resolver *r, scalar_cursor *cursor, const tree_node *node, size_t at)
{
    if (diag_full(r->diags))
        return (source_pos){0};
    scalar_cursor fresh = {0};
    return scalar_char_position_from(&r->doc->src, node, at, cursor ? cursor : &fresh);
}

static bool expand_reference(text_builder *tb, const tree_node *node, size_t at, const char *body,
                             size_t len, const char *path)
{
    resolver *r = tb->r;
    const char *dot = memchr(body, '.', len);
    size_t name_len = dot ? (size_t)(dot - body) : len;
    figure_state *s = find_figure(r, body, name_len);
    source_pos pos = char_pos(r, &tb->cursor, node, at);
    if (!s) {
        const char *name = arena_strndup(r->arena, body, name_len);
        const char *hint = suggest_figure(r, name);
        if (hint)
            diag_error(r->diags, pos, path, _("unknown figure `{%s}`; did you mean `{%s}`?"), name,
                       hint);
        else
            diag_error(r->diags, pos, path,
                       _("unknown figure `{%s}` (write {{ for a literal brace)"), name);
        return false;
    }
    const char *field = dot ? dot + 1 : "";
    size_t field_len = dot ? len - name_len - 1 : 0;
    if (dot && !field_len) {
        diag_error(r->diags, pos, path,
                   _("`{%.*s}`: a figure reference ends in .value, .label, .share, .change, "
                     ".change_rate, .diff or .previous, or nothing"),
                   (int)len, body);
        return false;
    }
    const char *text = figure_field(r, s, field, field_len, pos, path);
    if (!text)
        return false;
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
        why = _("a control character");
    else if (is_private_use(cp))
        why = _("a private-use character, which no font can be trusted to draw");
    else if (cp == 0xFEFF)
        why = _("a byte-order mark inside the text");
    if (!why)
        return true;
    diag_error(tb->r->diags, char_pos(tb->r, &tb->cursor, node, at), path,
               _("U+%04X is %s; remove it"), (unsigned)cp, why);
    return false;
}

/* Parses content[begin, end) of node into tb. */
void parse_inline(text_builder *tb, const tree_node *node, size_t begin, size_t end, text_mode mode,
                  const char *path)
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
                diag_error(r->diags, char_pos(r, &tb->cursor, node, i), path,
                           _("`{` is never closed; write {{ for a literal brace"));
                return;
            }
            size_t body = i + 1, len = (size_t)(close - s) - body;
            expand_reference(tb, node, i, s + body, len, path);
            i = body + len + 1;
        } else if (c == '}') {
            diag_error(r->diags, char_pos(r, &tb->cursor, node, i), path,
                       _("`}` without `{`; write }} for a literal brace"));
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
        diag_error(r->diags, char_pos(r, &tb->cursor, node, emphasis_at), path,
                   _("`**` starts emphasis that is never closed; close it with `**`"));
}

rich_text finish(text_builder *tb)
{
    rich_text t = {tb->spans, tb->count};
    tb->spans = NULL;
    tb->count = tb->cap = 0;
    return t;
}

/* A spreadsheet's cell prints as it shows: no references, no emphasis. */
static void sheet_text(text_builder *tb, const tree_node *node)
{
    const char *s = node->value;
    tb->path = node->sheet->path;
    for (size_t i = 0; i < node->len;) {
        uint32_t cp = 0;
        size_t n = utf8_decode(s + i, node->len - i, &cp);
        if (!n)
            n = 1;
        if (s[i] == '\t' || s[i] == '\r')
            emit_text(tb, node, i, " ", 1, true);
        else if (check_character(tb, node, i, cp, node->sheet->path) || cp == '\n')
            emit_literal(tb, node, i, n);
        i += n;
    }
}

/* One line of text (a heading, a cell): spaces kept. */
rich_text line_text(resolver *r, const tree_node *node, const char *path)
{
    text_builder tb = {.r = r};
    if (node && node->sheet)
        sheet_text(&tb, node);
    else if (node)
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
        size_t last_break = j;
        while (j < end && (s[j] == '\n' || s[j] == ' ' || s[j] == '\t'))
            if (s[j++] == '\n')
                last_break = j - 1;
        *after = last_break + 1; /* blanks typed before the next paragraph stay in it */
        return true;
    }
    return false;
}

/* Blanks typed before a paragraph, the Word way of indenting it: the
 * template indents, so they are dropped, with a warning. */
static size_t dropped_indent(resolver *r, const tree_node *node, const char *path, size_t at,
                             size_t end)
{
    size_t chars;
    blank_kind kind;
    size_t len = leading_blanks(node->value + at, end - at, &chars, &kind);
    if (!len || len == end - at)
        return len;
    const char *what = chars == 1
                           ? (kind == BLANKS_WIDE   ? _("a full-width space (U+3000)")
                              : kind == BLANKS_TABS ? _("a tab")
                                                    : _("a space"))
                           : arena_printf(r->arena,
                                          kind == BLANKS_WIDE ? _("%zu full-width spaces (U+3000)")
                                          : kind == BLANKS_TABS   ? _("%zu tabs")
                                          : kind == BLANKS_SPACES ? _("%zu spaces")
                                                                  : _("%zu blanks (spaces, tabs, "
                                                                      "full-width spaces)"),
                                          chars);
    /* at the first character after the blanks, back by as many columns:
     * the indentation of a block line is no content to walk through */
    source_pos pos = scalar_char_position(&r->doc->src, node, at + len);
    pos.col = pos.col > (int)chars ? pos.col - (int)chars : 1;
    const char *v = node->value;
    bool mid_paragraph = node->style == SCALAR_FOLDED && kind == BLANKS_SPACES && at > 0 &&
                         v[at - 1] == '\n' && (at < 2 || v[at - 2] != '\n');
    int first = source_position(&r->doc->src, node->src_begin).line + 1;
    if (mid_paragraph)
        diag_warning(r->diags, pos, path,
                     _("this line is indented %zu more than the first line of the text (line "
                       "%d), so YAML breaks the paragraph here; line it up with line %d"),
                     chars, first, first);
    else
        diag_warning(r->diags, pos, path,
                     _("the paragraph starts with %s, the Word way of indenting; dropped, since "
                       "the template indents every paragraph itself: delete it"),
                     what);
    return len;
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
        while (a < b && s[a] == '\n')
            a++;
        a += dropped_indent(r, node, path, a, b);
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t'))
            b--;
        if (r->options->paragraph_limit &&
            utf8_length(s + a, b - a) > r->options->paragraph_limit) {
            diag_error(r->diags, char_pos(r, NULL, node, a), path,
                       _("a paragraph of more than %zu characters; split it, or raise the bound "
                         "with --limit paragraph=N"),
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
void paragraphs(resolver *r, const tree_node *node, const char *path, rich_text **out,
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

rich_text template_text(resolver *r, const char *text)
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
