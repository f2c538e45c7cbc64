#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A decimal as digits: value = 0.d[0]d[1]... * 10^point, no leading zeros. */
typedef struct decimal {
    bool negative;
    char d[72];
    int n;
    int point;
} decimal;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void strip_trailing_zeros(decimal *x)
{
    while (x->n > 0 && x->d[x->n - 1] == '0')
        x->n--;
}

static bool decimal_parse(const char *s, decimal *x)
{
    memset(x, 0, sizeof *x);
    if (*s == '-' || *s == '+')
        x->negative = *s++ == '-';
    bool any = false, seen_point = false;
    int integer_digits = 0;
    for (; is_digit(*s) || (*s == '.' && !seen_point); s++) {
        if (*s == '.') {
            seen_point = true;
            continue;
        }
        any = true;
        if (x->n == 0 && *s == '0') {
            if (seen_point)
                integer_digits--;
            continue;
        }
        if (!seen_point)
            integer_digits++;
        if (x->n < (int)sizeof x->d - 1)
            x->d[x->n++] = *s;
    }
    if (!any)
        return false;
    if (*s == 'e' || *s == 'E') {
        char *end;
        long e = strtol(s + 1, &end, 10);
        if (end == s + 1 || e > 400 || e < -400)
            return false;
        integer_digits += (int)e;
        s = end;
    }
    if (*s)
        return false;
    x->point = integer_digits;
    strip_trailing_zeros(x);
    if (!x->n)
        x->point = 0;
    return true;
}

/* Keeps the first `keep` digits, rounding half away from zero. */
static void decimal_round_digits(decimal *x, int keep)
{
    if (keep >= x->n)
        return;
    if (keep < 0) {
        x->n = 0, x->point = 0;
        return;
    }
    bool up = x->d[keep] >= '5';
    x->n = keep;
    for (int i = keep - 1; up && i >= 0; i--) {
        if (x->d[i] == '9') {
            x->d[i] = '0';
        } else {
            x->d[i]++;
            up = false;
        }
    }
    if (up) { /* 999 -> 1000 */
        memmove(x->d + 1, x->d, (size_t)x->n);
        x->d[0] = '1';
        x->n++;
        x->point++;
    }
    strip_trailing_zeros(x);
    if (!x->n)
        x->point = 0;
}

static char digit_at(const decimal *x, int i)
{
    return i >= 0 && i < x->n ? x->d[i] : '0';
}

static double decimal_value(const decimal *x)
{
    char buf[96];
    snprintf(buf, sizeof buf, "%s0.%.*se%d", x->negative ? "-" : "", x->n, x->d, x->point);
    return strtod(buf, NULL);
}

/* ---- number format codes -------------------------------------------- */

typedef struct section {
    char prefix[64], suffix[64];
    int int_zeros;          /* 0 placeholders before the point */
    int min_places, places; /* after the point: 0 and ?, all */
    int scale;              /* powers of ten: +2 a percent, -3 a trailing comma */
    bool thousands, general, scientific, has_digits, unsupported;
} section;

static void append(char *buf, size_t size, const char *s, size_t len)
{
    size_t have = strlen(buf);
    if (have + len >= size)
        len = size - have - 1;
    memcpy(buf + have, s, len);
    buf[have + len] = 0;
}

/* Splits code at the `;` outside quotes and brackets; returns the count. */
static int split_sections(const char *code, const char *starts[4], size_t lens[4])
{
    int count = 0;
    const char *start = code;
    bool quoted = false;
    int bracket = 0;
    for (const char *p = code;; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            continue;
        }
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '[')
            bracket++;
        else if (!quoted && *p == ']' && bracket)
            bracket--;
        if (!*p || (*p == ';' && !quoted && !bracket)) {
            if (count < 4)
                starts[count] = start, lens[count] = (size_t)(p - start), count++;
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return count;
}

/* The literal a bracket shows: [$¥-804] shows ¥; colours and locales none. */
static const char *bracket_literal(const char *p, size_t len, size_t *out_len, bool *unsupported)
{
    *out_len = 0;
    if (len && p[0] == '$') {
        const char *dash = memchr(p, '-', len);
        *out_len = (size_t)((dash ? dash : p + len) - p - 1);
        return p + 1;
    }
    if (len && (p[0] == '<' || p[0] == '>' || p[0] == '=' || p[0] == 'h' || p[0] == 'H' ||
                p[0] == 'm' || p[0] == 's'))
        *unsupported = true; /* conditions and elapsed times */
    return p;
}

static void parse_section(const char *p, size_t len, section *s)
{
    memset(s, 0, sizeof *s);
    const char *end = p + len;
    bool after_point = false, digits_ended = false;
    char pending[64] = ""; /* literals seen since the last digit placeholder */
    while (p < end) {
        char c = *p;
        const char *lit = NULL;
        size_t lit_len = 0;
        if (c == '"') {
            const char *close = memchr(p + 1, '"', (size_t)(end - p - 1));
            lit = p + 1;
            lit_len = close ? (size_t)(close - p - 1) : (size_t)(end - p - 1);
            p = close ? close + 1 : end;
        } else if (c == '\\' && p + 1 < end) {
            lit = p + 1, lit_len = 1, p += 2;
        } else if ((c == '_' || c == '*') && p + 1 < end) {
            p += 2; /* a space the width of a character; a fill */
        } else if (c == '[') {
            const char *close = memchr(p, ']', (size_t)(end - p));
            size_t inner = close ? (size_t)(close - p - 1) : (size_t)(end - p - 1);
            lit = bracket_literal(p + 1, inner, &lit_len, &s->unsupported);
            p = close ? close + 1 : end;
        } else if (!strncasecmp(p, "General", 7) && end - p >= 7) {
            s->general = true, p += 7;
        } else if (c == '0' || c == '#' || c == '?') {
            if (*pending && s->has_digits && !digits_ended)
                s->unsupported = true; /* text between digits: 000-0000 */
            if (digits_ended)
                s->unsupported = true;
            pending[0] = 0;
            s->has_digits = true;
            if (after_point) {
                s->places++;
                if (c != '#')
                    s->min_places++;
            } else if (c == '0') {
                s->int_zeros++;
            }
            p++;
        } else if (c == '.' && !after_point && p + 1 < end &&
                   (p[1] == '0' || p[1] == '#' || p[1] == '?')) {
            after_point = true, p++;
        } else if (c == ',' && s->has_digits) {
            bool more = false;
            for (const char *q = p + 1;
                 q < end && !more && (*q == '0' || *q == '#' || *q == '?' || *q == ','); q++)
                more = *q != ',';
            if (more)
                s->thousands = true;
            else
                s->scale -= 3;
            p++;
        } else if ((c == 'E' || c == 'e') && p + 1 < end && (p[1] == '+' || p[1] == '-')) {
            s->scientific = true;
            p += 2;
            while (p < end && (*p == '0' || *p == '#'))
                p++;
        } else if (c == '/') {
            s->unsupported = s->has_digits; /* fractions */
            lit = p, lit_len = 1, p++;
        } else {
            if (c == '%')
                s->scale += 2;
            lit = p, lit_len = 1, p++;
        }
        if (!lit_len)
            continue;
        if (!s->has_digits) {
            append(s->prefix, sizeof s->prefix, lit, lit_len);
        } else {
            append(pending, sizeof pending, lit, lit_len);
            append(s->suffix, sizeof s->suffix, lit, lit_len);
            digits_ended = digits_ended || (c != '%' && c != ',');
        }
    }
    if (!s->has_digits && !s->general && !*s->prefix)
        s->general = true;
}

static const char *group_thousands(arena *a, const char *digits)
{
    size_t len = strlen(digits), commas = len > 3 ? (len - 1) / 3 : 0;
    char *out = arena_alloc(a, len + commas + 1), *o = out;
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            *o++ = ',';
        *o++ = digits[i];
    }
    *o = 0;
    return out;
}

/* General: at most 11 characters, like a spreadsheet's default column. */
static const char *show_general(arena *a, decimal x, int *decimals)
{
    *decimals = 0;
    if (!x.n)
        return "0";
    const char *sign = x.negative ? "-" : "";
    if (x.point > 11 || x.point < -8) {
        decimal_round_digits(&x, 6);
        int e = x.point - 1;
        return arena_printf(a, "%s%c%s%.*sE%c%02d", sign, x.d[0], x.n > 1 ? "." : "", x.n - 1,
                            x.d + 1, e < 0 ? '-' : '+', abs(e));
    }
    int int_digits = x.point > 0 ? x.point : 1;
    decimal_round_digits(&x, x.point + (10 - int_digits));
    char integer[16] = "0", fraction[16] = "";
    if (x.point > 0)
        for (int i = 0; i < x.point; i++)
            integer[i] = digit_at(&x, i), integer[i + 1] = 0;
    int places = x.n - x.point;
    for (int i = 0; i < places && i < 15; i++)
        fraction[i] = digit_at(&x, x.point + i), fraction[i + 1] = 0;
    *decimals = places > 0 ? places : 0;
    if (!x.n)
        sign = "";
    return arena_printf(a, "%s%s%s%s", sign, integer, places > 0 ? "." : "", fraction);
}

static const char *show_scientific(arena *a, decimal x, const section *s)
{
    decimal_round_digits(&x, 1 + s->places);
    int e = x.n ? x.point - 1 : 0;
    char mantissa[40] = "";
    for (int i = 0; i < s->places && i < 30; i++)
        mantissa[i] = digit_at(&x, 1 + i), mantissa[i + 1] = 0;
    return arena_printf(a, "%s%c%s%sE%c%02d%s", s->prefix, digit_at(&x, 0), s->places ? "." : "",
                        mantissa, e < 0 ? '-' : '+', abs(e), s->suffix);
}

static const char *show_section(arena *a, decimal x, const section *s, bool sign, int *decimals)
{
    x.point += x.n ? s->scale : 0;
    *decimals = s->places;
    if (s->scientific)
        return show_scientific(a, x, s);
    decimal_round_digits(&x, x.point + s->places);
    int int_len = x.point > 0 ? x.point : 0;
    char *integer = arena_alloc(a, (size_t)int_len + (size_t)s->int_zeros + 2);
    int pad = s->int_zeros > int_len ? s->int_zeros - int_len : 0;
    for (int i = 0; i < pad; i++)
        integer[i] = '0';
    for (int i = 0; i < int_len; i++)
        integer[pad + i] = digit_at(&x, i);
    integer[pad + int_len] = 0;
    int places = s->places;
    while (places > s->min_places && digit_at(&x, x.point + places - 1) == '0')
        places--;
    char *fraction = arena_alloc(a, (size_t)places + 1);
    for (int i = 0; i < places; i++)
        fraction[i] = digit_at(&x, x.point + i);
    const char *int_text = s->thousands ? group_thousands(a, integer) : integer;
    return arena_printf(a, "%s%s%s%s%s%s", sign && x.negative && x.n ? "-" : "", s->prefix,
                        int_text, places || s->min_places < s->places ? "." : "", fraction,
                        s->suffix);
}

/* ---- dates ------------------------------------------------------------ */

bool numfmt_is_date(const char *code)
{
    if (!code)
        return false;
    bool quoted = false, date = false;
    for (const char *p = code; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == '"') {
            quoted = !quoted;
        } else if (quoted) {
            continue;
        } else if (*p == '[') {
            const char *close = strchr(p, ']');
            if (!close)
                return false;
            date = date || p[1] == 'h' || p[1] == 'H' || p[1] == 'm' || p[1] == 's';
            p = close;
        } else if (!strncasecmp(p, "General", 7)) {
            p += 6;
        } else if (*p == '0' || *p == '#' || *p == '?') {
            return false;
        } else if (strchr("yYdDhHsSmMeE", *p)) {
            date = true;
        }
    }
    return date;
}

/* Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool code_has(const char *code, const char *letters)
{
    bool quoted = false;
    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '\\' && p[1])
            p++;
        else if (!quoted && *p == '[') {
            const char *close = strchr(p, ']');
            if (!close)
                break;
            p = close;
        } else if (!quoted && strchr(letters, *p))
            return true;
    }
    return false;
}

static const char *show_date(arena *a, const char *code, double serial, bool date1904)
{
    if (!(serial >= 0 && serial < 2958466))
        return NULL;
    long days = (long)floor(serial);
    long seconds = lround((serial - (double)days) * 86400.0);
    if (seconds >= 86400)
        days++, seconds -= 86400;
    int y, m, d;
    if (date1904) {
        civil_from_days(days - 24107, &y, &m, &d); /* 1904-01-01 is day -24107 of 1970 */
    } else if (days == 60) {
        y = 1900, m = 2, d = 29; /* the day Lotus 1-2-3 believed in */
    } else {
        civil_from_days(days - 25569 + (days < 60 ? 1 : 0), &y, &m, &d);
    }
    bool has_y = code_has(code, "yYeE"), has_d = code_has(code, "dD");
    bool has_time = code_has(code, "hHsS") || strstr(code, "[h]") || strstr(code, "[m");
    bool has_m = code_has(code, "mM") && (has_y || has_d || !has_time);
    const char *date = "";
    if (has_y && has_m && !has_d)
        date = arena_printf(a, "%d年%d月", y, m);
    else if (has_m && has_d && !has_y)
        date = arena_printf(a, "%d月%d日", m, d);
    else if (has_y || has_m || has_d || !has_time)
        date = arena_printf(a, "%d年%d月%d日", y, m, d);
    if (!has_time)
        return date;
    long h = seconds / 3600, mi = seconds / 60 % 60, s = seconds % 60;
    const char *time = code_has(code, "sS") ? arena_printf(a, "%ld:%02ld:%02ld", h, mi, s)
                                            : arena_printf(a, "%ld:%02ld", h, mi);
    return *date ? arena_printf(a, "%s %s", date, time) : time;
}

/* ---- the entry points --------------------------------------------------- */

numfmt_shown numfmt_show(arena *a, const char *code, const char *number, bool date1904)
{
    numfmt_shown out = {0};
    decimal x;
    if (!number || !decimal_parse(number, &x))
        return out;
    decimal_round_digits(&x, 15); /* what a spreadsheet keeps */
    if (code && numfmt_is_date(code)) {
        out.is_date = true;
        out.text = show_date(a, code, decimal_value(&x), date1904);
        return out;
    }
    const char *starts[4] = {0};
    size_t lens[4] = {0};
    int count = code ? split_sections(code, starts, lens) : 0;
    section s;
    int which = 0;
    if (count >= 2 && x.negative && x.n)
        which = 1;
    else if (count >= 3 && !x.n)
        which = 2;
    if (count)
        parse_section(starts[which], lens[which], &s);
    if (count && !s.general && !s.unsupported && !s.has_digits) {
        out.text = arena_printf(a, "%s%s", s.prefix, s.suffix); /* text alone: "—" for zero */
        return out;
    }
    if (!count || s.general || s.unsupported || !s.has_digits) {
        out.text = show_general(a, x, &out.decimals);
        if (count && !s.unsupported && (*s.prefix || *s.suffix))
            out.text = arena_printf(a, "%s%s%s", s.prefix, out.text, s.suffix);
        return out;
    }
    if (which == 1)
        x.negative = false; /* the section writes its own sign */
    out.text = show_section(a, x, &s, true, &out.decimals);
    if (s.scale > 0)
        out.decimals += s.scale;
    return out;
}

const char *numfmt_builtin(unsigned id)
{
    static const char *const codes[] = {
        [1] = "0",
        [2] = "0.00",
        [3] = "#,##0",
        [4] = "#,##0.00",
        [5] = "\"¥\"#,##0;\"¥\"-#,##0",
        [6] = "\"¥\"#,##0;[Red]\"¥\"-#,##0",
        [7] = "\"¥\"#,##0.00;\"¥\"-#,##0.00",
        [8] = "\"¥\"#,##0.00;[Red]\"¥\"-#,##0.00",
        [9] = "0%",
        [10] = "0.00%",
        [11] = "0.00E+00",
        [12] = "# ?/?",
        [13] = "# ?\?/??",
        [14] = "yyyy/m/d",
        [15] = "d-mmm-yy",
        [16] = "d-mmm",
        [17] = "mmm-yy",
        [18] = "h:mm AM/PM",
        [19] = "h:mm:ss AM/PM",
        [20] = "h:mm",
        [21] = "h:mm:ss",
        [22] = "yyyy/m/d h:mm",
        [27] = "yyyy\"年\"m\"月\"",
        [28] = "m\"月\"d\"日\"",
        [29] = "m\"月\"d\"日\"",
        [30] = "m-d-yy",
        [31] = "yyyy\"年\"m\"月\"d\"日\"",
        [32] = "h\"时\"mm\"分\"",
        [33] = "h\"时\"mm\"分\"ss\"秒\"",
        [34] = "上午/下午h\"时\"mm\"分\"",
        [35] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        [36] = "yyyy\"年\"m\"月\"",
        [37] = "#,##0 ;(#,##0)",
        [38] = "#,##0 ;[Red](#,##0)",
        [39] = "#,##0.00;(#,##0.00)",
        [40] = "#,##0.00;[Red](#,##0.00)",
        [45] = "mm:ss",
        [46] = "[h]:mm:ss",
        [47] = "mm:ss.0",
        [48] = "##0.0E+0",
        [49] = "@",
        [50] = "yyyy\"年\"m\"月\"",
        [51] = "m\"月\"d\"日\"",
        [52] = "yyyy\"年\"m\"月\"",
        [53] = "m\"月\"d\"日\"",
        [54] = "m\"月\"d\"日\"",
        [55] = "上午/下午h\"时\"mm\"分\"",
        [56] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
        [57] = "yyyy\"年\"m\"月\"",
        [58] = "m\"月\"d\"日\"",
    };
    return id < sizeof codes / sizeof *codes ? codes[id] : NULL;
}

const char *numfmt_parse_shown(arena *a, const char *text)
{
    const char *s = text;
    while (*s == ' ')
        s++;
    char buf[96];
    size_t n = 0;
    bool digits = false, grouped = false;
    if (*s == '-' || *s == '+')
        buf[n++] = *s++;
    const char *int_start = s;
    for (; *s && n < sizeof buf - 8; s++) {
        if (is_digit(*s)) {
            buf[n++] = *s, digits = true;
        } else if (*s == ',' && digits && s > int_start && is_digit(s[1]) && is_digit(s[2]) &&
                   is_digit(s[3]) && !is_digit(s[4])) {
            grouped = true;
        } else {
            break;
        }
    }
    if (grouped) { /* 1,234 groups of three all the way */
        size_t run = 0;
        for (const char *p = int_start; p < s; p++) {
            if (*p == ',') {
                if (run > 3 || (p != strchr(int_start, ',') && run != 3))
                    return NULL;
                run = 0;
            } else {
                run++;
            }
        }
    }
    if (*s == '.') {
        buf[n++] = *s++;
        for (; is_digit(*s) && n < sizeof buf - 8; s++)
            buf[n++] = *s, digits = true;
    }
    bool percent = *s == '%';
    if (percent)
        s++;
    while (*s == ' ')
        s++;
    if (!digits || *s)
        return NULL;
    buf[n] = 0;
    if (!percent)
        return arena_strdup(a, buf[0] == '+' ? buf + 1 : buf);
    decimal x;
    if (!decimal_parse(buf, &x))
        return NULL;
    x.point -= x.n ? 2 : 0;
    if (!x.n)
        return "0";
    static const char zeros[] = "00000000000000000000000000000000000000000000000000";
    const char *sign = x.negative ? "-" : "";
    if (x.point <= 0)
        return -x.point > 50 ? NULL
                             : arena_printf(a, "%s0.%.*s%.*s", sign, -x.point, zeros, x.n, x.d);
    if (x.point >= x.n)
        return x.point - x.n > 50
                   ? NULL
                   : arena_printf(a, "%s%.*s%.*s", sign, x.n, x.d, x.point - x.n, zeros);
    return arena_printf(a, "%s%.*s.%.*s", sign, x.point, x.d, x.n - x.point, x.d + x.point);
}

const char *numfmt_guess(arena *a, const char *shown)
{
    const char *p = shown;
    while (*p == ' ' || *p == '-' || *p == '+')
        p++;
    bool comma = false;
    int places = -1;
    for (; *p; p++) {
        if (*p == ',')
            comma = true;
        else if (*p == '.')
            places = 0;
        else if (is_digit(*p) && places >= 0)
            places++;
        else if (!is_digit(*p))
            break;
    }
    bool percent = *p == '%';
    if (!comma && !percent)
        return NULL; /* General shows it */
    return arena_printf(a, "%s%s%.*s%s", comma ? "#,##0" : "0", places > 0 ? "." : "",
                        places > 0 ? places : 0, "000000000000000", percent ? "%" : "");
}

const char *numfmt_from_double(arena *a, double v)
{
    char buf[40];
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return arena_strdup(a, buf);
}

const char *numfmt_plain(arena *a, const char *number)
{
    decimal x;
    if (!number || !decimal_parse(number, &x) || x.point > 40 || x.point < -40)
        return NULL;
    decimal_round_digits(&x, 15);
    if (!x.n)
        return "0";
    int int_len = x.point > 0 ? x.point : 0, places = x.n > x.point ? x.n - x.point : 0;
    char *out = arena_alloc(a, (size_t)(int_len + places) + 4), *o = out;
    if (x.negative)
        *o++ = '-';
    if (!int_len)
        *o++ = '0';
    for (int i = 0; i < int_len; i++)
        *o++ = digit_at(&x, i);
    if (places)
        *o++ = '.';
    for (int i = 0; i < places; i++)
        *o++ = digit_at(&x, x.point + i);
    *o = 0;
    return out;
}
