#include "resolve_internal.h"

#include <string.h>

#include "habits.h"
#include "i18n.h"

/* ---- blocks ------------------------------------------------------------ */

void add_block(resolver *r, rblock b)
{
    ARENA_PUSH(r->arena, r->blocks, r->block_count, r->block_cap, b);
}

/* 0 to 9999 in Chinese numerals: 一百零一, 一千零一十, 二千三百. With
 * `leading_ten` 10 to 19 read 十… (as a whole number does), else 一十…. */
static void chinese_below_10000(char *out, size_t size, int n, bool leading_ten)
{
    static const char *const digits[] = {"零", "一", "二", "三", "四",
                                         "五", "六", "七", "八", "九"};
    static const char *const units[] = {"千", "百", "十", ""};
    static const int places[] = {1000, 100, 10, 1};
    size_t used = 0;
    bool started = false, zero_pending = false;
    out[0] = 0;
    if (!n)
        snprintf(out, size, "%s", digits[0]);
    for (int i = 0; i < 4 && n; i++) {
        int d = n / places[i] % 10;
        if (!d) {
            zero_pending = started;
            continue;
        }
        const char *digit = (d == 1 && i == 2 && !started && leading_ten) ? "" : digits[d];
        used += (size_t)snprintf(out + used, size - used, "%s%s%s", zero_pending ? digits[0] : "",
                                 digit, units[i]);
        started = true, zero_pending = false;
        n -= d * places[i];
    }
}

/* A whole number in Chinese numerals, in groups of 万 and 亿: 一万零一十. */
static const char *chinese_number(resolver *r, long n, bool leading_ten)
{
    static const struct {
        long size;
        const char *name;
    } groups[] = {{100000000, "亿"}, {10000, "万"}};
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
        if (n < groups[i].size)
            continue;
        long rest = n % groups[i].size;
        const char *high = chinese_number(r, n / groups[i].size, leading_ten);
        if (!rest)
            return arena_printf(r->arena, "%s%s", high, groups[i].name);
        return arena_printf(r->arena, "%s%s%s%s", high, groups[i].name,
                            rest < groups[i].size / 10 ? "零" : "", chinese_number(r, rest, false));
    }
    char low[64];
    chinese_below_10000(low, sizeof low, (int)n, leading_ten);
    return arena_strdup(r->arena, low);
}

static const char *heading_label(resolver *r, int level, int n)
{
    static const char *const defaults[4] = {"{cn}、", "（{cn}）", "{n}.", "（{n}）"};
    const char *format = (r->options->numbering ? r->options->numbering : defaults)[level - 1];
    if (!format)
        return NULL;
    const char *out = "";
    for (const char *p = format; *p;) {
        if (!strncmp(p, "{cn}", 4))
            out = arena_printf(r->arena, "%s%s", out, chinese_number(r, n, true)), p += 4;
        else if (!strncmp(p, "{n}", 3))
            out = arena_printf(r->arena, "%s%d", out, n), p += 3;
        else
            out = arena_printf(r->arena, "%s%c", out, *p), p++;
    }
    return out;
}

static void add_paragraphs(resolver *r, const tree_node *node, const char *path)
{
    rich_text *paras;
    size_t count;
    paragraphs(r, node, path, &paras, &count);
    for (size_t i = 0; i < count; i++)
        add_block(r, (rblock){.kind = RB_PARAGRAPH, .text = paras[i]});
}

static void resolve_list(resolver *r, const block *b)
{
    for (size_t i = 0; i < b->item_count; i++) {
        const char *path = arena_printf(r->arena, "%s.list[%zu]", b->path, i);
        text_builder tb = {.r = r};
        parse_inline(&tb, b->items[i], 0, b->items[i]->len, MODE_PARAGRAPH, path);
        add_block(r, (rblock){.kind = RB_LIST_ITEM,
                              .label = arena_printf(r->arena, "%zu.", i + 1),
                              .text = finish(&tb)});
    }
}

static void resolve_block(resolver *r, const block *b)
{
    switch (b->kind) {
    case BLOCK_PARAGRAPH:
        if (b->text)
            add_paragraphs(r, b->text,
                           b->node->kind == NODE_SCALAR
                               ? b->path
                               : arena_printf(r->arena, "%s.paragraph", b->path));
        break;
    case BLOCK_TABLE:
        if (b->table)
            resolve_table(r, b->table);
        break;
    case BLOCK_FIGURE_TABLE:
        if (b->figure_table)
            resolve_figure_table(r, b->figure_table);
        break;
    case BLOCK_LIST:
        resolve_list(r, b);
        break;
    case BLOCK_PAGE_BREAK:
        add_block(r, (rblock){.kind = RB_PAGE_BREAK});
        break;
    case BLOCK_CHART:
        if (b->chart)
            resolve_chart(r, b->chart);
        break;
    }
}

/* A heading typed with its number (四、下一步工作) would print it twice. */
static void warn_typed_number(resolver *r, const tree_node *heading, const char *label,
                              const char *path)
{
    size_t typed = heading_number_prefix(heading->value, heading->len, r->options->numbering);
    if (!typed)
        return;
    const char *rest = heading->value + typed;
    size_t number = typed;
    while (number > 0 && heading->value[number - 1] == ' ')
        number--;
    if (number >= 3 && !memcmp(heading->value + number - 3, "\xE3\x80\x80", 3))
        number -= 3;
    diag_warning(r->diags, scalar_char_position(&r->doc->src, heading, 0), path,
                 _("the heading starts with its own number \"%.*s\", and the template numbers "
                   "headings, so it would print \"%s%s\"; write heading: %s, or add "
                   "numbered: false to keep your own number"),
                 (int)number, heading->value, label, heading->value, *rest ? rest : "…");
}

static void resolve_sections(resolver *r, const section *sections, size_t count)
{
    int number = 0;
    for (size_t i = 0; i < count; i++) {
        const section *s = &sections[i];
        rblock h = {.kind = RB_HEADING, .level = s->level};
        if (s->numbered && (h.label = heading_label(r, s->level, number + 1)))
            number++;
        const char *hpath = arena_printf(r->arena, "%s.heading", s->path);
        h.text = line_text(r, s->heading, hpath);
        if (s->heading && h.label)
            warn_typed_number(r, s->heading, h.label, hpath);
        if (s->heading)
            add_block(r, h);
        for (size_t b = 0; b < s->block_count; b++)
            resolve_block(r, &s->blocks[b]);
        resolve_sections(r, s->sections, s->section_count);
    }
}

/* ---- front and back matter ---------------------------------------------- */

static const char *date_text(resolver *r, const date_value *d)
{
    return arena_printf(r->arena, "%d年%d月%d日", d->year, d->month, d->day);
}

static rich_text joined_list(resolver *r, const tree_node *list, const char *path)
{
    text_builder tb = {.r = r};
    for (size_t i = 0; list && i < list->count; i++) {
        if (i)
            emit_text(&tb, NULL, 0, "，", strlen("，"), false);
        const tree_node *item = list->items[i];
        if (item->kind == NODE_SCALAR)
            parse_inline(&tb, item, 0, item->len, MODE_LINE,
                         arena_printf(r->arena, "%s[%zu]", path, i));
    }
    return finish(&tb);
}

static void resolve_front(resolver *r)
{
    const document *d = r->doc;
    bulletin *b = r->out;
    b->title = line_text(r, d->title, "title");
    b->subtitle = line_text(r, d->subtitle, "subtitle");
    b->source = line_text(r, d->source, "source");
    b->author = line_text(r, d->author, "author");
    b->date_text = date_text(r, &d->date);
    b->year = d->date.year, b->month = d->date.month, b->day = d->date.day;
    const masthead *m = d->masthead;
    if (m) {
        b->has_masthead = true;
        b->masthead_name = line_text(r, m->name, "masthead.name");
        b->masthead_year = m->year, b->masthead_issue = m->issue;
        b->issuer = line_text(r, m->issuer, "masthead.issuer");
        b->classification = line_text(r, m->classification, "masthead.classification");
        const char *issue = m->year && m->issue
                                ? arena_printf(r->arena, "%d年第%d期", m->year, m->issue)
                            : m->issue ? arena_printf(r->arena, "第%d期", m->issue)
                            : m->year  ? arena_printf(r->arena, "%d年", m->year)
                                       : NULL;
        if (issue)
            b->issue_line = template_text(r, issue);
    }
    paragraphs(r, d->lead, "lead", &b->lead, &b->lead_count);
}

static void resolve_back(resolver *r)
{
    const document *d = r->doc;
    bulletin *b = r->out;
    b->footer_count = d->footer_count;
    b->footer = arena_alloc(r->arena, (d->footer_count + 1) * sizeof *b->footer);
    for (size_t i = 0; i < d->footer_count; i++)
        b->footer[i] = line_text(r, d->footer[i], arena_printf(r->arena, "footer[%zu]", i));
    const distribution *dist = d->distribution;
    if (!dist)
        return;
    b->has_distribution = true;
    b->report_to = joined_list(r, dist->report_to, "distribution.report_to");
    b->copy_to = joined_list(r, dist->copy_to, "distribution.copy_to");
    b->send_to = joined_list(r, dist->send_to, "distribution.send_to");
    b->printed_by = line_text(r, dist->printed_by, "distribution.printed_by");
    if (dist->printed_on.year)
        b->printed_on_text = date_text(r, &dist->printed_on);
    b->copies = dist->copies;
}

static void resolve_info(resolver *r)
{
    bulletin *b = r->out;
    char *title = (char *)rich_text_plain(r->arena, &b->title);
    for (char *p = title; *p; p++)
        if (*p == '\n')
            *p = ' ';
    b->info_title = title;
    if (b->issuer.count)
        b->info_author = rich_text_plain(r->arena, &b->issuer);
    else if (b->author.count)
        b->info_author = rich_text_plain(r->arena, &b->author);
    if (b->has_masthead) {
        const char *name = rich_text_plain(r->arena, &b->masthead_name);
        const char *issue = rich_text_plain(r->arena, &b->issue_line);
        b->info_subject = *issue ? arena_printf(r->arena, "%s %s", name, issue) : name;
    }
}

bulletin *resolve_document(const document *doc, const resolve_options *options, diag_list *diags)
{
    resolver r = {.arena = diags->arena, .diags = diags, .doc = doc, .options = options};
    bulletin *b = arena_alloc(r.arena, sizeof *b);
    r.out = b;
    b->file = doc->file;
    b->src = &doc->src;
    b->traditional = doc->traditional;
    b->template_name = doc->template_name;
    resolve_figures(&r);
    resolve_front(&r);
    check_table_ids(&r);
    resolve_sections(&r, doc->sections, doc->section_count);
    resolve_back(&r);
    resolve_info(&r);
    b->blocks = r.blocks;
    b->block_count = r.block_count;
    return b;
}
