#include "linebreak.h"

#include <linebreak.h>
#include <pthread.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

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

/* Measure words and units that stay with the number before them, longest
 * first where one begins another (人次 before 人, 月份 before 月). */
static const char *const units[] = {
    "个百分点", "百分点", "平方公里", "平方千米", "平方米", "立方米", "人次", "户次", "万元",
    "亿元",     "千元",   "公里",     "千米",     "公斤",   "千克",   "公顷", "月份", "季度",
    "小时",     "分钟",   "周岁",     "周年",     "年度",   "余人",   "多人", "人",   "名",
    "个",       "户",     "元",       "次",       "份",     "件",     "项",   "家",   "所",
    "处",       "座",     "亩",       "吨",       "年",     "月",     "日",   "号",   "支",
    "条",       "台",     "辆",       "套",       "批",     "期",     "届",   "倍",   "岁",
    "天",       "周",     "场",       "米",       "斤",     "克",     "万",   "亿",   "层",
    "栋",       "间",     "张",       "本",       "册",     "篇",     "部",   "种",   "类",
    "头",       "只",     "匹",       "棵",       "株",     "箱",     "袋",   "瓶",   "盒",
    "包",       "块",     "位",       "组",       "队",     "村",     "镇",   "乡",   "县",
    "点",       "秒",     "度",       "元/人",    "km",     "kg",     "m²",   "m³",   "cm",
    "mm",       "kW",     "kWh",      "MW",       "GB",     "MB",     "t",    "m",    "g",
    "h",        "個",     "戶",       "萬元",     "億元",   "萬",     "億",   "項",   "處",
    "噸",       "條",     "臺",       "輛",       "屆",     "歲",     "場",   "場次", "斤",
    "間",       "張",     "種",       "類",       "頭",     "隻",     "組",   "隊",
};
/* Digits' magnitudes and the approximate words that may stand between a
 * number and its unit: 3.5万人, 1500多万元, 9万多元, 5000余册. */
static bool is_magnitude(uint32_t cp)
{
    return cp == 0x4E07 || cp == 0x4EBF || cp == 0x5343 || cp == 0x767E || cp == 0x842C ||
           cp == 0x5104; /* 万 亿 千 百 萬 億 */
}
static bool is_approx(uint32_t cp)
{
    return cp == 0x591A || cp == 0x4F59 || cp == 0x9918; /* 多 余 餘 */
}
/* 第 约 近 約 bind to the number after them. */
static bool binds_to_number(uint32_t cp)
{
    return cp == 0x7B2C || cp == 0x7EA6 || cp == 0x8FD1 || cp == 0x7D04;
}

/* The length in code points of the unit starting at text[at], or 0. */
static size_t unit_at(const uint32_t *text, size_t count, size_t at)
{
    size_t best = 0;
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        const char *s = units[u];
        size_t n = 0;
        while (*s && at + n < count) {
            uint32_t cp;
            s += utf8_decode(s, strlen(s), &cp);
            if (cp != text[at + n])
                break;
            n++;
        }
        if (!*s && n > best)
            best = n;
    }
    /* a Latin unit is a whole word: 5 km, not 5 kilns */
    if (best && text[at] < 0x80 && at + best < count && text[at + best] < 0x80 &&
        isalpha((int)text[at + best]))
        return 0;
    return best;
}

static bool in_number(uint32_t cp)
{
    return is_digit(cp) || cp == '.' || cp == ',';
}

/* Keeps each number whole with its sign, separators, magnitude, approximate
 * word and unit, and with a 第, 约 or 近 before it. */
static void bind_numbers(const uint32_t *text, size_t count, break_kind *out)
{
    for (size_t i = 0; i < count;) {
        if (!is_digit(text[i])) {
            i++;
            continue;
        }
        size_t start = i;
        bool sign = start > 0 && (text[start - 1] == '-' || text[start - 1] == '+') &&
                    (start == 1 || !isalnum((int)(text[start - 2] < 0x80 ? text[start - 2] : 0)));
        if (sign)
            start--;
        if (start > 0 && binds_to_number(text[start - 1]))
            start--;
        size_t end = i; /* one past the number's last character */
        while (end < count &&
               (in_number(text[end]) &&
                (is_digit(text[end]) || (end + 1 < count && is_digit(text[end + 1])))))
            end++;
        if (end < count && is_approx(text[end]))
            end++;
        if (end < count && is_magnitude(text[end]))
            end++;
        if (end < count && is_approx(text[end]))
            end++;
        size_t at = end;
        if (at + 1 < count && text[at] == ' ' && text[at + 1] < 0x80)
            at++; /* 5 km */
        size_t unit = unit_at(text, count, at);
        if (unit)
            end = at + unit;
        for (size_t k = start; k + 1 < end; k++)
            if (out[k] == BREAK_ALLOWED)
                out[k] = BREAK_NEVER;
        i = end > i ? end : i + 1;
    }
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
    bind_numbers(text, count, out);
    if (out[count - 1] == BREAK_NEVER)
        out[count - 1] = BREAK_ALLOWED;
}
