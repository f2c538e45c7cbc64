#include "slips.h"

#include <string.h>

#include "i18n.h"
#include "utf8.h"

#define FULLWIDTH_COLON 0xFF1A
#define RATIO_COLON     0x2236
#define IDEOGRAPHIC_SP  0x3000
#define NO_BREAK_SP     0x00A0

typedef struct line {
    size_t begin, end; /* the line's bytes, its line break excluded */
} line;

static line line_at(const source_text *src, size_t i)
{
    line l = {src->line_starts[i], i + 1 < src->line_count ? src->line_starts[i + 1] : src->len};
    if (i == 0 && src->len >= 3 && memcmp(src->bytes, "\xEF\xBB\xBF", 3) == 0)
        l.begin = 3;
    while (l.end > l.begin && (src->bytes[l.end - 1] == '\n' || src->bytes[l.end - 1] == '\r'))
        l.end--;
    return l;
}

/* The code point at `at` (0 at the end); *n its length in bytes. */
static uint32_t peek(const source_text *src, size_t at, size_t end, size_t *n)
{
    uint32_t cp = 0;
    *n = 0;
    if (at >= end)
        return 0;
    *n = utf8_decode(src->bytes + at, end - at, &cp);
    if (!*n)
        *n = 1, cp = (unsigned char)src->bytes[at];
    return cp;
}

static size_t skip_spaces(const source_text *src, size_t p, size_t end)
{
    while (p < end && src->bytes[p] == ' ')
        p++;
    return p;
}

static bool is_key_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_key_char(char c)
{
    return is_key_start(c) || (c >= '0' && c <= '9');
}

/* At most a dozen characters from `at`, for showing what to type. */
static const char *excerpt(arena *a, const source_text *src, size_t at, size_t end)
{
    size_t p = at, chars = 0, n;
    while (p < end && chars < 12) {
        peek(src, p, end, &n);
        p += n, chars++;
    }
    return arena_printf(a, "%.*s%s", (int)(p - at), src->bytes + at, p < end ? "…" : "");
}

/* The value typed after a slip, with the slip's blanks skipped. */
static size_t value_start(const source_text *src, size_t p, size_t end)
{
    size_t n;
    for (uint32_t cp = peek(src, p, end, &n);
         cp == ' ' || cp == IDEOGRAPHIC_SP || cp == NO_BREAK_SP || cp == '\t';
         cp = peek(src, p, end, &n))
        p += n;
    return p;
}

/* ---- what one line looks like --------------------------------------------- */

typedef struct shape {
    bool blank;    /* empty, or a comment only */
    size_t indent; /* leading ASCII spaces */
    size_t dash_cols[16];
    size_t dash_count; /* "- " indicators before the content */
    size_t content;    /* byte offset of the content after them */
    bool is_key;       /* the content is `key:` */
    size_t key_end;    /* byte offset of the key's colon */
    bool opens;        /* ends in `key:` or `-` with nothing after */
    bool block_header; /* the value is | or > */
} shape;

static void find_key(const source_text *src, size_t p, size_t end, shape *s)
{
    const char *b = src->bytes;
    if (p >= end || strchr("\"'[{|>#&*!%@`", b[p]))
        return;
    for (size_t q = p; q < end; q++) {
        if (b[q] == '#' && q > p && b[q - 1] == ' ')
            return;
        if (b[q] == ':' && (q + 1 == end || b[q + 1] == ' ' || b[q + 1] == '\t')) {
            s->is_key = true;
            s->key_end = q;
            size_t v = skip_spaces(src, q + 1, end);
            s->opens = v == end || b[v] == '#';
            s->block_header = v < end && (b[v] == '|' || b[v] == '>');
            return;
        }
    }
}

static shape shape_of(const source_text *src, line l)
{
    shape s = {0};
    const char *b = src->bytes;
    size_t p = skip_spaces(src, l.begin, l.end);
    s.indent = p - l.begin;
    s.blank = p == l.end || b[p] == '#';
    while (p < l.end && b[p] == '-' && (p + 1 == l.end || b[p + 1] == ' ') && s.dash_count < 16) {
        s.dash_cols[s.dash_count++] = p - l.begin;
        p = skip_spaces(src, p + 1, l.end);
    }
    s.content = p;
    if (s.dash_count && p == l.end)
        s.opens = true;
    find_key(src, p, l.end, &s);
    return s;
}

/* ---- slips a character makes ------------------------------------------------ */

static bool is_bad_blank(uint32_t cp)
{
    return cp == '\t' || cp == IDEOGRAPHIC_SP || cp == NO_BREAK_SP;
}

/* The rest of a line looks like YAML structure: a list dash or a key. */
static bool looks_structural(const source_text *src, size_t p, size_t end)
{
    const char *b = src->bytes;
    if (p < end && b[p] == '-')
        return true;
    if (p >= end || !is_key_start(b[p]))
        return false;
    while (p < end && is_key_char(b[p]))
        p++;
    size_t n;
    uint32_t cp = peek(src, skip_spaces(src, p, end), end, &n);
    return cp == ':' || cp == FULLWIDTH_COLON || cp == RATIO_COLON;
}

static bool blank_in_indentation(const source_text *src, line l, slip *out)
{
    size_t p = l.begin, n;
    uint32_t cp;
    while ((cp = peek(src, p, l.end, &n)) == ' ')
        p++;
    if (!is_bad_blank(cp))
        return false;
    size_t rest = p;
    while (is_bad_blank(peek(src, rest, l.end, &n)) || peek(src, rest, l.end, &n) == ' ')
        rest += n;
    if (p != l.begin && !looks_structural(src, rest, l.end))
        return false; /* inside text, where these blanks are content */
    const char *msg =
        cp == '\t' ? _("the indentation holds a tab; YAML indents with spaces only: "
                       "replace the tab with spaces")
        : cp == IDEOGRAPHIC_SP
            ? _("the indentation holds a full-width space (U+3000), which YAML does not count "
                "as indentation; indent with ASCII spaces (switch the input method to half-width)")
            : _("the indentation holds a no-break space (U+00A0), often copied from Word, which "
                "YAML does not count as indentation; indent with ASCII spaces");
    *out = (slip){p, NULL, msg};
    return true;
}

static bool is_wide_dash(uint32_t cp)
{
    return cp == 0xFF0D || cp == 0x2014 || cp == 0x2013 || cp == 0x2212;
}

/* List dashes at the start of the content; *p moves past the good ones. */
static bool dash_slip(arena *a, const source_text *src, line l, size_t *p, slip *out)
{
    const char *b = src->bytes;
    size_t n, n2;
    for (;;) {
        uint32_t cp = peek(src, *p, l.end, &n);
        uint32_t next = peek(src, *p + n, l.end, &n2);
        if (cp == '-' && (next == ' ' || next == 0)) {
            *p = skip_spaces(src, *p + 1, l.end);
            continue;
        }
        if (cp == '-' && (next == IDEOGRAPHIC_SP || next == NO_BREAK_SP)) {
            *out = (slip){*p + 1, NULL,
                          arena_printf(a,
                                       _("after the list dash \"-\" comes a %s, which YAML does "
                                         "not read as a space; type an ASCII space: - %s"),
                                       next == IDEOGRAPHIC_SP ? _("full-width space (U+3000)")
                                                              : _("no-break space (U+00A0)"),
                                       excerpt(a, src, value_start(src, *p + 1, l.end), l.end))};
            return true;
        }
        if (cp == '-' && next && next != '-' && next != '.' && !(next >= '0' && next <= '9')) {
            *out = (slip){*p, NULL,
                          arena_printf(a,
                                       _("a list item needs a space after the dash \"-\"; "
                                         "write: - %s"),
                                       excerpt(a, src, *p + 1, l.end))};
            return true;
        }
        if (is_wide_dash(cp) && (next == ' ' || next == IDEOGRAPHIC_SP)) {
            *out = (slip){*p, NULL,
                          arena_printf(a,
                                       _("the list item starts with \"%.*s\" (U+%04X), not the "
                                         "ASCII dash; type \"-\" followed by a space: - %s"),
                                       (int)n, b + *p, (unsigned)cp,
                                       excerpt(a, src, value_start(src, *p + n, l.end), l.end))};
            return true;
        }
        return false;
    }
}

/* A key typed in Chinese and followed by the full-width colon: 标题：… */
static bool chinese_key_slip(arena *a, const source_text *src, line l, size_t p, slip *out)
{
    size_t q = p, n;
    uint32_t cp;
    while ((cp = peek(src, q, l.end, &n)) && cp != FULLWIDTH_COLON && cp != ':' && cp != ' ' &&
           q - p < 40)
        q += n;
    if (cp != FULLWIDTH_COLON && cp != ':')
        return false;
    const char *word = arena_strndup(a, src->bytes + p, q - p);
    const char *key = english_key_for(a, word, NULL, 0);
    if (!key || (cp == ':' && peek(src, q + n, l.end, &n) == ' '))
        return false; /* `标题: …` parses; the loader names the key */
    *out = (slip){p, NULL,
                  arena_printf(a,
                               _("the key %s is typed in Chinese with the full-width colon "
                                 "\"：\"; keys are English words followed by \": \"; write: "
                                 "%s: %s"),
                               word, key, excerpt(a, src, value_start(src, q + n, l.end), l.end))};
    return true;
}

/* in_item: after a list dash, where text such as 备注：… is more likely
 * than a key typed in Chinese. */
static bool key_slip(arena *a, const source_text *src, line l, size_t p, bool in_item,
                     size_t *value, const char **key, slip *out)
{
    const char *b = src->bytes;
    *value = SIZE_MAX;
    if (p >= l.end || !is_key_start(b[p]))
        return !in_item && chinese_key_slip(a, src, l, p, out);
    size_t q = p, n;
    while (q < l.end && is_key_char(b[q]))
        q++;
    size_t r = skip_spaces(src, q, l.end);
    uint32_t cp = peek(src, r, l.end, &n);
    *key = arena_strndup(a, b + p, q - p);
    if (cp == FULLWIDTH_COLON || cp == RATIO_COLON) {
        *out = (slip){r, *key,
                      arena_printf(a,
                                   _("the colon after the key is a full-width colon \"%.*s\" "
                                     "(U+%04X); type an English colon \":\" followed by a space: "
                                     "%s: %s"),
                                   (int)n, b + r, (unsigned)cp, *key,
                                   excerpt(a, src, value_start(src, r + n, l.end), l.end))};
        return true;
    }
    if (cp != ':')
        return false;
    size_t n2;
    uint32_t next = peek(src, r + 1, l.end, &n2);
    if (next == IDEOGRAPHIC_SP || next == NO_BREAK_SP) {
        *out = (slip){r + 1, *key,
                      arena_printf(a,
                                   _("after \"%s:\" comes a %s, which YAML does not read as a "
                                     "space; type an ASCII space: %s: %s"),
                                   *key,
                                   next == IDEOGRAPHIC_SP ? _("full-width space (U+3000)")
                                                          : _("no-break space (U+00A0)"),
                                   *key, excerpt(a, src, value_start(src, r + 1, l.end), l.end))};
        return true;
    }
    if (next && next != ' ' && next != '\t' && next != ':' && next != '/') {
        *out = (slip){r + 1, *key,
                      arena_printf(a, _("no space after the colon of %s; YAML needs one: %s: %s"),
                                   *key, *key, excerpt(a, src, r + 1, l.end))};
        return true;
    }
    *value = skip_spaces(src, r + 1, l.end);
    return false;
}

/* A quoted value that closes early: "关于"加强"的通知". */
static bool quote_slip(const source_text *src, line l, size_t v, const char *key, slip *out)
{
    const char *b = src->bytes;
    char q = b[v];
    size_t k = v + 1;
    while (k < l.end) {
        if (q == '"' && b[k] == '\\')
            k += 2;
        else if (q == '\'' && b[k] == '\'' && k + 1 < l.end && b[k + 1] == '\'')
            k += 2;
        else if (b[k] == q)
            break;
        else
            k++;
    }
    if (k >= l.end)
        return false;
    size_t rest = skip_spaces(src, k + 1, l.end);
    if (rest == l.end || b[rest] == '#')
        return false;
    *out = (slip){k, key,
                  q == '"' ? _("the quoted text ends at this \", and more text follows; inside "
                               "the text write Chinese quotes “ ”, or quote the whole text "
                               "with '…'")
                           : _("the quoted text ends at this ', and more text follows; inside "
                               "'…' write a quote as two: ''")};
    return true;
}

/* [ … ］ or { … ｝: a flow list or mapping closed with a full-width bracket. */
static bool bracket_slip(arena *a, const source_text *src, line l, size_t v, slip *out)
{
    const char *b = src->bytes;
    char open = b[v], close = open == '[' ? ']' : '}';
    uint32_t wide = open == '[' ? 0xFF3D : 0xFF5D;
    int depth = 0;
    size_t n, wide_at = SIZE_MAX;
    for (size_t p = v; p < l.end; p += n) {
        uint32_t cp = peek(src, p, l.end, &n);
        if (cp == (uint32_t)open)
            depth++;
        else if (cp == (uint32_t)close)
            depth--;
        else if (cp == wide && wide_at == SIZE_MAX)
            wide_at = p;
    }
    if (depth <= 0 || wide_at == SIZE_MAX)
        return false;
    *out = (slip){wide_at, NULL,
                  arena_printf(a,
                               _("the %s opened with \"%c\" is closed with the full-width "
                                 "\"%s\" (U+%04X); type an English \"%c\""),
                               open == '[' ? _("list") : _("mapping"), open,
                               open == '[' ? "］" : "｝", (unsigned)wide, close)};
    return true;
}

/* ": " inside a plain text value: YAML reads a second key. */
static bool colon_in_text_slip(const source_text *src, line l, size_t v, const char *key, slip *out)
{
    const char *b = src->bytes;
    size_t n;
    bool chinese_quote = peek(src, v, l.end, &n) == 0x201C;
    for (size_t p = v; p < l.end; p++) {
        if (b[p] == '#' && p > v && b[p - 1] == ' ')
            return false;
        if (b[p] != ':' || (p + 1 < l.end && b[p + 1] != ' '))
            continue;
        *out = (slip){p, key,
                      chinese_quote
                          ? _("this text starts with the Chinese quote “, which YAML does not "
                              "read as a quote, so the \": \" inside it starts a key; quote the "
                              "text with English quotes \"…\", or type the full-width colon \"：\"")
                          : _("the text contains \": \", which YAML reads as the start of a key; "
                              "put the whole text in quotes (\"…\") or type the full-width colon "
                              "\"：\" instead")};
        return true;
    }
    return false;
}

static bool value_slip(arena *a, const source_text *src, line l, size_t v, const char *key,
                       slip *out)
{
    const char *b = src->bytes;
    if (v >= l.end)
        return false;
    if (b[v] == '"' || b[v] == '\'')
        return quote_slip(src, l, v, key, out);
    if (b[v] == '[' || b[v] == '{')
        return bracket_slip(a, src, l, v, out);
    if (b[v] == '|' || b[v] == '>' || b[v] == '&' || b[v] == '*' || b[v] == '!')
        return false;
    size_t n;
    uint32_t cp = peek(src, v, l.end, &n);
    if (cp == 0xFF5B || cp == 0xFF3B) {
        *out = (slip){v, key,
                      arena_printf(a,
                                   _("the %s is opened with the full-width \"%.*s\" (U+%04X), "
                                     "which YAML reads as text; type English brackets %s"),
                                   cp == 0xFF3B ? _("list") : _("mapping"), (int)n, b + v,
                                   (unsigned)cp, cp == 0xFF3B ? "[ ]" : "{ }")};
        return true;
    }
    return colon_in_text_slip(src, l, v, key, out);
}

static bool character_slip(arena *a, const source_text *src, line l, slip *out)
{
    if (blank_in_indentation(src, l, out))
        return true;
    size_t p = skip_spaces(src, l.begin, l.end);
    if (p < l.end && src->bytes[p] == '#')
        return false;
    size_t content = p;
    if (dash_slip(a, src, l, &p, out))
        return true;
    size_t value;
    const char *key = NULL;
    if (key_slip(a, src, l, p, p != content, &value, &key, out))
        return true;
    return value != SIZE_MAX && value_slip(a, src, l, value, key, out);
}

/* ---- keys out of line ---------------------------------------------------- */

typedef struct level {
    size_t col; /* 0-based column of a key or a list dash */
    bool dash;  /* a dash; item_col is where its item's keys start */
    size_t item_col;
    size_t line;   /* 0-based, for the message */
    size_t key_at; /* byte offset of the key, when a key */
    size_t key_len;
    bool first; /* the first of its block: it may be the one out of line */
} level;

typedef struct indent_state {
    level *levels;
    size_t depth, cap;
    bool prev_opens;
    size_t block_col; /* SIZE_MAX, or the indentation a block scalar must exceed */
    bool in_block;
    int flow_depth;   /* brackets [ { still open from lines above */
    size_t flow_open; /* byte offset of the bracket that opened them */
} indent_state;

/* Brackets opened minus closed on a line, quoted text aside. */
static int bracket_balance(const source_text *src, size_t p, size_t end)
{
    const char *b = src->bytes;
    int depth = 0;
    char quote = 0;
    for (; p < end; p++) {
        if (quote)
            quote = b[p] == quote ? 0 : quote;
        else if (b[p] == '"' || b[p] == '\'')
            quote = b[p];
        else if (b[p] == '[' || b[p] == '{')
            depth++;
        else if (b[p] == ']' || b[p] == '}')
            depth--;
    }
    return depth;
}

/* Inside a [ or { spanning lines: a `- ` item there means the bracket was
 * never meant to stay open. */
static bool flow_step(arena *a, const source_text *src, indent_state *st, const shape *s, line l,
                      slip *out)
{
    bool found = false;
    if (s->dash_count || (s->is_key && s->opens)) {
        char open = src->bytes[st->flow_open];
        *out =
            (slip){st->flow_open, NULL,
                   arena_printf(a,
                                _("the %s opened with \"%c\" here is never closed with \"%c\", "
                                  "and the lines below are written as keys or - items; remove the "
                                  "\"%c\", or close it on this line"),
                                open == '[' ? _("list") : _("mapping"), open,
                                open == '[' ? ']' : '}', open)};
        found = true;
    }
    st->flow_depth += bracket_balance(src, l.begin, l.end);
    return found;
}

/* Where the value on a line starts, when it may open a bracket. */
static void note_flow(const source_text *src, indent_state *st, const shape *s, line l)
{
    size_t v = s->is_key ? skip_spaces(src, s->key_end + 1, l.end) : s->content;
    if (v >= l.end || (src->bytes[v] != '[' && src->bytes[v] != '{'))
        return;
    int depth = bracket_balance(src, v, l.end);
    if (depth > 0)
        st->flow_depth = depth, st->flow_open = v;
}

static void push_levels(arena *a, indent_state *st, const shape *s, line l, size_t i, bool opened)
{
    for (size_t d = 0; d < s->dash_count; d++) {
        size_t item = d + 1 < s->dash_count ? s->dash_cols[d + 1] : s->content - l.begin;
        level lv = {s->dash_cols[d], true, item, i, 0, 0, opened};
        if (d + 1 == s->dash_count && s->is_key)
            lv.key_at = s->content, lv.key_len = s->key_end - s->content;
        ARENA_PUSH(a, st->levels, st->depth, st->cap, lv);
    }
    if (s->is_key) {
        level lv = {s->content - l.begin,   false, 0, i, s->content, s->key_end - s->content,
                    opened || s->dash_count};
        ARENA_PUSH(a, st->levels, st->depth, st->cap, lv);
    }
}

static slip indent_message(arena *a, const source_text *src, const shape *s, line l,
                           const level *want, size_t want_col)
{
    size_t at = s->dash_count ? l.begin + s->dash_cols[0] : s->content;
    size_t col = at - l.begin + 1, line = want->line + 1, to = want_col + 1;
    /* the first line of a block sets its indentation, so it may be the slip */
    bool either = want->first && want_col == want->col && want->col > 0;
    const char *sibling =
        want->key_len ? arena_strndup(a, src->bytes + want->key_at, want->key_len) : "-";
    if (s->is_key && !s->dash_count) {
        const char *key = arena_strndup(a, src->bytes + s->content, s->key_end - s->content);
        const char *msg =
            either ? arena_printf(a,
                                  _("the key `%s` starts at column %zu, but `%s` on line %zu, "
                                    "the key it belongs with, starts at column %zu; indent `%s` "
                                    "to column %zu, or, if `%s` is the one out of line, indent "
                                    "it to column %zu"),
                                  key, col, sibling, line, to, key, to, sibling, col)
                   : arena_printf(a,
                                  _("the key `%s` starts at column %zu, but `%s` on line %zu, "
                                    "the key it belongs with, starts at column %zu; indent `%s` "
                                    "to column %zu"),
                                  key, col, sibling, line, to, key, to);
        return (slip){at, key, msg};
    }
    if (want->dash && either)
        return (slip){at, NULL,
                      arena_printf(a,
                                   _("this list item starts at column %zu, but the item on line "
                                     "%zu starts at column %zu; start the dash at column %zu, "
                                     "or, if the item on line %zu is the one out of line, start "
                                     "its dash at column %zu"),
                                   col, line, to, to, line, col)};
    if (want->dash)
        return (slip){at, NULL,
                      arena_printf(a,
                                   _("this list item starts at column %zu, but the item on line "
                                     "%zu starts at column %zu; start the dash at column %zu"),
                                   col, line, to, to)};
    return (slip){at, NULL,
                  arena_printf(a,
                               _("this list item starts at column %zu, but `%s` on line %zu, "
                                 "which it lines up with, starts at column %zu; start the dash "
                                 "at column %zu"),
                               col, sibling, line, to, to)};
}

/* A line at a column between two levels: it meant the nearer one, a key
 * rather than a dash when it is a key, the deeper one when both are as near. */
static const level *nearer(const shape *s, const level *lower, const level *upper)
{
    if (!lower)
        return upper;
    if (!upper)
        return lower;
    bool key = s->is_key && !s->dash_count;
    if (key && lower->dash != upper->dash)
        return lower->dash ? upper : lower;
    size_t dl = s->indent - lower->col, du = upper->col - s->indent;
    return dl < du ? lower : upper;
}

/* Follows one line's indentation; true with *out when it is out of line. */
static bool indent_step(arena *a, const source_text *src, indent_state *st, line l, size_t i,
                        slip *out)
{
    shape s = shape_of(src, l);
    if (s.blank)
        return false;
    if (st->in_block && s.indent > st->block_col)
        return false;
    st->in_block = false;
    if (st->flow_depth > 0)
        return flow_step(a, src, st, &s, l, out);
    bool structural = s.is_key || s.dash_count;
    bool found = false;
    bool opened = !st->depth || (s.indent > st->levels[st->depth - 1].col && st->prev_opens);
    if (st->depth && s.indent > st->levels[st->depth - 1].col) {
        const level *top = &st->levels[st->depth - 1];
        if (!st->prev_opens && !structural)
            return false; /* a text running on */
        if (!st->prev_opens) {
            size_t col = top->dash && !s.dash_count ? top->item_col : top->col;
            *out = indent_message(a, src, &s, l, top, col);
            found = true;
        }
    } else if (st->depth) {
        level popped = {0};
        bool any = false;
        while (st->depth && st->levels[st->depth - 1].col > s.indent)
            popped = st->levels[--st->depth], any = true;
        const level *lower = st->depth ? &st->levels[st->depth - 1] : NULL;
        if (lower && lower->col == s.indent) {
            if (lower->dash && !s.dash_count && s.is_key) {
                *out = indent_message(a, src, &s, l, lower, lower->item_col);
                found = true;
            }
            st->depth--;
        } else if (structural) {
            const level *want = nearer(&s, lower, any ? &popped : NULL);
            if (want) {
                *out = indent_message(a, src, &s, l, want,
                                      want->dash && s.is_key && !s.dash_count ? want->item_col
                                                                              : want->col);
                found = true;
            }
        }
    }
    push_levels(a, st, &s, l, i, opened);
    st->prev_opens = s.opens;
    note_flow(src, st, &s, l);
    bool bar = s.dash_count && s.content < l.end && src->bytes[s.content] == '|';
    if (s.block_header || bar) {
        st->in_block = true;
        st->block_col = s.dash_count ? s.dash_cols[s.dash_count - 1] : s.indent;
    }
    return found;
}

bool find_slip(arena *a, const source_text *src, size_t first, size_t last, slip *out)
{
    if (last >= src->line_count)
        last = src->line_count - 1;
    indent_state st = {0};
    st.block_col = SIZE_MAX;
    bool have_indent = false;
    slip indent = {0};
    for (size_t i = 0; i <= last; i++) {
        line l = line_at(src, i);
        bool in_block = st.in_block && shape_of(src, l).indent > st.block_col;
        if (i >= first && !in_block && character_slip(a, src, l, out))
            return true;
        slip s;
        if (indent_step(a, src, &st, l, i, &s) && i >= first && !have_indent)
            indent = s, have_indent = true;
    }
    if (have_indent)
        *out = indent;
    return have_indent;
}

slip unclosed_quote(arena *a, const source_text *src, size_t at)
{
    if (at >= src->len || (src->bytes[at] != '"' && src->bytes[at] != '\''))
        return (slip){at < src->len ? at : src->len, NULL,
                      _("a quoted text is never closed; end it with the quote it opens with")};
    size_t i = (size_t)source_position(src, at).line - 1;
    line l = line_at(src, i);
    char q = src->bytes[at];
    size_t n;
    for (size_t p = at + 1; p < l.end; p += n) {
        uint32_t cp = peek(src, p, l.end, &n);
        if (cp == 0x201D || cp == 0x2019)
            return (slip){p, NULL,
                          arena_printf(a,
                                       _("the text opened with %c is closed with the Chinese "
                                         "quote \"%.*s\" (U+%04X); end it with an English %c"),
                                       q, (int)n, src->bytes + p, (unsigned)cp, q)};
    }
    return (slip){at, NULL,
                  arena_printf(a,
                               _("the quote %c that opens this text is never closed; end the "
                                 "text with %c"),
                               q, q)};
}

/* ---- plain words ---------------------------------------------------------- */

const char *yaml_problem_in_words(const char *problem)
{
    static const struct {
        const char *libyaml, *words;
    } table[] = {
        {"could not find expected ':'",
         N_("a line here is neither `key: value` nor a list item `- …`; check the colons and "
            "the indentation of the lines above")},
        {"mapping values are not allowed",
         N_("a \": \" where YAML expects no key; put text that holds \": \" in quotes")},
        {"did not find expected key",
         N_("this line does not line up with the keys above it; check its indentation")},
        {"did not find expected '-' indicator",
         N_("this line does not line up with the list items above it; check its indentation")},
        {"found character that cannot start any token",
         N_("a character YAML cannot read here; put the text in quotes")},
        {"did not find expected node content", N_("a value is missing here")},
        {"found unexpected end of stream", N_("the file ends in the middle of a value")},
        {"did not find expected ',' or ']'",
         N_("a list opened with [ is not closed with ]; close it, or put the text in quotes")},
        {"did not find expected ',' or '}'",
         N_("a mapping opened with { is not closed with }; close it, or put the text in quotes")},
        {"block sequence entries are not allowed",
         N_("a list item `- ` cannot stand on the same line as its key; start it on the next "
            "line")},
        {"found undefined tag handle", N_("`!` starts a YAML tag; put the text in quotes")},
        {"found unknown escape character",
         N_("an unknown escape after \\ in a \"…\" text; write \\\\ for a backslash, or use '…'")},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (problem && strstr(problem, table[i].libyaml))
            return _(table[i].words);
    return _("YAML cannot read the file from here on; check the punctuation and indentation of "
             "this line and the line before");
}
