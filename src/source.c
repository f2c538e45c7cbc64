#include "source.h"

#include <string.h>

#include "utf8.h"

source_pos source_position(const source_text *src, size_t at)
{
    size_t lo = 0, hi = src->line_count;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (src->line_starts[mid] <= at)
            lo = mid;
        else
            hi = mid;
    }
    size_t start = src->line_starts[lo];
    if (lo == 0 && src->len >= 3 && memcmp(src->bytes, "\xEF\xBB\xBF", 3) == 0 && at >= 3)
        start = 3;
    source_pos p = {(int)lo + 1, (int)utf8_length(src->bytes + start, at - start) + 1};
    return p;
}

static bool is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Starts a walk at the scalar's first content byte: after its quote, or
 * after its block header line. */
static void cursor_start(const source_text *src, const tree_node *scalar, scalar_cursor *cur)
{
    size_t s = scalar->src_begin;
    if (s < scalar->src_end && (src->bytes[s] == '"' || src->bytes[s] == '\''))
        s++;
    else if (s < scalar->src_end && (src->bytes[s] == '|' || src->bytes[s] == '>'))
        while (s < scalar->src_end && src->bytes[s] != '\n')
            s++;
    *cur = (scalar_cursor){.scalar = scalar, .s = s, .c = 0};
}

/* Walks the source alongside the content up to content byte `offset`;
 * false where an escape cannot be followed. */
static bool walk_to(const source_text *src, const tree_node *scalar, size_t offset,
                    scalar_cursor *cur)
{
    const char *content = scalar->value;
    char quote = scalar->src_begin < scalar->src_end ? src->bytes[scalar->src_begin] : 0;
    size_t s = cur->s, c = cur->c;
    while (c < offset && s < scalar->src_end) {
        if (quote == '"' && src->bytes[s] == '\\' && s + 1 < scalar->src_end &&
            src->bytes[s + 1] != '\n') {
            /* an escape: \t is one character of content, \x41 \u4E2D \U0001F600 too */
            char kind = src->bytes[s + 1];
            s += kind == 'x' ? 4 : kind == 'u' ? 6 : kind == 'U' ? 10 : 2;
            uint32_t cp;
            size_t n = utf8_decode(content + c, scalar->len - c, &cp);
            c += n ? n : 1;
        } else if (quote == '\'' && content[c] == '\'' && src->bytes[s] == '\'' &&
                   s + 1 < scalar->src_end && src->bytes[s + 1] == '\'') {
            c++, s += 2; /* '' is one quote of content */
        } else if (content[c] == src->bytes[s]) {
            c++, s++;
        } else if (is_space_byte(src->bytes[s]) || src->bytes[s] == '\\' || src->bytes[s] == '"' ||
                   src->bytes[s] == '\'') {
            s++;
        } else if (content[c] == ' ' || content[c] == '\n') {
            c++; /* a fold produced this space or line feed */
        } else {
            return false;
        }
    }
    cur->s = s, cur->c = c;
    return true;
}

/* source_position, going on from the cursor's last answer when `at` is
 * later on the same line (a long line is not counted again from its start). */
static source_pos position_from(const source_text *src, size_t at, scalar_cursor *cur)
{
    if (cur->line && cur->line_at <= at &&
        (cur->line >= src->line_count || at < src->line_starts[cur->line])) {
        cur->col += utf8_length(src->bytes + cur->line_at, at - cur->line_at);
        cur->line_at = at;
        return (source_pos){(int)cur->line, (int)cur->col};
    }
    source_pos p = source_position(src, at);
    cur->line = (size_t)p.line, cur->line_at = at, cur->col = (size_t)p.col;
    return p;
}

source_pos scalar_char_position_from(const source_text *src, const tree_node *scalar, size_t offset,
                                     scalar_cursor *cur)
{
    if (cur->scalar != scalar || cur->c > offset) {
        size_t line = cur->line, line_at = cur->line_at, col = cur->col;
        cursor_start(src, scalar, cur);
        cur->line = line, cur->line_at = line_at, cur->col = col;
    }
    if (!walk_to(src, scalar, offset, cur)) {
        cur->scalar = NULL;
        return source_position(src, scalar->src_begin); /* an escape: give up */
    }
    /* Land on the character itself, not on indentation before it. */
    size_t s = cur->s;
    while (s < scalar->src_end && is_space_byte(src->bytes[s]) && offset < scalar->len &&
           !is_space_byte(scalar->value[offset]))
        s++;
    return position_from(src, s, cur);
}

source_pos scalar_char_position(const source_text *src, const tree_node *scalar, size_t offset)
{
    scalar_cursor cur = {0};
    return scalar_char_position_from(src, scalar, offset, &cur);
}
