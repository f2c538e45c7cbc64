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

source_pos scalar_char_position(const source_text *src, const tree_node *scalar, size_t offset)
{
    size_t s = scalar->src_begin, c = 0;
    const char *content = scalar->value;
    /* Skip the scalar's indicator: a quote, or a block header line. */
    if (s < scalar->src_end && (src->bytes[s] == '"' || src->bytes[s] == '\''))
        s++;
    else if (s < scalar->src_end && (src->bytes[s] == '|' || src->bytes[s] == '>'))
        while (s < scalar->src_end && src->bytes[s] != '\n')
            s++;
    bool double_quoted =
        scalar->src_begin < scalar->src_end && src->bytes[scalar->src_begin] == '"';
    bool single_quoted =
        scalar->src_begin < scalar->src_end && src->bytes[scalar->src_begin] == '\'';
    while (c < offset && s < scalar->src_end) {
        if (double_quoted && src->bytes[s] == '\\' && s + 1 < scalar->src_end &&
            src->bytes[s + 1] != '\n') {
            /* an escape: \t is one character of content, \x41 \u4E2D \U0001F600 too */
            char kind = src->bytes[s + 1];
            s += kind == 'x' ? 4 : kind == 'u' ? 6 : kind == 'U' ? 10 : 2;
            uint32_t cp;
            size_t n = utf8_decode(content + c, scalar->len - c, &cp);
            c += n ? n : 1;
        } else if (single_quoted && content[c] == '\'' && src->bytes[s] == '\'' &&
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
            return source_position(src, scalar->src_begin); /* an escape: give up */
        }
    }
    /* Land on the character itself, not on indentation before it. */
    while (s < scalar->src_end && is_space_byte(src->bytes[s]) && offset < scalar->len &&
           !is_space_byte(content[offset]))
        s++;
    return source_position(src, s);
}
