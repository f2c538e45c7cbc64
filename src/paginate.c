/* paginate: the flow -> pages. Keeps chains together, repeats table headers,
 * sets the distribution block on the foot of the text, then adds the footer
 * lines (but on the page with the distribution block) and page number to
 * every page. */
#include "layout_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

typedef struct pager {
    layouter *L;
    page_box *page;
    float y; /* from the top of the text block */
    bool empty;
} pager;

static void new_page(pager *p)
{
    laid_out *o = p->L->out;
    page_box pb = {0};
    ARENA_PUSH(p->L->arena, o->pages, o->page_count, p->L->page_cap, pb);
    p->page = &o->pages[o->page_count - 1];
    p->y = 0;
    p->empty = true;
}

/* A repeated table header is furniture: its text belongs to the first one. */
static void place(pager *p, const flow_item *it, float top, bool repeated)
{
    layouter *L = p->L;
    float page_top = L->top - top;
    for (size_t i = 0; i < it->frag.glyph_count; i++) {
        placed_glyph g = it->frag.glyphs[i];
        g.y = page_top - g.y;
        if (repeated)
            g.node = 0;
        ARENA_PUSH(L->arena, p->page->glyphs, p->page->glyph_count, p->page->glyph_cap, g);
    }
    for (size_t i = 0; i < it->frag.rule_count; i++) {
        rule_box r = it->frag.rules[i];
        r.y0 = page_top - r.y0, r.y1 = page_top - r.y1;
        ARENA_PUSH(L->arena, p->page->rules, p->page->rule_count, p->page->rule_cap, r);
    }
    for (size_t i = 0; i < it->frag.shape_count; i++) {
        shape_box s = moved_shape(L, &it->frag.shapes[i], page_top, true);
        ARENA_PUSH(L->arena, p->page->shapes, p->page->shape_count, p->page->shape_cap, s);
    }
    if (it->outline_title) {
        laid_out *o = L->out;
        /* the title is copied: the flow's arena is freed after pagination */
        outline_entry e = {it->outline_level, arena_strdup(L->arena, it->outline_title),
                           o->page_count - 1, page_top};
        ARENA_PUSH(L->arena, o->outline, o->outline_count, L->outline_cap, e);
    }
}

/* Height of `it` and of everything that must stay on its page with it. */
static float kept_height(const layouter *L, size_t i)
{
    float h = 0;
    for (; i < L->flow_count; i++) {
        if (L->flow[i].kind == FLOW_PAGE_BREAK)
            break;
        h += L->flow[i].frag.height;
        if (!L->flow[i].keep_with_next)
            break;
    }
    return h;
}

/* When the chain starting at i holds a table's start: the height of the
 * chain up to it and of the whole table; else 0. */
static float whole_table_height(const layouter *L, size_t i)
{
    float h = 0;
    for (; i < L->flow_count && L->flow[i].kind != FLOW_PAGE_BREAK; i++) {
        if (L->flow[i].whole_height > 0)
            return h + L->flow[i].whole_height;
        h += L->flow[i].frag.height;
        if (!L->flow[i].keep_with_next)
            break;
    }
    return 0;
}

/* Duplex: GB/T 9704 puts the 版记 on the back of the last sheet, an even
 * page. From an odd page that holds text it goes over to the next page; an
 * odd page it would have alone is left blank, and that page and the 版记's
 * are not numbered (GB/T 9704-2012, 7.5). */
static void to_even_page(pager *p)
{
    if (p->empty)
        p->L->blank_page = p->L->out->page_count;
    new_page(p);
}

void paginate(layouter *L)
{
    pager p = {L, NULL, 0, true};
    float room = L->top - L->bottom;
    new_page(&p);
    for (size_t i = 0; i < L->flow_count; i++) {
        const flow_item *it = &L->flow[i];
        if (it->kind == FLOW_PAGE_BREAK) {
            if (!p.empty)
                new_page(&p);
            continue;
        }
        if (it->kind == FLOW_SPACE) {
            if (!p.empty)
                p.y += it->frag.height;
            continue;
        }
        bool starts_chain = i == 0 || !L->flow[i - 1].keep_with_next;
        float need = starts_chain ? kept_height(L, i) : it->frag.height;
        /* the page with the 报尾 prints no footer lines: it may use their room */
        float page_room = it->at_bottom ? room + footer_height(L) : room;
        if (need > room)
            need = it->frag.height; /* a chain longer than a page breaks anyway */
        /* a table that fits on a page moves whole to the next one rather
         * than split, when that leaves less than a third of this one empty */
        float table = starts_chain ? whole_table_height(L, i) : 0;
        if (table > 0 && table <= room && p.y + table > room && room - p.y < room / 3)
            need = table;
        if (!p.empty && p.y + need > page_room + 0.01f) {
            if (i > 0 && L->flow[i - 1].break_rule)
                place(&p, &(flow_item){.frag = *L->flow[i - 1].break_rule}, p.y, false);
            new_page(&p);
            if (it->header)
                for (size_t h = 0; h < it->header->count; h++) {
                    place(&p, &it->header->items[h], p.y, true);
                    p.y += it->header->items[h].frag.height;
                }
        }
        if (it->at_bottom && L->t->duplex && L->out->page_count % 2)
            to_even_page(&p);
        float top = p.y;
        if (it->at_bottom) {
            top = page_room - it->frag.height;
            L->closing_page = L->out->page_count;
        }
        place(&p, it, top, false);
        p.y = top + it->frag.height;
        p.empty = false;
    }
}

/* ---- page furniture: footer lines and page numbers ----------------------------------- */

static text_box footer_box(const layouter *L)
{
    static const line_align aligns[] = {ALIGN_MIDDLE, ALIGN_START, ALIGN_END};
    return (text_box){
        L->left, L->width, 0, 0, (float)L->t->roles[ROLE_FOOTER].pitch, aligns[L->t->footer_align],
        false};
}

/* The footer's lines as set: a footer line may wrap. */
static size_t footer_lines(layouter *L)
{
    size_t n = 0;
    fragment *lines;
    text_box box = footer_box(L);
    for (size_t i = 0; i < L->b->footer_count; i++)
        n += set_text(L, &L->b->footer[i], ROLE_FOOTER, &box, &lines);
    return n;
}

float footer_height(layouter *L)
{
    if (!L->b->footer_count || L->t->footer_place == FOOTER_MARGIN)
        return 0;
    return (float)footer_lines(L) * (float)L->t->roles[ROLE_FOOTER].pitch + 16;
}

void check_footer(layouter *L)
{
    const page_template *t = L->t;
    if (!L->b->footer_count || !L->b->footer[0].count)
        return;
    const span *first = &L->b->footer[0].spans[0];
    float pitch = (float)t->roles[ROLE_FOOTER].pitch;
    size_t n = footer_lines(L);
    if (t->footer_place == FOOTER_MARGIN) {
        float room =
            (float)t->margin_bottom - (float)t->page_number_gap - em(L, ROLE_PAGE_NUMBER) - 12;
        if ((float)n * pitch > room)
            diag_error(L->diags, span_char_pos(L, first, 0), first->path,
                       _("the footer lines take %zu lines (%.0f pt), more than the %.0f pt the "
                         "bottom margin leaves under the page number; shorten them or use fewer"),
                       n, (float)n * pitch, fmaxf(room, 0));
        return;
    }
    float block = (float)(t->page_height - t->margin_top - t->margin_bottom);
    if (footer_height(L) > block / 3)
        diag_error(L->diags, span_char_pos(L, first, 0), first->path,
                   _("the footer lines take %zu lines (%.0f pt), more than a third of the text "
                     "block (%.0f pt); shorten them or use fewer"),
                   n, footer_height(L), block);
}

void furnish(layouter *L, page_box *page, size_t number, size_t pages)
{
    const page_template *t = L->t;
    if (L->blank_page && number == L->blank_page)
        return;
    bool numbered = !L->blank_page || number < L->blank_page;
    float block_bottom = (float)t->margin_bottom;
    fragment frag = {0};
    fragment *lines;
    float y = 0;
    /* the 报尾 ends a bulletin: footer lines under it would repeat it */
    if (L->b->footer_count && number != L->closing_page) {
        colour grey = {COLOUR_GRAY, {0.4f, 0, 0, 0}};
        if (t->footer_rule)
            frag_rule(L, &frag, L->left, 0, L->left + L->width, 0, 0.5f, grey);
        y = 6;
        text_box box = footer_box(L);
        for (size_t i = 0; i < L->b->footer_count; i++) {
            size_t n = set_text(L, &L->b->footer[i], ROLE_FOOTER, &box, &lines);
            for (size_t k = 0; k < n; k++, y += lines[k - 1].height)
                frag_merge(L, &frag, &lines[k], y);
        }
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%zu", number);
    char total[32];
    snprintf(total, sizeof total, "%zu", pages);
    const char *fmt = t->page_number_format[L->lang];
    const char *text = "";
    for (const char *s = fmt; *s;) {
        if (!strncmp(s, "{page}", 6))
            text = arena_printf(L->arena, "%s%s", text, digits), s += 6;
        else if (!strncmp(s, "{pages}", 7))
            text = arena_printf(L->arena, "%s%s", text, total), s += 7;
        else
            text = arena_printf(L->arena, "%s%c", text, *s), s++;
    }
    rich_text number_text = plain_text(L, text);
    line_align align = t->page_number_place == PAGE_NUMBER_CENTER ? ALIGN_MIDDLE
                       : number % 2                               ? ALIGN_END
                                                                  : ALIGN_START;
    float size = em(L, ROLE_PAGE_NUMBER);
    size_t n =
        !numbered
            ? 0
            : set_text(L, &number_text, ROLE_PAGE_NUMBER,
                       &(text_box){L->left + size, L->width - 2 * size, 0, 0, size, align, false},
                       &lines);
    float number_top = L->bottom - block_bottom + (float)t->page_number_gap;
    flow_item it = {.kind = FLOW_FRAGMENT, .frag = frag};
    pager p = {L, page, 0, false};
    float footer_top = L->top - L->bottom + (L->b->footer_count ? 8 : 0);
    if (t->footer_place == FOOTER_MARGIN) /* under the page number */
        footer_top = L->top - L->bottom + number_top + size + 6;
    place(&p, &it, footer_top, false);
    if (n) {
        flow_item num = {.kind = FLOW_FRAGMENT, .frag = lines[0]};
        place(&p, &num, L->top - L->bottom + number_top, false);
    }
}
