#include "template_values.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "load.h"

/* A length: a number in default_unit, or a string such as 0.35mm or 12pt. */
bool length_value(reader *r, const tree_node *n, const char *path, bool mm, double *out)
{
    if (!want(r, n, NODE_SCALAR, path, N_("a length such as 12pt or 0.35mm")))
        return false;
    char *end;
    errno = 0;
    double v = strtod(n->value, &end);
    if (end != n->value && errno == 0 && v >= 0 && v < 10000) {
        if (!*end) {
            *out = mm ? MM(v) : v;
            return true;
        }
        if (!strcmp(end, "mm")) {
            *out = MM(v);
            return true;
        }
        if (!strcmp(end, "pt")) {
            *out = v;
            return true;
        }
    }
    diag_error(r->diags, n->pos, path, _("expected a length such as %s, found `%s`"),
               mm ? _("37 (mm) or 37mm") : _("12 (pt) or 0.35mm"), n->value);
    return false;
}

/* A type size: points, or a Chinese size name (初号 … 八号). */
bool size_value(reader *r, const tree_node *n, const char *path, double *out)
{
    static const struct {
        const char *name;
        double pt;
    } names[] = {{"初号", 42},  {"小初", 36},  {"一号", 26},   {"小一", 24},
                 {"二号", 22},  {"小二", 18},  {"三号", 16},   {"小三", 15},
                 {"四号", 14},  {"小四", 12},  {"五号", 10.5}, {"小五", 9},
                 {"六号", 7.5}, {"小六", 6.5}, {"七号", 5.5},  {"八号", 5}};
    if (n->kind == NODE_SCALAR)
        for (size_t i = 0; i < COUNT(names); i++)
            if (!strcmp(n->value, names[i].name)) {
                *out = names[i].pt;
                return true;
            }
    if (n->kind == NODE_SCALAR && (n->value[0] < '0' || n->value[0] > '9')) {
        diag_error(
            r->diags, n->pos, path,
            _("expected a size in points or a size name (初号 小初 一号 … 八号), found `%s`"),
            n->value);
        return false;
    }
    return length_value(r, n, path, false, out) &&
           (*out > 0 || (diag_error(r->diags, n->pos, path, _("a size must be above 0")), false));
}

bool colour_value(reader *r, const tree_node *n, const char *path, colour *out)
{
    unsigned v;
    char tail;
    if (n->kind == NODE_SCALAR && !strcmp(n->value, "red")) {
        *out = r->t->red;
        return true;
    }
    if (n->kind == NODE_SCALAR && n->len == 7 && sscanf(n->value, "#%6x%c", &v, &tail) == 1) {
        *out = colour_from_hex(v);
        return true;
    }
    diag_error(r->diags, n->pos, path, _("expected a colour written #RRGGBB, or red"));
    return false;
}

/* Four percentages of cyan, magenta, yellow and black: [0, 100, 100, 0]. */
bool cmyk_value(reader *r, const tree_node *n, const char *path, colour *out)
{
    colour c = {COLOUR_CMYK, {0, 0, 0, 0}};
    bool ok = n->kind == NODE_SEQUENCE && n->count == 4;
    for (size_t i = 0; ok && i < 4; i++) {
        const tree_node *item = n->items[i];
        char *end = NULL;
        double v = item->kind == NODE_SCALAR ? strtod(item->value, &end) : -1;
        ok = item->kind == NODE_SCALAR && end != item->value && !*end && v >= 0 && v <= 100;
        c.v[i] = (float)(v / 100);
    }
    if (ok) {
        *out = c;
        return true;
    }
    diag_error(r->diags, n->pos, path,
               _("expected four percentages of cyan, magenta, yellow and black, such as "
                 "[0, 100, 100, 0]"));
    return false;
}

const char *text_value(reader *r, const tree_node *n, const char *path)
{
    return want(r, n, NODE_SCALAR, path, N_("text")) ? n->value : NULL;
}

bool text_forms(reader *r, const tree_node *n, const char *path, const char *out[2])
{
    static const char *const keys[] = {"hans", "hant"};
    if (n->kind == NODE_SCALAR) {
        out[0] = out[1] = n->value;
        return true;
    }
    if (!want(r, n, NODE_MAPPING, path,
              _("text, or a mapping {hans, hant} of its simplified and "
                "traditional forms")))
        return false;
    report_unknown_keys(r->diags, n, path, keys, COUNT(keys));
    const char *forms[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        const tree_node *v = get(n, keys[i]);
        if (v)
            forms[i] = text_value(r, v, arena_printf(r->diags->arena, "%s.%s", path, keys[i]));
    }
    if (!forms[0] && !forms[1]) {
        diag_error(r->diags, n->pos, path, _("expected hans, hant or both"));
        return false;
    }
    out[0] = forms[0] ? forms[0] : forms[1];
    out[1] = forms[1] ? forms[1] : forms[0];
    return true;
}

/* Every {field} in the format v must be one of `fields`: anything else in
 * braces would be printed as it is written. */
bool known_fields(reader *r, const tree_node *v, const char *path, const char *const *fields,
                  size_t field_count)
{
    const char *f = v->value;
    for (const char *p = strchr(f, '{'); p; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        bool known = false;
        for (size_t i = 0; close && i < field_count && !known; i++)
            known = strlen(fields[i]) == (size_t)(close - p + 1) &&
                    !strncmp(p, fields[i], (size_t)(close - p + 1));
        if (known)
            continue;
        const char *list = "";
        for (size_t i = 0; i < field_count; i++)
            list = arena_printf(r->diags->arena, "%s%s%s", list, i ? " " : "", fields[i]);
        diag_error(r->diags, scalar_char_position(r->src, v, (size_t)(p - f)), path,
                   _("`%.*s` is not a field of this format; use %s"),
                   close ? (int)(close - p + 1) : (int)strlen(p), p, list);
        return false;
    }
    return true;
}

bool format_forms(reader *r, const tree_node *n, const char *path, const char *out[2],
                  const char *const *fields, size_t field_count)
{
    static const char *const keys[] = {"hans", "hant"};
    if (!text_forms(r, n, path, out))
        return false;
    for (int i = 0; i < 2; i++) {
        const tree_node *v = n->kind == NODE_SCALAR ? n : get(n, keys[i]);
        if (v && v->kind == NODE_SCALAR && !known_fields(r, v, path, fields, field_count))
            return false;
    }
    return true;
}

int choice_value(reader *r, const tree_node *n, const char *path, const char *const *words,
                 int count)
{
    for (int i = 0; n->kind == NODE_SCALAR && i < count; i++)
        if (!strcmp(n->value, words[i]))
            return i;
    const char *list = "";
    for (int i = 0; i < count; i++)
        list = arena_printf(r->diags->arena, "%s%s%s", list,
                            /* TRANSLATORS: between the words of a list of values */
                            i ? (i + 1 == count ? _(" or ") : _(", ")) : "", words[i]);
    if (n->kind == NODE_SCALAR)
        diag_error(r->diags, n->pos, path, _("expected %s, found `%s`"), list, n->value);
    else
        diag_error(r->diags, n->pos, path, _("expected %s"), list);
    return -1;
}
