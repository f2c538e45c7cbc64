#include "linebreak.h"

#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static void init_tables(void)
{
    init_linebreak();
}

static bool in_list(uint32_t cp, const uint32_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == cp)
            return true;
    return false;
}

/* GB/T 15834-2011 5.1 and the reference's extended list */
bool cannot_start_line(uint32_t cp)
{
    static const uint32_t list[] = {
        0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, /* 。，、；：？！ */
        0x201D, 0x2019, 0xFF09, 0xFF3D, 0xFF5D, 0x3015, 0x3011, 0x3017, 0x300B, 0x3009,
        0x300D, 0x300F, /* ”’）］｝〕】〗》〉」』 */
        0xFF5E, 0x2013, 0x00B7, 0x2027, 0x30FB, 0xFF0F, '/', /* ～ – · ‧ ・ ／ / */
        '%',    0x2030, 0x00B0, 0x2032, 0x2033, 0x2103,      /* % ‰ ° ′ ″ ℃ */
        0x00A8, 0x02C7, 0x02C9, 0x2015, 0x2016, 0x203A, 0x2236, 0x3003, 0x301E, /* Word's */
        ')',    ']',    '}',    ',',    '.',    ';',    ':',    '?',    '!',    0xFF0E,
    };
    return in_list(cp, list, sizeof list / sizeof *list);
}

bool cannot_end_line(uint32_t cp)
{
    static const uint32_t list[] = {
        0x201C, 0x2018, 0xFF08, 0xFF3B, 0xFF5B, 0x3014, 0x3010, 0x3016, 0x300A, 0x3008, 0x300C,
        0x300E, /* “‘（［｛〔【〖《〈「『 */
        '(',    '[',    '{',    0x00A5, 0xFFE5, '$',    0x00A3, 0x20AC, '#',    0x2116, /* ¥ ￥ $ £
                                                                                           € # № */
    };
    return in_list(cp, list, sizeof list / sizeof *list);
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

void line_break_opportunities(const uint32_t *text, size_t count, break_kind *out)
{
    if (!count)
        return;
    pthread_once(&init_once, init_tables);
    char *brks = malloc(count);
    set_linebreaks_utf32((const utf32_t *)text, count, "zh", brks);
    for (size_t i = 0; i < count; i++) {
        break_kind k = brks[i] == LINEBREAK_MUSTBREAK    ? BREAK_MUST
                       : brks[i] == LINEBREAK_ALLOWBREAK ? BREAK_ALLOWED
                                                         : BREAK_NEVER;
        if (text[i] == '\n')
            k = BREAK_MUST;
        else if (i + 1 < count && k == BREAK_ALLOWED) {
            uint32_t a = text[i], b = text[i + 1];
            if (cannot_start_line(b) || cannot_end_line(a))
                k = BREAK_NEVER;
            else if ((a == 0x2014 && b == 0x2014) || (a == 0x2026 && b == 0x2026))
                k = BREAK_NEVER; /* —— and …… are one mark */
            else if (is_digit(a) && is_digit(b))
                k = BREAK_NEVER;
        }
        if (i + 1 == count && k != BREAK_MUST)
            k = BREAK_ALLOWED;
        out[i] = k;
    }
    free(brks);
}
