#include "habits.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/* The numbering a clerk types by hand, beyond the template's: 第一部分 … */
static const char *const typed_formats[] = {
    "{cn}、",   "（{cn}）", "{n}.",     "（{n}）",  "第{cn}部分", "第{cn}章",
    "第{cn}节", "第{cn}節", "第{cn}条", "第{cn}條", "第{cn}、",   "第{cn}，",
};

static bool is_chinese_numeral(uint32_t cp)
{
    static const uint32_t numerals[] = {0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                        0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x4E24};
    for (size_t i = 0; i < sizeof numerals / sizeof *numerals; i++)
        if (cp == numerals[i])
            return true;
    return false;
}

static bool is_digit(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* One character of punctuation for another: （ (, ） ), 、 . ． */
static uint32_t punctuation_class(uint32_t cp)
{
    switch (cp) {
    case 0xFF08:
        return '(';
    case 0xFF09:
        return ')';
    case 0x3001:
    case 0xFF0E:
        return '.';
    default:
        return cp;
    }
}

static uint32_t next_char(const char *s, size_t len, size_t *at)
{
    uint32_t cp = 0;
    size_t n = *at < len ? utf8_decode(s + *at, len - *at, &cp) : 0;
    *at += n ? n : 1;
    return n ? cp : 0;
}

/* Bytes of `text` one numbering format matches, or 0. */
static size_t match_format(const char *format, const char *text, size_t len)
{
    size_t f = 0, flen = strlen(format), t = 0;
    while (f < flen) {
        bool cn = !strncmp(format + f, "{cn}", 4), n = !strncmp(format + f, "{n}", 3);
        if (cn || n) {
            f += cn ? 4 : 3;
            size_t start = t, probe = t;
            while (probe < len) {
                uint32_t cp = next_char(text, len, &probe);
                if (!(cn ? is_chinese_numeral(cp) : is_digit(cp)))
                    break;
                t = probe;
            }
            if (t == start)
                return 0;
            continue;
        }
        uint32_t want = next_char(format, flen, &f);
        if (t >= len || punctuation_class(next_char(text, len, &t)) != punctuation_class(want))
            return 0;
    }
    size_t after = t;
    if (after < len && is_digit(next_char(text, len, &after)))
        return 0; /* 3.5万亩 is a number, not the numbering 3. */
    return t;
}

static bool is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0x00A0;
}

size_t heading_number_prefix(const char *text, size_t len, const char *const *formats)
{
    size_t best = 0;
    for (size_t i = 0; formats && i < 4; i++) {
        size_t m = formats[i] ? match_format(formats[i], text, len) : 0;
        best = m > best ? m : best;
    }
    for (size_t i = 0; i < sizeof typed_formats / sizeof *typed_formats; i++) {
        size_t m = match_format(typed_formats[i], text, len);
        best = m > best ? m : best;
    }
    if (!best)
        return 0;
    size_t at = best;
    while (at < len && is_blank(next_char(text, len, &at)))
        best = at;
    return best;
}

size_t leading_blanks(const char *text, size_t len, size_t *chars, blank_kind *kind)
{
    size_t at = 0, end = 0;
    bool spaces = false, wide = false, tabs = false;
    *chars = 0;
    while (at < len) {
        uint32_t cp = next_char(text, len, &at);
        if (!is_blank(cp))
            break;
        spaces |= cp == ' ' || cp == 0x00A0, tabs |= cp == '\t', wide |= cp == 0x3000;
        end = at;
        ++*chars;
    }
    *kind = spaces + wide + tabs > 1 ? BLANKS_MIXED
            : wide                   ? BLANKS_WIDE
            : tabs                   ? BLANKS_TABS
                                     : BLANKS_SPACES;
    return end;
}
