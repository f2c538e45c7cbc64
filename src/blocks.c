/* blocks: the bulletin's blocks -> the flow: masthead or 版头, title, source
 * line and lead, headings (kept with what follows, in the outline),
 * paragraphs, list items, tables (table.c), charts (chart.c) and the
 * distribution block. */
#include "layout_internal.h"

#include "i18n.h"

static text_box block_box(layouter *L, role_id role, line_align align, float first_indent)
{
    text_box b = {L->left, L->width, first_indent, 0, role_pitch(L, role), align, false};
    return b;
}

static void add_paragraph(layouter *L, const rich_text *text, role_id role)
{
    begin_node(L, STRUCT_P, 0);
    fragment *lines;
    size_t n = set_text(L, text, role,
                        &(text_box){L->left, L->width, 2 * em_cell(L, role), 0, role_pitch(L, role),
                                    ALIGN_JUSTIFY, false},
                        &lines);
    add_lines(L, lines, n, false);
}

/* ---- front matter ----------------------------------------------------------- */

static void masthead_line(layouter *L, fragment *frag, float y)
{
    const page_template *t = L->t;
    const bulletin *b = L->b;
    role_id role = ROLE_MASTHEAD_LINE;
    text_box left = block_box(L, role, ALIGN_START, em(L, role));
    text_box right = block_box(L, role, ALIGN_END, 0);
    right.width -= em(L, role);
    fragment *lines;
    begin_node(L, STRUCT_P, 0);
    if (b->issuer.count && set_text(L, &b->issuer, role, &left, &lines))
        frag_merge(L, frag, &lines[0], y);
    begin_node(L, STRUCT_P, 0);
    rich_text date = plain_text(L, b->date_text);
    if (set_text(L, &date, role, &right, &lines))
        frag_merge(L, frag, &lines[0], y);
    float rule_y = y + (float)t->roles[role].pitch + 4;
    frag_rule(L, frag, L->left, rule_y, L->left + L->width, rule_y, (float)t->masthead_rule,
              template_red(t));
    frag->height = rule_y + 18;
}

static void add_masthead(layouter *L)
{
    const bulletin *b = L->b;
    fragment frag = {0};
    fragment *lines;
    size_t n;
    float y = 0;
    if (b->classification.count) {
        begin_node(L, STRUCT_P, 0);
        n = set_text(L, &b->classification, ROLE_CLASSIFICATION,
                     &(text_box){L->left, L->width, 0, 0,
                                 (float)L->t->roles[ROLE_CLASSIFICATION].pitch, ALIGN_START, false},
                     &lines);
        for (size_t i = 0; i < n; i++, y += lines[i - 1].height)
            frag_merge(L, &frag, &lines[i], y);
    }
    y += 14;
    begin_node(L, STRUCT_P, 0);
    n = set_text(L, &b->masthead_name, ROLE_MASTHEAD,
                 &(text_box){L->left, L->width, 0, 0, (float)L->t->roles[ROLE_MASTHEAD].pitch,
                             ALIGN_MIDDLE, false},
                 &lines);
    for (size_t i = 0; i < n; i++, y += lines[i - 1].height)
        frag_merge(L, &frag, &lines[i], y);
    y += 6;
    rich_text issue = issue_text(L);
    if (issue.count) {
        begin_node(L, STRUCT_P, 0);
        n = set_text(L, &issue, ROLE_ISSUE,
                     &(text_box){L->left, L->width, 0, 0, (float)L->t->roles[ROLE_ISSUE].pitch,
                                 ALIGN_MIDDLE, false},
                     &lines);
        for (size_t i = 0; i < n; i++, y += lines[i - 1].height)
            frag_merge(L, &frag, &lines[i], y);
    }
    y += 10;
    masthead_line(L, &frag, y);
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = frag, .keep_with_next = true});
}

static float set_into(layouter *L, fragment *frag, float y, const rich_text *text, role_id role,
                      line_align align)
{
    begin_node(L, STRUCT_P, 0);
    fragment *lines;
    size_t n =
        set_text(L, text, role,
                 &(text_box){L->left, L->width, 0, 0, role_pitch(L, role), align, false}, &lines);
    return stack_lines(L, frag, lines, n, y);
}

/* GB/T 9704 版头: the issuer's mark in red, its top 35 mm below the text
 * block's; the document number two lines below; a red rule 4 mm under it;
 * the title two lines below the rule. */
static void add_official_head(layouter *L)
{
    const bulletin *b = L->b;
    const page_template *t = L->t;
    fragment frag = {0};
    float line = role_pitch(L, ROLE_BODY), mm = 72.0f / 25.4f;
    if (b->classification.count)
        set_into(L, &frag, 0, &b->classification, ROLE_CLASSIFICATION, ALIGN_START);
    const role_style *mark = &t->roles[ROLE_MASTHEAD];
    float ascent = (float)mark->faces[L->lang][0]->ascender * (float)mark->size;
    /* the mark's slot starts where its ascent line falls 35 mm down */
    float y = 35 * mm - baseline_in(L, ROLE_MASTHEAD, (float)mark->pitch) + ascent;
    y = set_into(L, &frag, y, &b->masthead_name, ROLE_MASTHEAD, ALIGN_MIDDLE);
    y += 2 * line;
    rich_text issue = issue_text(L);
    if (issue.count)
        y = set_into(L, &frag, y, &issue, ROLE_BODY, ALIGN_MIDDLE);
    y += 4 * mm;
    frag_rule(L, &frag, L->left, y, L->left + L->width, y, (float)t->masthead_rule,
              template_red(t));
    frag.height = y + 2 * line;
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = frag, .keep_with_next = true});
}

static void add_centred(layouter *L, const rich_text *text, role_id role, struct_kind kind)
{
    begin_node(L, kind, 0);
    read_as_one_line(L, L->node, text);
    fragment *lines;
    size_t n = set_text(L, text, role,
                        &(text_box){L->left + em(L, role), L->width - 2 * em(L, role), 0, 0,
                                    (float)L->t->roles[role].pitch, ALIGN_MIDDLE, true},
                        &lines);
    add_lines(L, lines, n, true);
}

/* A template without a place for content the input gives says so, once. */
void warn_left_out(layouter *L, const rich_text *text, const char *what)
{
    if (!text->count)
        return;
    diag_warning(L->diags, span_char_pos(L, &text->spans[0], 0), text->spans[0].path,
                 _("the template has no %s, so it is left out; pick another template to print it"),
                 _(what));
}

void add_front(layouter *L)
{
    const bulletin *b = L->b;
    if (b->has_masthead && L->t->masthead == MASTHEAD_NONE)
        warn_left_out(L, &b->masthead_name, N_("masthead"));
    if (b->has_masthead && L->t->masthead == MASTHEAD_BULLETIN)
        add_masthead(L);
    else if (b->has_masthead && L->t->masthead == MASTHEAD_OFFICIAL)
        add_official_head(L);
    add_centred(L, &b->title, ROLE_TITLE, STRUCT_TITLE);
    if (b->subtitle.count)
        add_centred(L, &b->subtitle, ROLE_SUBTITLE, STRUCT_P);
    rich_text source = source_line(L);
    if (source.count)
        add_centred(L, &source, ROLE_SOURCE, STRUCT_P);
    add_space(L, role_pitch(L, ROLE_BODY) / 2);
    for (size_t i = 0; i < b->lead_count; i++)
        add_paragraph(L, &b->lead[i], ROLE_LEAD);
}

/* ---- headings and lists --------------------------------------------------------- */

static void add_heading(layouter *L, const rblock *blk)
{
    role_id role = (role_id)(ROLE_HEADING1 + (blk->level - 1));
    rich_text text = prefixed(L, blk->label, &blk->text, NULL);
    begin_node(L, (struct_kind)(STRUCT_H1 + (blk->level - 1)), 0);
    fragment *lines;
    size_t n = set_text(L, &text, role,
                        &(text_box){L->left, L->width, 2 * em_cell(L, role), 0, role_pitch(L, role),
                                    ALIGN_START, false},
                        &lines);
    for (size_t i = 0; i < n; i++) {
        flow_item *it = add_flow(
            L, (flow_item){.kind = FLOW_FRAGMENT, .frag = lines[i], .keep_with_next = true});
        if (i == 0) {
            it->outline_title = rich_text_plain(L->arena, &text);
            it->outline_level = blk->level;
        }
    }
}

static void add_list_item(layouter *L, const rblock *blk, size_t list)
{
    begin_node(L, STRUCT_LI, list);
    /* An item is a paragraph that starts with its number, as 公文 sets them. */
    role_id role = ROLE_BODY;
    rich_text text = prefixed(L, blk->label, &blk->text, NULL);
    fragment *lines;
    size_t n = set_text(L, &text, role,
                        &(text_box){L->left, L->width, 2 * em_cell(L, role), 0, role_pitch(L, role),
                                    ALIGN_JUSTIFY, false},
                        &lines);
    add_lines(L, lines, n, false);
}

/* ---- the distribution block (报尾) ------------------------------------------------- */

static float add_labelled(layouter *L, fragment *frag, float y, const char *label,
                          const rich_text *list)
{
    role_id role = ROLE_DISTRIBUTION;
    begin_node(L, STRUCT_P, 0);
    rich_text label_text = plain_text(L, label);
    float hang = text_width(L, &label_text, role);
    rich_text text = prefixed(L, label, list, "。");
    fragment *lines;
    size_t n = set_text(L, &text, role,
                        &(text_box){L->left + em(L, role), L->width - 2 * em(L, role), 0, hang,
                                    (float)L->t->roles[role].pitch, ALIGN_JUSTIFY, false},
                        &lines);
    return stack_lines(L, frag, lines, n, y);
}

void add_distribution(layouter *L)
{
    const bulletin *b = L->b;
    const page_template *t = L->t;
    role_id role = ROLE_DISTRIBUTION;
    fragment frag = {0};
    colour black = {COLOUR_GRAY, {0, 0, 0, 0}};
    float y = 0, thick = (float)t->thick_rule, thin = (float)t->thin_rule;
    frag_rule(L, &frag, L->left, y, L->left + L->width, y, thick, black);
    y += 2;
    const char *const *labels = t->labels[L->lang];
    if (b->report_to.count)
        y = add_labelled(L, &frag, y, labels[0], &b->report_to);
    if (b->copy_to.count)
        y = add_labelled(L, &frag, y, labels[1], &b->copy_to);
    if (b->send_to.count)
        y = add_labelled(L, &frag, y, labels[2], &b->send_to);
    if (b->printed_by.count || b->printed_on_text || b->copies) {
        frag_rule(L, &frag, L->left, y + 1, L->left + L->width, y + 1, thin, black);
        y += 2;
        fragment *lines;
        text_box left = {L->left + em(L, role),
                         L->width - 2 * em(L, role),
                         0,
                         0,
                         (float)t->roles[role].pitch,
                         ALIGN_START,
                         false};
        /* the issuer, the date and the copies are one line: one element */
        begin_node(L, STRUCT_P, 0);
        size_t line_node = L->node;
        if (b->printed_by.count && set_text(L, &b->printed_by, role, &left, &lines))
            frag_merge(L, &frag, &lines[0], y);
        const char *right = b->printed_on_text
                                ? arena_printf(L->arena, "%s%s", b->printed_on_text, labels[3])
                                : NULL;
        if (b->copies && t->closing == CLOSING_BULLETIN)
            right = arena_printf(L->arena, "%s%s共印%d份", right ? right : "", right ? "　" : "",
                                 b->copies);
        if (right) {
            rich_text r = plain_text(L, right);
            left.align = ALIGN_END;
            if (set_text(L, &r, role, &left, &lines))
                frag_merge(L, &frag, &lines[0], y);
        }
        const char *issuer = b->printed_by.count ? rich_text_plain(L->arena, &b->printed_by) : NULL;
        if (issuer && right) /* read as one line, not as two columns */
            L->out->nodes[line_node].actual_text =
                arena_printf(L->diags->arena, "%s　%s", issuer, right);
        y += (float)t->roles[role].pitch;
    }
    y += 2;
    frag_rule(L, &frag, L->left, y, L->left + L->width, y, thick, black);
    frag.height = y;
    add_space(L, (float)t->roles[ROLE_BODY].pitch);
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = frag, .at_bottom = true});
}

/* ---- the blocks in order -------------------------------------------------------------- */

void add_blocks(layouter *L)
{
    size_t list = 0;
    for (size_t i = 0; i < L->b->block_count && !beyond_page_bound(L); i++) {
        const rblock *blk = &L->b->blocks[i];
        /* consecutive list items make one list */
        if (blk->kind == RB_LIST_ITEM && (i == 0 || L->b->blocks[i - 1].kind != RB_LIST_ITEM))
            list = open_node(L, STRUCT_L, 0);
        switch (blk->kind) {
        case RB_HEADING:
            add_heading(L, blk);
            break;
        case RB_PARAGRAPH:
            add_paragraph(L, &blk->text, ROLE_BODY);
            break;
        case RB_LIST_ITEM:
            add_list_item(L, blk, list);
            break;
        case RB_TABLE:
            add_table(L, blk->table);
            break;
        case RB_PAGE_BREAK:
            add_flow(L, (flow_item){.kind = FLOW_PAGE_BREAK});
            break;
        case RB_CHART:
            add_chart(L, blk->chart);
            break;
        }
    }
}
