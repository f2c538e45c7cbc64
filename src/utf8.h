/* utf8: decoding, encoding and the character classes the pipeline needs. */
#ifndef JIANBAO_UTF8_H
#define JIANBAO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (len bytes left). Returns the sequence length,
 * or 0 for an invalid sequence (overlong, surrogate, beyond U+10FFFF, cut). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Writes cp as UTF-8 into out (4 bytes at most); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);
/* Offset of the first invalid byte, or len when all is valid. */
size_t utf8_first_invalid(const char *s, size_t len);
/* Number of code points in a valid string. */
size_t utf8_length(const char *s, size_t len);

/* East Asian Wide or Fullwidth (UAX #11): ideographs, CJK punctuation,
 * kana, Hangul, fullwidth forms. */
bool is_east_asian_wide(uint32_t cp);
/* Characters that must not appear in text: C0/C1 controls (tab and line
 * feed aside), unassigned noncharacters, lone surrogates. */
bool is_forbidden_control(uint32_t cp);
bool is_private_use(uint32_t cp);

#endif
