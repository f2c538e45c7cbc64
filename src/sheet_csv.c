/* The CSV reader: comma-separated values as Excel and WPS save them, in
 * UTF-8 (with or without a byte-order mark) or GB18030/GBK, told apart by
 * the bytes: text that is valid UTF-8 is UTF-8, anything else must convert
 * from GB18030 (glibc's iconv) or is refused. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "numfmt.h"
#include "sheet.h"
#include "utf8.h"

static size_t line_of(const char *s, size_t at)
{
    size_t line = 1;
    for (size_t i = 0; i < at; i++)
        line += s[i] == '\n';
    return line;
}

/* GB18030 -> UTF-8 into the arena; NULL with a reason when it is not GB18030. */
static char *from_gb18030(arena *a, const char *in, size_t len, size_t *out_len, char *error,
                          size_t error_size)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        snprintf(error, error_size,
                 _("the file is not UTF-8, and this system cannot convert "
                   "GB18030; save it as CSV UTF-8"));
        return NULL;
    }
    size_t cap = len * 2 + 16; /* a GB18030 character never grows past twice its bytes */
    char *out = arena_alloc(a, cap + 1);
    char *src = (char *)in, *dst = out;
    size_t left = len, room = cap;
    size_t r = iconv(cd, &src, &left, &dst, &room);
    iconv_close(cd);
    if (r == (size_t)-1) {
        size_t at = (size_t)(src - in);
        snprintf(error, error_size,
                 _("neither UTF-8 nor GB18030 (GBK) text: byte 0x%02X on line %zu cannot be read "
                   "in either; save the file as CSV UTF-8"),
                 at < len ? (unsigned char)in[at] : 0, line_of(in, at));
        return NULL;
    }
    *dst = 0;
    *out_len = (size_t)(dst - out);
    return out;
}

static const char *trimmed(arena *a, const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return arena_strndup(a, s, len);
}

static sheet_cell make_cell(arena *a, const char *text, uint32_t row, uint32_t col)
{
    sheet_cell c = {.row = row, .col = col, .kind = SHEET_TEXT, .shown = text};
    const char *number = numfmt_parse_shown(a, text);
    if (number) {
        c.kind = SHEET_NUMBER;
        c.number = number;
        c.format = numfmt_guess(a, text);
        c.decimals = sheet_places_shown(text) + (strchr(text, '%') ? 2 : 0);
    }
    return c;
}

typedef struct csv_parser {
    arena *a;
    sheet *s;
    const sheet_limits *limits;
    char *field;
    size_t len, cap;
    uint32_t row, col;
} csv_parser;

static void field_byte(csv_parser *p, char c)
{
    ARENA_PUSH(p->a, p->field, p->len, p->cap, c);
}

static bool end_field(csv_parser *p, char *error, size_t error_size)
{
    const char *text = trimmed(p->a, p->field ? p->field : "", p->len);
    p->len = 0;
    if (*text && p->col < SHEET_MAX_COLS && p->row < SHEET_MAX_ROWS &&
        !sheet_add_cell(p->a, p->s, p->limits, make_cell(p->a, text, p->row, p->col))) {
        snprintf(error, error_size,
                 _("the file has more than %zu cells; raise the bound with --limit sheet-cells=N"),
                 p->limits->cells);
        return false;
    }
    p->col++;
    return true;
}

static sheet_status parse(csv_parser *p, const char *s, size_t len, char *error, size_t error_size)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] == '"') {
            size_t open = i++;
            for (;;) {
                if (i >= len) {
                    snprintf(error, error_size,
                             _("a quoted field that starts on line %zu is never closed; close it "
                               "with \""),
                             line_of(s, open));
                    return SHEET_BROKEN;
                }
                if (s[i] == '"' && i + 1 < len && s[i + 1] == '"')
                    field_byte(p, '"'), i += 2;
                else if (s[i] == '"')
                    break;
                else
                    field_byte(p, s[i++]);
            }
            i++;
            while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
                field_byte(p, s[i++]); /* text after the closing quote: kept, as Excel does */
        } else {
            while (i < len && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
                field_byte(p, s[i++]);
        }
        if (!end_field(p, error, error_size))
            return SHEET_TOO_LARGE;
        if (i < len && s[i] == ',') {
            i++;
            if (i == len && !end_field(p, error, error_size))
                return SHEET_TOO_LARGE;
            continue;
        }
        if (i < len && s[i] == '\r')
            i++;
        if (i < len && s[i] == '\n')
            i++;
        p->row++, p->col = 0;
    }
    return SHEET_OK;
}

sheet_status sheet_read_csv(arena *a, const unsigned char *bytes, size_t len,
                            const sheet_limits *limits, sheet **out, char *error, size_t error_size)
{
    const char *text = (const char *)bytes;
    if (len >= 2 &&
        ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        snprintf(error, error_size,
                 _("UTF-16 text (Excel's \"Unicode Text\"); save the file as CSV UTF-8"));
        return SHEET_BROKEN;
    }
    if (memchr(bytes, 0, len)) {
        snprintf(error, error_size, _("the file holds NUL bytes, so it is not CSV text"));
        return SHEET_BROKEN;
    }
    if (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3))
        text += 3, len -= 3;
    if (utf8_first_invalid(text, len) < len) {
        text = from_gb18030(a, text, len, &len, error, error_size);
        if (!text)
            return SHEET_BROKEN;
    }
    sheet *s = arena_alloc(a, sizeof *s);
    csv_parser p = {.a = a, .s = s, .limits = limits};
    sheet_status status = parse(&p, text, len, error, error_size);
    if (status != SHEET_OK)
        return status;
    sheet_finish(s);
    *out = s;
    return SHEET_OK;
}
