#include "load_internal.h"

#include <string.h>

#include "i18n.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static bool starts_with_magnitude(const char *unit)
{
    static const char *const words[] = {"万", "亿", "萬", "億"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strncmp(unit, words[i], strlen(words[i])))
            return true;
    return false;
}

/* The fix for 3.5万 or 60份: the number alone, and the unit where it belongs. */
static const char *unit_advice(loader *l, const char *text, const number_reading *r,
                               const number_place *place)
{
    if (!strcmp(place->key, "copies"))
        return arena_printf(l->arena,
                            _("`%s`: write the number alone, `copies: %s`; 共印…份 is "
                              "printed around it"),
                            text, r->number);
    const char *unit = r->suffix;
    if (r->status == NUMBER_MAGNITUDE && place->unit) {
        size_t m = strlen("万");
        unit = starts_with_magnitude(place->unit->value)
                   ? place->unit->value
                   : arena_printf(l->arena, "%.*s%s", (int)m, r->suffix, place->unit->value);
    }
    if (r->status == NUMBER_MAGNITUDE)
        return arena_printf(l->arena,
                            _("`%s`: %.*s belongs in the unit; write `%s: %s` with "
                              "`unit: %s`"),
                            text, (int)strlen("万"), r->suffix, place->key, r->number, unit);
    return arena_printf(l->arena,
                        _("`%s`: the unit belongs in `unit`; write `%s: %s` with "
                          "`unit: %s`"),
                        text, place->key, r->number, unit);
}

/* A number as people write it (input format 1.1), or an error saying what to
 * write instead. `place` may be NULL where no unit can stand beside it. */
bool read_number(loader *l, const tree_node *n, const char *path, int flags,
                 const number_place *place, number_reading *out)
{
    if (!expect_kind(l, n, NODE_SCALAR, path, N_("a number")))
        return false;
    *out = number_read(l->arena, n->value, n->len, flags);
    if (out->status == NUMBER_OK)
        return true;
    bool unit = out->status == NUMBER_MAGNITUDE || out->status == NUMBER_UNIT;
    diag_error(l->diags, n->pos, path, "%s",
               unit && place ? unit_advice(l, n->value, out, place)
                             : number_problem(l->arena, n->value, out));
    return false;
}

bool integer_value(loader *l, const tree_node *n, const char *path, long lo, long hi, int *out)
{
    number_reading r;
    number_place copies = {"copies", NULL};
    bool is_copies = strstr(path, "copies") != NULL;
    if (!read_number(l, n, path, NUMBER_ALLOW_NEGATIVE, is_copies ? &copies : NULL, &r))
        return false;
    long v;
    if (!decimal_to_long(&r.value, &v) || v < lo || v > hi) {
        diag_error(l->diags, n->pos, path, _("expected a whole number from %ld to %ld, found `%s`"),
                   lo, hi, n->value);
        return false;
    }
    *out = (int)v;
    return true;
}

/* In a flow collection YAML ends a plain scalar at a comma, so {value: 1,234}
 * arrives as the value 1 and a key 234. True when `next` is such a piece:
 * three digits standing right after a comma that follows `number`. */
/* Three digits, and a fraction after them: the piece after a grouping comma. */
static bool is_digit_group(const tree_node *n)
{
    if (n->len < 3 || strspn(n->value, "0123456789") != 3)
        return false;
    const char *rest = n->value + 3;
    return !*rest ||
           (rest[0] == '.' && rest[1] && strspn(rest + 1, "0123456789") == strlen(rest + 1));
}

bool split_at_comma(const loader *l, const tree_node *number, const tree_node *next)
{
    if (number->kind != NODE_SCALAR || next->kind != NODE_SCALAR || number->style != SCALAR_PLAIN ||
        next->style != SCALAR_PLAIN || !is_digit_group(next) || !number->len ||
        strspn(number->value, "0123456789") != number->len)
        return false;
    const char *src = l->doc->src.bytes;
    return next->src_begin == number->src_end + 1 && src[number->src_end] == ',';
}

void report_split(loader *l, const tree_node *number, const char *path, const char *joined,
                  const char *brackets)
{
    const char *plain = arena_strdup(l->arena, joined);
    char *w = (char *)plain;
    for (const char *p = joined; *p; p++)
        if (*p != ',')
            *w++ = *p;
    *w = 0;
    diag_error(l->diags, number->pos, path,
               _("inside %s YAML splits a number at its comma, so `%s` reads as several values; "
                 "write %s, or quote it: \"%s\""),
               brackets, joined, plain, joined);
}

/* A mapping with {key: 1,234} pieces put back together (and reported), so
 * that the rest of the loader sees the number once and no stray key. */
const tree_node *join_split_numbers(loader *l, const tree_node *map, const char *path)
{
    if (map->kind != NODE_MAPPING)
        return map;
    tree_node *copy = NULL;
    for (size_t i = 0; i + 1 < map->count; i++) {
        const tree_node *value = copy ? copy->items[i] : map->items[i];
        size_t j = i + 1;
        const tree_node *const *keys =
            copy ? (const tree_node *const *)copy->keys : (const tree_node *const *)map->keys;
        size_t count = copy ? copy->count : map->count;
        const char *joined = value->value;
        const tree_node *last = value;
        while (j < count && split_at_comma(l, last, keys[j]) &&
               is_null(copy ? copy->items[j] : map->items[j]))
            joined = arena_printf(l->arena, "%s,%s", joined, keys[j]->value), last = keys[j++];
        if (j == i + 1)
            continue;
        if (!copy) {
            copy = arena_alloc(l->arena, sizeof *copy);
            *copy = *map;
            copy->keys = arena_alloc(l->arena, map->count * sizeof *copy->keys);
            copy->items = arena_alloc(l->arena, map->count * sizeof *copy->items);
            memcpy(copy->keys, map->keys, map->count * sizeof *copy->keys);
            memcpy(copy->items, map->items, map->count * sizeof *copy->items);
        }
        report_split(l, value, child_path(l, path, copy->keys[i]->value), joined, "{…}");
        tree_node *whole = arena_alloc(l->arena, sizeof *whole);
        *whole = *value;
        whole->value = joined;
        whole->len = strlen(joined);
        whole->src_end = last->src_end;
        copy->items[i] = whole;
        memmove(copy->keys + i + 1, copy->keys + j, (copy->count - j) * sizeof *copy->keys);
        memmove(copy->items + i + 1, copy->items + j, (copy->count - j) * sizeof *copy->items);
        copy->count -= j - i - 1;
    }
    return copy ? copy : map;
}

/* ---- figures ----------------------------------------------------------- */

static bool valid_name(const char *s)
{
    if (!*s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* A figure's value or previous: a number that is not negative. */
static bool figure_number(loader *l, const figure *f, const tree_node *n, const char *key,
                          decimal *value, const char **text)
{
    number_place place = {key, f->unit};
    number_reading r;
    const char *path = child_path(l, f->path, key);
    if (n->kind == NODE_MAPPING) { /* {from, sheet, cell}: one cell of a spreadsheet */
        const char *number;
        const tree_node *cell;
        if (!sheet_figure_value(&l->sheets, n, path, &number, &cell))
            return false;
        r = number_read(l->arena, number, strlen(number), NUMBER_ALLOW_NEGATIVE);
        if (r.status != NUMBER_OK || r.value.negative) {
            diag_error(l->diags, cell->pos, cell->sheet->path,
                       r.status != NUMBER_OK ? _("the number %s has too many digits for a figure")
                                             : _("a figure cannot be negative (found %s)"),
                       cell->value);
            return false;
        }
        *value = r.value;
        *text = cell->value; /* as the spreadsheet shows it */
        return true;
    }
    if (!read_number(l, n, path, NUMBER_ALLOW_NEGATIVE, &place, &r))
        return false;
    if (r.value.negative) {
        diag_error(l->diags, n->pos, path, _("a figure cannot be negative (found %s)"), n->value);
        return false;
    }
    *value = r.value;
    *text = r.text;
    return true;
}

/* A percentage (stated_share, stated_change), with or without its %. */
static bool percent_number(loader *l, const tree_node *n, const char *path, bool negative_ok,
                           decimal *out)
{
    number_reading r;
    if (!read_number(l, n, path, NUMBER_ALLOW_PERCENT | NUMBER_ALLOW_NEGATIVE, NULL, &r))
        return false;
    if (r.value.negative && !negative_ok) {
        diag_error(l->diags, n->pos, path, _("a share cannot be negative"));
        return false;
    }
    *out = r.value;
    return true;
}

static void load_growth(loader *l, figure *f, const tree_node *n)
{
    const tree_node *p = key_value(n, "previous");
    if (p && figure_number(l, f, p, "previous", &f->previous_value, &f->previous_text))
        f->previous = p;
    const tree_node *c = key_value(n, "compare");
    const char *cpath = child_path(l, f->path, "compare");
    if (c && string_value(l, c, cpath, true)) {
        if (!strcmp(c->value, "同比"))
            f->compare = COMPARE_YEAR;
        else if (!strcmp(c->value, "环比") || !strcmp(c->value, "環比"))
            f->compare = COMPARE_MONTH;
        else
            diag_error(l->diags, c->pos, cpath,
                       _("expected 同比 (against the same period last year) or 环比 (against the "
                         "period before), found `%s`"),
                       c->value);
        f->compare_node = f->compare ? c : NULL;
    }
    const tree_node *s = key_value(n, "stated_change");
    if (s && percent_number(l, s, child_path(l, f->path, "stated_change"), true,
                            &f->stated_change_value))
        f->stated_change = s;
}

static void load_figure(loader *l, figure *f, const tree_node *name, const tree_node *n)
{
    static const char *const keys[] = {"label",    "value",    "unit",
                                       "approx",   "share_of", "stated_share",
                                       "previous", "compare",  "stated_change"};
    static const char *const approx[] = {"多", "余", "以上", "约", "近", "餘", "約"};
    f->name = name->value;
    f->path = arena_printf(l->arena, "figures.%s", name->value);
    f->node = n;
    if (!valid_name(name->value))
        diag_error(
            l->diags, name->pos, "figures",
            _("`%s` cannot name a figure: use letters, digits and _, starting with a letter"),
            name->value);
    if (!expect_kind(l, n, NODE_MAPPING, f->path, N_("a mapping with label and value")))
        return;
    n = join_split_numbers(l, n, f->path);
    check_keys(l, n, f->path, keys, COUNT(keys));
    f->label = string_value(l, key_required(l, n, "label", f->path),
                            child_path(l, f->path, "label"), true);
    f->unit = string_value(l, key_value(n, "unit"), child_path(l, f->path, "unit"), false);
    const tree_node *v = key_required(l, n, "value", f->path);
    if (v && figure_number(l, f, v, "value", &f->value, &f->value_text))
        f->value_node = v;
    const tree_node *a = key_value(n, "approx");
    if (a && string_value(l, a, child_path(l, f->path, "approx"), true)) {
        bool ok = false;
        for (size_t i = 0; i < COUNT(approx) && !ok; i++)
            ok = strcmp(a->value, approx[i]) == 0;
        if (ok)
            f->approx = a;
        else
            diag_error(l->diags, a->pos, child_path(l, f->path, "approx"),
                       _("`%s` is not an approximation word; use one of 多 余 以上 约 近 (餘 約)"),
                       a->value);
    }
    f->share_of =
        string_value(l, key_value(n, "share_of"), child_path(l, f->path, "share_of"), true);
    const tree_node *s = key_value(n, "stated_share");
    const char *spath = child_path(l, f->path, "stated_share");
    if (s && percent_number(l, s, spath, false, &f->stated_share_value)) {
        if (!f->share_of)
            diag_error(l->diags, s->pos, spath,
                       _("stated_share needs share_of: the share of what?"));
        else
            f->stated_share = s;
    }
    load_growth(l, f, n);
}

void load_figures(loader *l, const tree_node *n)
{
    if (!n || !expect_kind(l, n, NODE_MAPPING, "figures", N_("a mapping of named figures")))
        return;
    if (over_limit(l, n->count, l->limits->figures, n, "figures", N_("figures"), "figures"))
        return;
    document *d = l->doc;
    d->figures = arena_alloc(l->arena, (n->count + 1) * sizeof *d->figures);
    d->figure_count = n->count;
    for (size_t i = 0; i < n->count; i++)
        load_figure(l, &d->figures[i], n->keys[i], n->items[i]);
}
