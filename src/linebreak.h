/* linebreak: where a line of Chinese text may break. Unicode's line
 * breaking algorithm (libunibreak) gives the opportunities; the rules of
 * GB/T 15834 and clreq are applied on top: characters that may not start
 * or end a line, and pairs (—— ……) that never split. Part of `layout`. */
#ifndef JIANBAO_LINEBREAK_H
#define JIANBAO_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { BREAK_NEVER, BREAK_ALLOWED, BREAK_MUST } break_kind;

/* out[i] says whether a line may end after text[i]. */
void line_break_opportunities(const uint32_t *text, size_t count, break_kind *out);

bool cannot_start_line(uint32_t cp);
bool cannot_end_line(uint32_t cp);

#endif
