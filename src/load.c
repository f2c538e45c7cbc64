#include "load_internal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "slips.h"
#include "utf8.h"

/* A bound passed: said once, and the stages after load do not run. */
bool over_limit(loader *l, size_t count, size_t limit, const tree_node *n, const char *path,
                const char *what, const char *name)
{
    if (!limit || count <= limit)
        return false;
    if (!l->diags->stop)
        diag_error(l->diags, n->pos, path, _("more than %zu %s; raise the bound with --limit %s=N"),
                   limit, _(what), name);
    l->diags->stop = true;
    return true;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* ---- generic checks ---------------------------------------------------- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40 || la > lb + 2 || lb > la + 2)
        return 99;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
        size_t least = row[0];
        for (size_t j = 1; j <= lb; j++)
            least = row[j] < least ? row[j] : least;
        if (least > 2)
            return 99; /* no hint is further than 2 edits: stop early */
    }
    return row[lb];
}

const char *closest_word(const char *word, const char *const *known, size_t count)
{
    const char *best = NULL;
    size_t best_distance = 3;
    for (size_t i = 0; i < count; i++) {
        size_t d = edit_distance(word, known[i]);
        size_t allowed = strlen(known[i]) <= 4 ? 1 : 2;
        if (d <= allowed && d < best_distance)
            best = known[i], best_distance = d;
    }
    return best;
}

const char *child_path(loader *l, const char *path, const char *key)
{
    return *path ? arena_printf(l->arena, "%s.%s", path, key) : arena_strdup(l->arena, key);
}

const char *index_path(loader *l, const char *path, size_t i)
{
    return arena_printf(l->arena, "%s[%zu]", path, i);
}

static const char *kind_name(const tree_node *n)
{
    return n->kind == NODE_MAPPING    ? _("a mapping")
           : n->kind == NODE_SEQUENCE ? _("a list")
                                      : _("a value");
}

bool expect_kind(loader *l, const tree_node *n, node_kind kind, const char *path, const char *what)
{
    if (n->kind == kind)
        return true;
    bool wide_list = n->kind == NODE_SCALAR && !strncmp(n->value, "［", strlen("［"));
    bool wide_map = n->kind == NODE_SCALAR && !strncmp(n->value, "｛", strlen("｛"));
    if (kind != NODE_SCALAR && n->style == SCALAR_PLAIN && (wide_list || wide_map))
        diag_error(l->diags, n->pos, path,
                   _("expected %s, found text in full-width brackets %s, which YAML reads as "
                     "text; type English brackets %s"),
                   _(what), wide_list ? "［ ］" : "｛ ｝", wide_list ? "[ ]" : "{ }");
    else
        diag_error(l->diags, n->pos, path, _("expected %s, found %s"), _(what), kind_name(n));
    return false;
}

void report_unknown_keys(diag_list *diags, const tree_node *map, const char *path,
                         const char *const *known, size_t count)
{
    for (size_t i = 0; i < map->count; i++) {
        const char *key = map->keys[i]->value;
        bool found = false;
        for (size_t k = 0; k < count && !found; k++)
            found = strcmp(key, known[k]) == 0;
        if (found)
            continue;
        if (diag_full(diags)) { /* only counted: no hint needed */
            diag_error(diags, map->keys[i]->pos, path, _("unknown key"));
            continue;
        }
        if (!strcmp(key, "<<") && map->keys[i]->style == SCALAR_PLAIN) {
            diag_error(diags, map->keys[i]->pos, path,
                       _("merge keys (<<) are not supported; write the keys out in full"));
            continue;
        }
        size_t blanks = blanks_before_key(key);
        if (blanks) {
            diag_error(diags, map->keys[i]->pos, path,
                       _("the key `%s` is indented with full-width or no-break spaces, which "
                         "YAML does not count as indentation; indent it with ASCII spaces"),
                       key + blanks);
            continue;
        }
        const char *english = english_key_for(diags->arena, key, known, count);
        if (english) {
            diag_error(diags, map->keys[i]->pos, path,
                       _("unknown key `%s`; keys are typed in English letters: write `%s`"), key,
                       english);
            continue;
        }
        const char *hint = closest_word(key, known, count);
        if (hint) {
            diag_error(diags, map->keys[i]->pos, path, _("unknown key `%s`; did you mean `%s`?"),
                       key, hint);
            continue;
        }
        const char *list = "";
        for (size_t k = 0; k < count && k < 3; k++)
            /* TRANSLATORS: between the words of a list of keys or values */
            list = arena_printf(diags->arena, "%s%s%s", list, k ? _(", ") : "", known[k]);
        diag_error(diags, map->keys[i]->pos, path,
                   count > 3 ? _("unknown key `%s`; the keys here are %s, …")
                             : _("unknown key `%s`; the keys here are %s"),
                   key, list);
    }
}

void check_keys(loader *l, const tree_node *map, const char *path, const char *const *known,
                size_t count)
{
    report_unknown_keys(l->diags, map, path, known, count);
}

const tree_node *key_value(const tree_node *map, const char *key)
{
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->keys[i]->value, key) == 0)
            return map->items[i];
    return NULL;
}

const tree_node *key_required(loader *l, const tree_node *map, const char *key, const char *path)
{
    const tree_node *v = key_value(map, key);
    if (v)
        return v;
    /* A misspelt key is reported as unknown, with this key as the hint. */
    for (size_t i = 0; i < map->count; i++)
        if (closest_word(map->keys[i]->value, &key, 1) ||
            english_key_for(l->arena, map->keys[i]->value, &key, 1))
            return NULL;
    diag_error(l->diags, map->pos, path, _("missing required key `%s`"), key);
    return NULL;
}

bool is_null(const tree_node *n)
{
    return n->kind == NODE_SCALAR && n->style == SCALAR_PLAIN &&
           (n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0);
}

/* A text value: any scalar but null. */
const tree_node *string_value(loader *l, const tree_node *n, const char *path, bool required)
{
    if (!n)
        return NULL;
    if (text_read_as_mapping(l->diags, &l->doc->src, n, path))
        return NULL;
    if (n->kind == NODE_SCALAR)
        warn_comment_after(l->diags, &l->doc->src, n, path);
    if (!expect_kind(l, n, NODE_SCALAR, path, N_("text")))
        return NULL;
    if (is_null(n) || (required && n->len == 0)) {
        if (required)
            diag_error(l->diags, n->pos, path, _("this text is empty"));
        return NULL;
    }
    return n;
}

/* One line of text that also goes into the PDF's outline or document
 * information, where a string holds at most 65,535 bytes (UTF-16). */
enum { LINE_TEXT_MAX = 4000 };

static const tree_node *line_value(loader *l, const tree_node *n, const char *path, bool required)
{
    const tree_node *v = string_value(l, n, path, required);
    if (v && utf8_length(v->value, v->len) > LINE_TEXT_MAX) {
        diag_error(l->diags, v->pos, path,
                   _("more than %d characters; a title, heading, source, author or masthead "
                     "name must be shorter (long text belongs in a paragraph)"),
                   LINE_TEXT_MAX);
        return NULL;
    }
    return v;
}

/* text: a string, or a list of strings (one paragraph each). */
static const tree_node *text_value(loader *l, const tree_node *n, const char *path)
{
    if (!n)
        return NULL;
    if (n->kind == NODE_SEQUENCE) {
        for (size_t i = 0; i < n->count; i++)
            string_value(l, n->items[i], index_path(l, path, i), true);
        return n;
    }
    return string_value(l, n, path, true);
}

static bool string_list(loader *l, const tree_node *n, const char *path)
{
    if (!n)
        return false;
    if (!expect_kind(l, n, NODE_SEQUENCE, path, N_("a list of text")))
        return false;
    for (size_t i = 0; i < n->count; i++)
        string_value(l, n->items[i], index_path(l, path, i), true);
    return true;
}

/* Where a number stands, for the advice when a unit or magnitude is written
 * inside it: the key (value, previous, copies) and the figure's unit. */
static bool bool_value(loader *l, const tree_node *n, const char *path, bool *out)
{
    if (!expect_kind(l, n, NODE_SCALAR, path, N_("true or false")))
        return false;
    const char *s = n->value;
    if (n->style == SCALAR_PLAIN &&
        (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")))
        return *out = true, true;
    if (n->style == SCALAR_PLAIN &&
        (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")))
        return *out = false, true;
    if (!strcmp(s, "是") || !strcmp(s, "否") || !strcmp(s, "对") || !strcmp(s, "错"))
        diag_error(l->diags, n->pos, path,
                   _("expected true or false, found `%s`; write true for 是 and false for 否"), s);
    else
        diag_error(l->diags, n->pos, path, _("expected true or false, found `%s`"), s);
    return false;
}

static bool date_value_of(loader *l, const tree_node *n, const char *path, date_value *out)
{
    if (!expect_kind(l, n, NODE_SCALAR, path, N_("a date")))
        return false;
    int y, m, d;
    char tail;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n->len != 10 || strspn(n->value, "0123456789") != 4 ||
        strspn(n->value + 5, "0123456789") != 2 || strspn(n->value + 8, "0123456789") != 2 ||
        sscanf(n->value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || n->value[4] != '-' ||
        n->value[7] != '-') {
        if (date_as_typed(n->value, &y, &m, &d)) {
            diag_error(l->diags, n->pos, path,
                       _("expected a date written as YYYY-MM-DD, found `%s`; write %04d-%02d-%02d"),
                       n->value, y, m, d);
            return false;
        }
        diag_error(l->diags, n->pos, path,
                   _("expected a date written as YYYY-MM-DD (e.g. 2022-08-01), found `%s`"),
                   n->value);
        return false;
    }
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap)) {
        diag_error(l->diags, n->pos, path, _("`%s` is not a calendar date"), n->value);
        return false;
    }
    *out = (date_value){y, m, d, n};
    return true;
}

/* ---- tables ------------------------------------------------------------ */

static void load_block(loader *l, block *b, const tree_node *n, const char *path)
{
    static const char *const kinds[] = {"paragraph", "table",      "figure_table",
                                        "list",      "page_break", "chart"};
    b->path = path;
    b->node = n;
    if (n->kind == NODE_SCALAR) {
        b->kind = BLOCK_PARAGRAPH;
        b->text = string_value(l, n, path, true);
        return;
    }
    if (!expect_kind(l, n, NODE_MAPPING, path, N_("a paragraph or a block (table, list, …)")))
        return;
    if (n->count == 1 && (unsigned char)n->keys[0]->value[0] >= 0x80 &&
        !english_key_for(l->arena, n->keys[0]->value, kinds, COUNT(kinds)) &&
        text_read_as_mapping(l->diags, &l->doc->src, n, path))
        return;
    if (n->count != 1) {
        diag_error(l->diags, n->pos, path,
                   _("a block holds exactly one of paragraph, table, figure_table, list, "
                     "page_break, chart; found %zu keys"),
                   n->count);
        if (!n->count)
            return;
    }
    check_keys(l, n, path, kinds, COUNT(kinds));
    const char *key = n->keys[0]->value;
    const tree_node *v = n->items[0];
    const char *vpath = child_path(l, path, key);
    if (!strcmp(key, "paragraph")) {
        b->kind = BLOCK_PARAGRAPH;
        b->text = text_value(l, v, vpath);
    } else if (!strcmp(key, "table")) {
        b->kind = BLOCK_TABLE;
        b->table = load_table(l, v, vpath);
    } else if (!strcmp(key, "figure_table")) {
        b->kind = BLOCK_FIGURE_TABLE;
        b->figure_table = load_figure_table(l, v, vpath);
    } else if (!strcmp(key, "list")) {
        b->kind = BLOCK_LIST;
        if (string_list(l, v, vpath)) {
            b->items = (const tree_node **)v->items;
            b->item_count = v->count;
        }
    } else if (!strcmp(key, "chart")) {
        b->kind = BLOCK_CHART;
        b->chart = load_chart(l, v, vpath);
    } else if (!strcmp(key, "page_break")) {
        bool on = false;
        bool_value(l, v, vpath, &on);
        b->kind = on ? BLOCK_PAGE_BREAK : BLOCK_PARAGRAPH;
    }
}

static void load_sections(loader *l, const tree_node *n, const char *path, int level, section **out,
                          size_t *count);

/* `- content:` under `- heading:` (a dash added to a key indented at the
 * dash): the section has no heading, and the one above has no content. */
static bool content_split_off(loader *l, const tree_node *n, const tree_node *prev,
                              const char *path)
{
    const tree_node *content = key_value(n, "content");
    if (key_value(n, "heading") || !content || !prev || prev->kind != NODE_MAPPING ||
        !key_value(prev, "heading") || key_value(prev, "content"))
        return false;
    const tree_node *heading_key = prev->keys[0];
    for (size_t i = 0; i < prev->count; i++)
        if (!strcmp(prev->keys[i]->value, "heading"))
            heading_key = prev->keys[i];
    diag_error(l->diags, n->pos, path,
               _("this section has content but no heading; if the content belongs to the "
                 "section above (heading on line %d), remove the \"- \" before `content` and "
                 "start `content` at column %d, under `heading`"),
               heading_key->pos.line, heading_key->pos.col);
    return true;
}

static void load_section(loader *l, section *s, const tree_node *n, const char *path, int level,
                         const tree_node *prev)
{
    static const char *const keys[] = {"heading", "numbered", "content", "sections"};
    s->path = path;
    s->node = n;
    s->level = level;
    s->numbered = true;
    if (!expect_kind(l, n, NODE_MAPPING, path, N_("a section mapping with a heading")))
        return;
    check_keys(l, n, path, keys, COUNT(keys));
    if (!content_split_off(l, n, prev, path))
        s->heading = line_value(l, key_required(l, n, "heading", path),
                                child_path(l, path, "heading"), true);
    const tree_node *num = key_value(n, "numbered");
    if (num)
        bool_value(l, num, child_path(l, path, "numbered"), &s->numbered);
    const tree_node *content = key_value(n, "content");
    const char *cpath = child_path(l, path, "content");
    if (content && expect_kind(l, content, NODE_SEQUENCE, cpath, N_("a list of blocks"))) {
        s->blocks = arena_alloc(l->arena, (content->count + 1) * sizeof *s->blocks);
        s->block_count = content->count;
        for (size_t i = 0; i < content->count; i++)
            load_block(l, &s->blocks[i], content->items[i], index_path(l, cpath, i));
    }
    const tree_node *subs = key_value(n, "sections");
    if (subs) {
        if (level >= 4)
            diag_error(l->diags, subs->pos, child_path(l, path, "sections"),
                       _("sections nest at most 4 levels deep (一、 （一） 1. （1）)"));
        else
            load_sections(l, subs, child_path(l, path, "sections"), level + 1, &s->sections,
                          &s->section_count);
    }
}

static void load_sections(loader *l, const tree_node *n, const char *path, int level, section **out,
                          size_t *count)
{
    if (!expect_kind(l, n, NODE_SEQUENCE, path, N_("a list of sections")))
        return;
    l->sections += n->count;
    if (over_limit(l, l->sections, l->limits->sections, n, path, N_("sections"), "sections"))
        return;
    *out = arena_alloc(l->arena, (n->count + 1) * sizeof **out);
    *count = n->count;
    for (size_t i = 0; i < n->count; i++)
        load_section(l, &(*out)[i], n->items[i], index_path(l, path, i), level,
                     i ? n->items[i - 1] : NULL);
}

/* ---- front and back matter --------------------------------------------- */

static void load_masthead(loader *l, const tree_node *n)
{
    static const char *const keys[] = {"name", "year", "issue", "issuer", "classification"};
    if (!n || !expect_kind(l, n, NODE_MAPPING, "masthead", N_("a mapping")))
        return;
    check_keys(l, n, "masthead", keys, COUNT(keys));
    masthead *m = arena_alloc(l->arena, sizeof *m);
    m->node = n;
    m->name = line_value(l, key_required(l, n, "name", "masthead"), "masthead.name", true);
    if ((m->year_node = key_value(n, "year")))
        integer_value(l, m->year_node, "masthead.year", 1900, 9999, &m->year);
    if ((m->issue_node = key_value(n, "issue")))
        integer_value(l, m->issue_node, "masthead.issue", 1, 9999, &m->issue);
    m->issuer = line_value(l, key_value(n, "issuer"), "masthead.issuer", false);
    m->classification =
        string_value(l, key_value(n, "classification"), "masthead.classification", false);
    l->doc->masthead = m;
}

static void load_distribution(loader *l, const tree_node *n)
{
    static const char *const keys[] = {"report_to", "copy_to",    "send_to",
                                       "copies",    "printed_by", "printed_on"};
    if (!n || !expect_kind(l, n, NODE_MAPPING, "distribution", N_("a mapping")))
        return;
    n = join_split_numbers(l, n, "distribution");
    check_keys(l, n, "distribution", keys, COUNT(keys));
    distribution *d = arena_alloc(l->arena, sizeof *d);
    d->node = n;
    if (string_list(l, key_value(n, "report_to"), "distribution.report_to"))
        d->report_to = key_value(n, "report_to");
    if (string_list(l, key_value(n, "copy_to"), "distribution.copy_to"))
        d->copy_to = key_value(n, "copy_to");
    if (string_list(l, key_value(n, "send_to"), "distribution.send_to"))
        d->send_to = key_value(n, "send_to");
    const tree_node *c = key_value(n, "copies");
    if (c)
        integer_value(l, c, "distribution.copies", 1, 10000000, &d->copies);
    d->printed_by = string_value(l, key_value(n, "printed_by"), "distribution.printed_by", false);
    const tree_node *on = key_value(n, "printed_on");
    if (on)
        date_value_of(l, on, "distribution.printed_on", &d->printed_on);
    l->doc->distribution = d;
}

static void load_top(loader *l, const tree_node *root)
{
    static const char *const keys[] = {
        "template", "lang", "title",   "subtitle", "date",   "source",       "author",
        "masthead", "lead", "figures", "sections", "footer", "distribution", "compare_with"};
    document *d = l->doc;
    check_keys(l, root, "", keys, COUNT(keys));
    d->template_name = string_value(l, key_value(root, "template"), "template", true);
    const tree_node *lang = key_value(root, "lang");
    if (lang && string_value(l, lang, "lang", true)) {
        if (!strcmp(lang->value, "zh-Hant"))
            d->traditional = true;
        else if (strcmp(lang->value, "zh-Hans") != 0)
            diag_error(l->diags, lang->pos, "lang", _("expected zh-Hans or zh-Hant, found `%s`"),
                       lang->value);
    }
    d->title = line_value(l, key_required(l, root, "title", ""), "title", true);
    d->subtitle = line_value(l, key_value(root, "subtitle"), "subtitle", false);
    d->source = line_value(l, key_value(root, "source"), "source", false);
    d->author = line_value(l, key_value(root, "author"), "author", false);
    const tree_node *date = key_required(l, root, "date", "");
    if (date)
        date_value_of(l, date, "date", &d->date);
    load_masthead(l, key_value(root, "masthead"));
    d->lead = text_value(l, key_value(root, "lead"), "lead");
    load_figures(l, key_value(root, "figures"));
    const tree_node *sections = key_required(l, root, "sections", "");
    if (sections)
        load_sections(l, sections, "sections", 1, &d->sections, &d->section_count);
    if (sections && sections->kind == NODE_SEQUENCE && !sections->count && !d->lead)
        diag_error(l->diags, sections->pos, "sections",
                   _("no sections and no lead: the bulletin would have no body"));
    const tree_node *footer = key_value(root, "footer");
    if (string_list(l, footer, "footer")) {
        d->footer = (const tree_node **)footer->items;
        d->footer_count = footer->count;
    }
    load_distribution(l, key_value(root, "distribution"));
    d->compare_with = string_value(l, key_value(root, "compare_with"), "compare_with", true);
}

document *load_document(const char *file, const char *bytes, size_t len, const input_limits *limits,
                        diag_list *diags)
{
    loader l = {diags->arena, diags, NULL, limits, 0, {diags->arena, diags, file, limits, NULL}};
    document *d = arena_alloc(diags->arena, sizeof *d);
    d->file = file;
    l.doc = d;
    const tree_node *root = load_tree(bytes, len, limits, &d->src, diags);
    if (!root)
        return NULL;
    d->root = root;
    if (!expect_kind(&l, root, NODE_MAPPING, "",
                     N_("a mapping of keys (title, date, sections, …)")))
        return NULL;
    load_top(&l, root);
    return d;
}
