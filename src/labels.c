/* labels: rich text the layout composes: a label before the input's text,
 * the issue line and the source line filled in from the template's formats. */
#include "layout_internal.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

rich_text prefixed(layouter *L, const char *label, const rich_text *text, const char *suffix)
{
    size_t n = text->count + 2;
    span *spans = arena_alloc(L->arena, n * sizeof *spans);
    size_t k = 0;
    if (label && *label)
        spans[k++] = (span){label, strlen(label), false, NULL, 0, false, NULL};
    for (size_t i = 0; i < text->count; i++)
        spans[k++] = text->spans[i];
    if (suffix && *suffix)
        spans[k++] = (span){suffix, strlen(suffix), false, NULL, 0, false, NULL};
    return (rich_text){spans, k};
}

/* a, then separator, then b */
rich_text concat(layouter *L, const rich_text *a, const rich_text *b, const char *separator)
{
    rich_text head = prefixed(L, NULL, a, separator);
    rich_text out = {arena_alloc(L->arena, (head.count + b->count + 1) * sizeof(span)), 0};
    for (size_t i = 0; i < head.count; i++)
        out.spans[out.count++] = head.spans[i];
    for (size_t i = 0; i < b->count; i++)
        out.spans[out.count++] = b->spans[i];
    return out;
}

rich_text plain_text(layouter *L, const char *s)
{
    return prefixed(L, s, &(rich_text){0}, NULL);
}

/* 2022年第8期 or 〔2022〕8号, as the template writes {year} and {issue};
 * a part whose number is missing is left out. */
rich_text issue_text(layouter *L)
{
    const bulletin *b = L->b;
    if (!b->masthead_issue && !b->masthead_year)
        return (rich_text){0};
    const char *f = L->t->issue_format[L->lang], *out = "";
    while (*f) {
        if (!strncmp(f, "{year}", 6)) {
            if (b->masthead_year)
                out = arena_printf(L->arena, "%s%d", out, b->masthead_year);
            f += 6;
        } else if (!strncmp(f, "{issue}", 7)) {
            if (b->masthead_issue)
                out = arena_printf(L->arena, "%s%d", out, b->masthead_issue);
            f += 7;
        } else {
            out = arena_printf(L->arena, "%s%c", out, *f++);
        }
    }
    if (!b->masthead_year && !strncmp(out, "年", strlen("年")))
        out += strlen("年");
    return plain_text(L, out);
}

/* The template's source line: {source} {author} {date} {date_iso} filled in;
 * a part between ideographic spaces whose fields are all empty is left out,
 * and so is the date under a masthead that shows it. */
rich_text source_line(layouter *L)
{
    const bulletin *b = L->b;
    const char *format = L->t->source_line[L->lang];
    rich_text out = {0};
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", b->year, b->month, b->day);
    const char *sep = "　";
    /* the date is printed once: the bulletin masthead's line carries it */
    bool dated = !(b->has_masthead && L->t->masthead == MASTHEAD_BULLETIN);
    while (format && *format) {
        const char *end = strstr(format, sep);
        size_t len = end ? (size_t)(end - format) : strlen(format);
        rich_text part = {0};
        bool filled = false, empty = false;
        for (const char *p = format; p < format + len;) {
            const rich_text *field = NULL;
            rich_text date = {0};
            size_t skip = 0;
            if (!strncmp(p, "{source}", 8))
                field = &b->source, skip = 8;
            else if (!strncmp(p, "{author}", 8))
                field = &b->author, skip = 8;
            else if (!strncmp(p, "{date}", 6))
                date = dated ? plain_text(L, b->date_text) : date, field = &date, skip = 6;
            else if (!strncmp(p, "{date_iso}", 10))
                date = dated ? plain_text(L, arena_strdup(L->arena, iso)) : date, field = &date,
                skip = 10;
            if (field) {
                filled |= field->count > 0;
                empty |= field->count == 0;
                part = concat(L, &part, field, "");
                p += skip;
                continue;
            }
            size_t n = 1;
            uint32_t cp;
            n = utf8_decode(p, (size_t)(format + len - p), &cp);
            part = prefixed(L, NULL, &part, arena_strndup(L->arena, p, n ? n : 1));
            p += n ? n : 1;
        }
        if (filled || !empty)
            out = out.count ? concat(L, &out, &part, sep) : part;
        format = end ? end + strlen(sep) : NULL;
    }
    return out;
}
