/* load_chart: a chart block (input format 1.1): its type, its texts and
 * exactly one source of data. Written-out values are read here as numbers;
 * values from figures and tables are found by resolve. */
#include "load_internal.h"

#include <string.h>

#include "i18n.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

static bool chart_kind_of(loader *l, const tree_node *n, const char *path, chart_kind *out)
{
    static const char *const words[] = {"bar", "barh", "line", "pie"};
    if (!string_value(l, n, path, true))
        return false;
    for (size_t i = 0; i < COUNT(words); i++)
        if (!strcmp(n->value, words[i]))
            return *out = (chart_kind)i, true;
    diag_error(l->diags, n->pos, path,
               _("expected bar, barh, line or pie (柱状图, 条形图, 折线图, 饼图), found `%s`"),
               n->value);
    return false;
}

/* The keys naming a source of data, one of which a chart must have. */
static const char *const sources[] = {"figures", "table", "from", "categories"};

/* Exactly one source; `series` goes with `categories`. */
static bool one_source(loader *l, const tree_node *n, const char *path)
{
    const tree_node *first = NULL;
    const char *first_key = NULL;
    bool ok = true;
    for (size_t i = 0; i < n->count; i++) {
        const char *key = n->keys[i]->value;
        bool source = !strcmp(key, "series");
        for (size_t s = 0; s < COUNT(sources); s++)
            source = source || !strcmp(key, sources[s]);
        if (!source)
            continue;
        bool pair = first_key && ((!strcmp(key, "series") && !strcmp(first_key, "categories")) ||
                                  (!strcmp(key, "categories") && !strcmp(first_key, "series")));
        if (first && !pair) {
            diag_error(l->diags, n->keys[i]->pos, child_path(l, path, key),
                       _("a chart takes its data from one source, and `%s` is given already; "
                         "keep one of `%s` and `%s`"),
                       first_key, first_key, key);
            ok = false;
        } else if (!first) {
            first = n->keys[i], first_key = key;
        }
    }
    if (!first) {
        diag_error(l->diags, n->pos, path,
                   _("a chart needs its data: `figures: [names]`, `table: ID`, or "
                     "`categories` with `series`"));
        return false;
    }
    bool categories = key_value(n, "categories"), series = key_value(n, "series");
    if (ok && categories != series) {
        diag_error(l->diags, n->pos, path,
                   series ? _("`series` needs `categories`: the names under the bars, one for "
                              "each value")
                          : _("`categories` needs `series`: a list of `{name, values}`"));
        ok = false;
    }
    return ok;
}

/* A list of text with at least one item. */
static bool text_list(loader *l, const tree_node *n, const char *path, const char *what)
{
    if (!expect_kind(l, n, NODE_SEQUENCE, path, what))
        return false;
    if (!n->count) {
        diag_error(l->diags, n->pos, path, _("the list is empty: a chart needs data to draw"));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n->count; i++)
        ok = string_value(l, n->items[i], index_path(l, path, i), true) && ok;
    return ok;
}

/* values: [12, 1,234] arrives as three values; each split number is reported. */
static bool values_split(loader *l, const tree_node *values, const char *path)
{
    bool found = false;
    for (size_t i = 0; i + 1 < values->count; i++) {
        size_t j = i + 1;
        const char *joined = values->items[i]->value;
        while (j < values->count && split_at_comma(l, values->items[j - 1], values->items[j]))
            joined = arena_printf(l->arena, "%s,%s", joined, values->items[j++]->value);
        if (j == i + 1)
            continue;
        report_split(l, values->items[i], index_path(l, path, i), joined, "[…]");
        found = true;
        i = j - 1;
    }
    return found;
}

static bool load_values(loader *l, chart *c, chart_series *s, const tree_node *values,
                        const char *path)
{
    if (!expect_kind(l, values, NODE_SEQUENCE, path, _("a list of numbers")) ||
        values_split(l, values, path))
        return false;
    s->values = (const tree_node **)values->items;
    s->count = values->count;
    bool ok = true;
    for (size_t i = 0; i < values->count; i++) {
        const char *vpath = index_path(l, path, i);
        number_reading r;
        if (!read_number(l, values->items[i], vpath, NUMBER_ALLOW_NEGATIVE, NULL, &r)) {
            ok = false;
        } else if (c->kind == CHART_PIE && r.value.negative) {
            diag_error(l->diags, values->items[i]->pos, vpath,
                       _("a pie shows shares of a whole, and `%s` is negative; draw values "
                         "below zero as `type: bar`"),
                       values->items[i]->value);
            ok = false;
        }
    }
    return ok;
}

static bool load_series(loader *l, chart *c, const tree_node *n, const char *path)
{
    static const char *const keys[] = {"name", "values"};
    if (!expect_kind(l, n, NODE_SEQUENCE, path, _("a list of series: `{name, values}`")))
        return false;
    if (!n->count) {
        diag_error(l->diags, n->pos, path, _("the list is empty: a chart needs data to draw"));
        return false;
    }
    if (c->kind == CHART_PIE && n->count > 1) {
        diag_error(l->diags, n->items[1]->pos, index_path(l, path, 1),
                   _("a pie takes one series, and %zu are given; draw several series as "
                     "`type: bar`"),
                   n->count);
        return false;
    }
    c->series = arena_alloc(l->arena, n->count * sizeof *c->series);
    c->series_count = n->count;
    bool ok = true;
    for (size_t i = 0; i < n->count; i++) {
        chart_series *s = &c->series[i];
        const tree_node *item = n->items[i];
        s->path = index_path(l, path, i);
        if (!expect_kind(l, item, NODE_MAPPING, s->path, _("a series: `{name, values}`"))) {
            ok = false;
            continue;
        }
        check_keys(l, item, s->path, keys, COUNT(keys));
        s->name = string_value(l, key_value(item, "name"), child_path(l, s->path, "name"), true);
        if (!s->name && n->count > 1 && !key_value(item, "name")) {
            diag_error(l->diags, item->pos, s->path,
                       _("with several series each needs a `name`, which the legend prints"));
            ok = false;
        }
        const tree_node *values = key_required(l, item, "values", s->path);
        ok = values && load_values(l, c, s, values, child_path(l, s->path, "values")) && ok;
    }
    return ok;
}

/* Every series holds one value for each category. */
static bool same_lengths(loader *l, const chart *c)
{
    bool ok = true;
    size_t categories = c->categories->count;
    for (size_t i = 0; i < c->series_count; i++) {
        const chart_series *s = &c->series[i];
        if (s->count == categories)
            continue;
        const tree_node *values = s->count ? s->values[0] : c->categories;
        diag_error(l->diags, values->pos, child_path(l, s->path, "values"),
                   _("values: %zu, categories: %zu; give one value for each category, in "
                     "their order"),
                   s->count, categories);
        ok = false;
    }
    return ok;
}

static bool load_written_data(loader *l, chart *c, const tree_node *n, const char *path)
{
    const tree_node *cats = key_value(n, "categories");
    const char *cpath = child_path(l, path, "categories");
    bool ok = text_list(l, cats, cpath, _("a list of category names"));
    if (ok)
        c->categories = cats;
    ok = load_series(l, c, key_value(n, "series"), child_path(l, path, "series")) && ok;
    return ok && same_lengths(l, c);
}

/* The keys that only go with one source. */
static bool companions(loader *l, const tree_node *n, const char *path)
{
    static const struct {
        const char *key, *needs;
    } pairs[] = {{"columns", "table"}, {"sheet", "from"}, {"range", "from"}};
    bool ok = true;
    for (size_t i = 0; i < COUNT(pairs); i++) {
        const tree_node *v = key_value(n, pairs[i].key);
        if (v && !key_value(n, pairs[i].needs)) {
            diag_error(l->diags, v->pos, child_path(l, path, pairs[i].key),
                       _("`%s` goes with `%s`, which this chart does not have"), pairs[i].key,
                       pairs[i].needs);
            ok = false;
        }
    }
    return ok;
}

static bool load_data(loader *l, chart *c, const tree_node *n, const char *path)
{
    if (!one_source(l, n, path) | !companions(l, n, path))
        return false;
    const tree_node *v;
    if ((v = key_value(n, "figures"))) {
        c->figures = v;
        return text_list(l, v, child_path(l, path, "figures"), _("a list of figure names"));
    }
    if ((v = key_value(n, "table"))) {
        c->table_id = string_value(l, v, child_path(l, path, "table"), true);
        c->columns = key_value(n, "columns");
        bool ok = !c->columns ||
                  text_list(l, c->columns, child_path(l, path, "columns"), _("a list of headers"));
        return c->table_id && ok;
    }
    if ((v = key_value(n, "from"))) { /* read as a table's range: header row, then rows */
        c->from = v;
        table *t = arena_alloc(l->arena, sizeof *t);
        t->path = path, t->node = n;
        int errors = l->diags->errors;
        load_table_from(l, t, n, path);
        c->sheet_table = t;
        return l->diags->errors == errors && t->column_count;
    }
    return load_written_data(l, c, n, path);
}

chart *load_chart(loader *l, const tree_node *n, const char *path)
{
    static const char *const keys[] = {"type", "title", "unit",  "figures",    "table",  "columns",
                                       "from", "sheet", "range", "categories", "series", "note"};
    if (!expect_kind(l, n, NODE_MAPPING, path, _("a chart mapping {type, title, …}")))
        return NULL;
    check_keys(l, n, path, keys, COUNT(keys));
    chart *c = arena_alloc(l->arena, sizeof *c);
    c->path = path;
    c->node = n;
    const tree_node *type = key_required(l, n, "type", path);
    bool ok = type && chart_kind_of(l, type, child_path(l, path, "type"), &c->kind);
    c->title = string_value(l, key_value(n, "title"), child_path(l, path, "title"), false);
    c->unit = string_value(l, key_value(n, "unit"), child_path(l, path, "unit"), false);
    c->note = string_value(l, key_value(n, "note"), child_path(l, path, "note"), false);
    ok = load_data(l, c, n, path) && ok;
    return ok ? c : NULL;
}
