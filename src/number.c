#include "number.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

/* ---- decimals: a sign, digits (least significant first) and a scale ---- */

void decimal_zero(decimal *d)
{
    d->negative = false;
    d->len = 0;
    d->scale = 0;
}

bool decimal_is_zero(const decimal *d)
{
    return d->len == 0;
}

static void trim(decimal *d)
{
    while (d->len && !d->digit[d->len - 1])
        d->len--;
    if (!d->len)
        d->negative = false;
}

/* Multiplies the digits by 10^k and raises the scale by k: the same value. */
static bool scale_up(decimal *d, int k)
{
    if (k <= 0)
        return true;
    if (d->len && d->len + k > DECIMAL_CAPACITY)
        return false;
    if (d->len) {
        memmove(d->digit + k, d->digit, (size_t)d->len);
        memset(d->digit, 0, (size_t)k);
        d->len += k;
    }
    d->scale += k;
    return true;
}

static bool align_scales(decimal *a, decimal *b)
{
    return a->scale < b->scale ? scale_up(a, b->scale - a->scale)
                               : scale_up(b, a->scale - b->scale);
}

/* Compares the digits alone, scale ignored. */
static int magnitude_cmp(const decimal *a, const decimal *b)
{
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    for (int i = a->len - 1; i >= 0; i--)
        if (a->digit[i] != b->digit[i])
            return a->digit[i] < b->digit[i] ? -1 : 1;
    return 0;
}

static bool magnitude_add(const decimal *a, const decimal *b, decimal *out)
{
    int len = a->len > b->len ? a->len : b->len, carry = 0;
    for (int i = 0; i < len; i++) {
        int s = (i < a->len ? a->digit[i] : 0) + (i < b->len ? b->digit[i] : 0) + carry;
        out->digit[i] = (unsigned char)(s % 10);
        carry = s / 10;
    }
    if (carry) {
        if (len == DECIMAL_CAPACITY)
            return false;
        out->digit[len++] = 1;
    }
    out->len = len;
    return true;
}

/* out = a - b for digits with a >= b. */
static void magnitude_sub(const decimal *a, const decimal *b, decimal *out)
{
    int borrow = 0;
    for (int i = 0; i < a->len; i++) {
        int s = a->digit[i] - (i < b->len ? b->digit[i] : 0) - borrow;
        borrow = s < 0;
        out->digit[i] = (unsigned char)(s + (borrow ? 10 : 0));
    }
    out->len = a->len;
    trim(out);
}

bool decimal_add(const decimal *a, const decimal *b, decimal *out)
{
    decimal x = *a, y = *b;
    if (!align_scales(&x, &y))
        return false;
    decimal r;
    decimal_zero(&r);
    r.scale = x.scale;
    if (x.negative == y.negative || !x.len || !y.len) {
        if (!magnitude_add(&x, &y, &r))
            return false;
        r.negative = x.len ? x.negative : y.negative;
    } else if (magnitude_cmp(&x, &y) >= 0) {
        magnitude_sub(&x, &y, &r);
        r.negative = x.negative;
    } else {
        magnitude_sub(&y, &x, &r);
        r.negative = y.negative;
    }
    trim(&r);
    *out = r;
    return true;
}

bool decimal_sub(const decimal *a, const decimal *b, decimal *out)
{
    decimal minus = *b;
    minus.negative = minus.len ? !b->negative : false;
    return decimal_add(a, &minus, out);
}

int decimal_cmp(const decimal *a, const decimal *b)
{
    decimal diff;
    if (!decimal_sub(a, b, &diff))
        return 0;
    return !diff.len ? 0 : diff.negative ? -1 : 1;
}

bool decimal_ratio(const decimal *num, const decimal *den, int shift, int decimals, decimal *out)
{
    decimal n = *num, d = *den;
    if (!d.len || !align_scales(&n, &d) || !scale_up(&n, shift + decimals))
        return false;
    decimal q, rem;
    decimal_zero(&q);
    decimal_zero(&rem);
    d.scale = 0;
    /* Long division, one digit of the dividend at a time. */
    for (int i = n.len - 1; i >= 0; i--) {
        if (!scale_up(&rem, 1))
            return false;
        rem.scale = 0;
        rem.digit[0] = n.digit[i];
        if (!rem.len)
            rem.len = 1;
        trim(&rem);
        int count = 0;
        while (magnitude_cmp(&rem, &d) >= 0) {
            magnitude_sub(&rem, &d, &rem);
            count++;
        }
        q.digit[i] = (unsigned char)count;
    }
    q.len = n.len;
    trim(&q);
    decimal twice;
    if (!magnitude_add(&rem, &rem, &twice))
        return false;
    if (magnitude_cmp(&twice, &d) >= 0) {
        decimal one = {.len = 1, .digit = {1}};
        if (!magnitude_add(&q, &one, &q))
            return false;
    }
    q.scale = decimals;
    q.negative = num->negative != den->negative;
    trim(&q);
    *out = q;
    return true;
}

const char *decimal_format(arena *a, const decimal *d, bool grouped)
{
    int whole = d->len > d->scale ? d->len - d->scale : 1;
    char *out = arena_alloc(a, (size_t)(whole * 2 + d->scale + 4)), *p = out;
    if (d->negative && d->len)
        *p++ = '-';
    for (int i = whole - 1; i >= 0; i--) {
        int at = i + d->scale;
        *p++ = (char)('0' + (at < d->len ? d->digit[at] : 0));
        if (grouped && i && i % 3 == 0)
            *p++ = ',';
    }
    if (d->scale) {
        *p++ = '.';
        for (int i = d->scale - 1; i >= 0; i--)
            *p++ = (char)('0' + (i < d->len ? d->digit[i] : 0));
    }
    *p = 0;
    return out;
}

static number_reading read_ascii(arena *a, const char *s, int flags);

bool decimal_shift(decimal *d, int places)
{
    d->scale -= places;
    if (d->scale >= 0)
        return true;
    int zeros = -d->scale;
    d->scale = 0;
    if (!scale_up(d, zeros))
        return false;
    d->scale = 0;
    return true;
}

const char *number_magnitude_written_out(arena *a, const number_reading *r)
{
    if (r->status != NUMBER_MAGNITUDE)
        return NULL;
    number_reading n = read_ascii(a, r->number, NUMBER_ALLOW_NEGATIVE);
    bool wan = !strncmp(r->suffix, "万", strlen("万")) || !strncmp(r->suffix, "萬", strlen("萬"));
    if (n.status != NUMBER_OK || !decimal_shift(&n.value, wan ? 4 : 8))
        return NULL;
    return decimal_format(a, &n.value, false);
}

bool decimal_to_long(const decimal *d, long *out)
{
    long v = 0;
    for (int i = d->len - 1; i >= 0; i--) {
        if (i < d->scale) {
            if (d->digit[i])
                return false;
            continue;
        }
        if (v > (LONG_MAX - 9) / 10)
            return false;
        v = v * 10 + d->digit[i];
    }
    *out = d->negative ? -v : v;
    return true;
}

/* ---- reading ------------------------------------------------------------ */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The digits of body (digits, commas, at most one point) as a decimal. */
static void digits_to_decimal(const char *body, size_t len, decimal *d)
{
    decimal_zero(d);
    const char *point = memchr(body, '.', len);
    for (size_t i = len; i-- > 0;) {
        if (!is_digit(body[i]))
            continue;
        d->digit[d->len++] = (unsigned char)(body[i] - '0');
        if (point && body + i > point)
            d->scale++;
    }
    trim(d);
}

/* Checks digits, grouping and the point of body; NUMBER_OK or the problem. */
static number_status check_body(const char *body, size_t len, bool *grouped)
{
    const char *point = memchr(body, '.', len);
    size_t whole = point ? (size_t)(point - body) : len;
    if (point && (whole == 0 || whole + 1 == len))
        return NUMBER_BARE_POINT;
    if (point &&
        (memchr(point + 1, '.', len - whole - 1) || memchr(point + 1, ',', len - whole - 1)))
        return memchr(point + 1, ',', len - whole - 1) ? NUMBER_GROUPING : NUMBER_NOT_A_NUMBER;
    size_t digits = 0, group = 0, groups = 0;
    for (size_t i = 0; i < whole; i++) {
        if (body[i] == ',') {
            if ((groups == 0 && (group == 0 || group > 3)) || (groups > 0 && group != 3))
                return NUMBER_GROUPING;
            groups++, group = 0;
        } else {
            group++, digits++;
        }
    }
    if (groups && group != 3)
        return NUMBER_GROUPING;
    *grouped = groups > 0;
    if (whole > 1 && body[0] == '0')
        return body[1] == ',' ? NUMBER_GROUPING : NUMBER_LEADING_ZERO;
    if (digits + (point ? len - whole - 1 : 0) > NUMBER_MAX_DIGITS)
        return NUMBER_TOO_LONG;
    return NUMBER_OK;
}

static bool is_magnitude(const char *s)
{
    static const char *const words[] = {"万", "亿", "萬", "億"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strncmp(s, words[i], strlen(words[i])))
            return true;
    return false;
}

/* 1e5, 2.5E-3: an exponent after the digits. */
static bool is_exponent(const char *rest)
{
    if (*rest != 'e' && *rest != 'E')
        return false;
    rest++;
    if (*rest == '+' || *rest == '-')
        rest++;
    if (!is_digit(*rest))
        return false;
    while (is_digit(*rest))
        rest++;
    return !*rest;
}

static number_reading read_ascii(arena *a, const char *s, int flags)
{
    number_reading r = {.status = NUMBER_OK};
    bool negative = *s == '-';
    if (*s == '+')
        return r.status = NUMBER_PLUS, r;
    const char *body = negative ? s + 1 : s;
    size_t len = strspn(body, "0123456789.,");
    if (!len || strspn(body, ".,") == len)
        return r.status = NUMBER_NOT_A_NUMBER, r;
    const char *rest = body + len;
    if (*rest == '%' && !rest[1]) {
        if (!(flags & NUMBER_ALLOW_PERCENT))
            return r.status = NUMBER_PERCENT, r;
        r.percent = true;
    } else if (is_exponent(rest)) {
        return r.status = NUMBER_EXPONENT, r;
    } else if (*rest) {
        const char *unit = rest + strspn(rest, " ");
        r.number = arena_strndup(a, s, (size_t)(rest - s));
        r.suffix = unit;
        r.status = is_magnitude(unit)             ? NUMBER_MAGNITUDE
                   : (unsigned char)*unit >= 0x80 ? NUMBER_UNIT
                                                  : NUMBER_NOT_A_NUMBER;
        bool grouped;
        if (r.status != NUMBER_NOT_A_NUMBER && check_body(body, len, &grouped) != NUMBER_OK)
            r.status = NUMBER_NOT_A_NUMBER;
        return r;
    }
    r.status = check_body(body, len, &r.grouped);
    if (r.status != NUMBER_OK)
        return r;
    digits_to_decimal(body, len, &r.value);
    if (negative && !r.value.len)
        return r.status = NUMBER_NEGATIVE_ZERO, r;
    if (negative && !(flags & NUMBER_ALLOW_NEGATIVE))
        return r.status = NUMBER_NEGATIVE, r;
    r.value.negative = negative;
    return r;
}

/* Full-width digits, comma, point (。 ．), percent and minus in ASCII, or
 * NULL when the text has none of them. */
static char *ascii_form(arena *a, const char *s, size_t len)
{
    char *out = arena_alloc(a, len + 1), *p = out;
    bool changed = false;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n)
            return NULL;
        char c = 0;
        if (cp >= 0xFF10 && cp <= 0xFF19)
            c = (char)('0' + (cp - 0xFF10));
        else if (cp == 0xFF0C)
            c = ',';
        else if (cp == 0x3002 || cp == 0xFF0E)
            c = '.';
        else if (cp == 0xFF05)
            c = '%';
        else if (cp == 0xFF0D)
            c = '-';
        if (c) {
            *p++ = c, changed = true;
        } else {
            memcpy(p, s + i, n), p += n;
        }
        i += n;
    }
    *p = 0;
    return changed ? out : NULL;
}

number_reading number_read(arena *a, const char *text, size_t len, int flags)
{
    while (len && (*text == ' ' || *text == '\t'))
        text++, len--;
    while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
        len--;
    number_reading r = {.status = NUMBER_EMPTY};
    if (!len)
        return r;
    if (memchr(text, 0, len)) /* "12\0x" must not read as 12 */
        return r.status = NUMBER_NOT_A_NUMBER, r;
    char *ascii = ascii_form(a, text, len);
    if (ascii) {
        r = read_ascii(a, ascii, flags);
        if (r.status == NUMBER_OK) {
            r.status = NUMBER_FULL_WIDTH;
            r.ascii = ascii;
        } else if (r.status != NUMBER_MAGNITUDE && r.status != NUMBER_UNIT) {
            r.status = NUMBER_NOT_A_NUMBER;
        }
        return r;
    }
    const char *trimmed = arena_strndup(a, text, len);
    r = read_ascii(a, trimmed, flags);
    r.text = trimmed;
    return r;
}

bool number_is_blank_mark(const char *text)
{
    return !strcmp(text, "—") || !strcmp(text, "-") || !strcmp(text, "/");
}

/* 1e5 written out, when it has at most NUMBER_MAX_DIGITS digits. */
static const char *exponent_written_out(arena *a, const char *text)
{
    const char *e = strpbrk(text, "eE");
    long exponent = strtol(e + 1, NULL, 10);
    number_reading mantissa =
        read_ascii(a, arena_strndup(a, text, (size_t)(e - text)), NUMBER_ALLOW_NEGATIVE);
    if (mantissa.status != NUMBER_OK || exponent > NUMBER_MAX_DIGITS ||
        exponent < -NUMBER_MAX_DIGITS)
        return NULL;
    decimal d = mantissa.value;
    int scale = d.scale - (int)exponent;
    if (scale < 0) {
        if (!scale_up(&d, -scale))
            return NULL;
        scale = 0;
    }
    d.scale = scale;
    if ((d.len > d.scale ? d.len : d.scale) > NUMBER_MAX_DIGITS)
        return NULL;
    return decimal_format(a, &d, false);
}

const char *number_problem(arena *a, const char *text, const number_reading *r)
{
    switch (r->status) {
    case NUMBER_GROUPING:
        return arena_printf(a,
                            _("`%s`: commas group the digits by three (1,234 or 12,345.6); "
                              "write the number without them, or group it by three"),
                            text);
    case NUMBER_LEADING_ZERO:
        return arena_printf(a,
                            _("`%s` starts with a zero; write the number without leading "
                              "zeros"),
                            text);
    case NUMBER_NEGATIVE_ZERO:
        return arena_printf(a, _("`%s` is a negative zero; write 0"), text);
    case NUMBER_PLUS:
        return arena_printf(a, _("`%s`: write the number without the plus sign"), text);
    case NUMBER_EXPONENT: {
        const char *out = exponent_written_out(a, text);
        if (out)
            return arena_printf(a, _("`%s` is written with an exponent; write the number out: %s"),
                                text, out);
        return arena_printf(a,
                            _("`%s` is written with an exponent, and written out it would "
                              "have more than %d digits; write the number in digits"),
                            text, NUMBER_MAX_DIGITS);
    }
    case NUMBER_BARE_POINT:
        return arena_printf(a,
                            _("`%s`: a point needs digits on both sides (0.5, not .5; 5, not "
                              "5.)"),
                            text);
    case NUMBER_FULL_WIDTH:
        return arena_printf(a,
                            _("`%s` is typed with full-width characters; write `%s` with "
                              "the input method in half-width mode"),
                            text, r->ascii);
    case NUMBER_PERCENT:
        return arena_printf(a, _("`%s` is a percentage, but a plain number is expected here"),
                            text);
    case NUMBER_TOO_LONG:
        return arena_printf(a,
                            _("`%s` has more than %d digits; no figure in a bulletin needs "
                              "so many"),
                            text, NUMBER_MAX_DIGITS);
    case NUMBER_NEGATIVE:
        return arena_printf(a, _("`%s` is negative; a figure cannot be negative"), text);
    case NUMBER_MAGNITUDE:
    case NUMBER_UNIT:
    case NUMBER_NOT_A_NUMBER:
    case NUMBER_EMPTY:
    case NUMBER_OK:
        break;
    }
    return arena_printf(a, _("expected a number, found `%s`"), text);
}
