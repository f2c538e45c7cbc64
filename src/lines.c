/* lines: items -> justified lines. Breaks a paragraph's items into lines
 * (pushing in or out by clreq 3.8), justifies or aligns each, and places it
 * as a fragment one pitch high. */
#include "layout_internal.h"

#include <math.h>
#include <string.h>

#include "i18n.h"
#include "utf8.h"

typedef struct line_span {
    size_t first, end; /* items [first, end) */
    bool forced;       /* ended by a line feed or the paragraph's end */
    float squeeze;     /* taken from the line's marks' blank halves, in shares */
    float start_trim;  /* taken from an opening mark that starts the line */
} line_span;

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\n' || cp == 0x3000;
}

/* How the spacing of items [first, end) changes when `slack` is spread
 * over the gaps between them. */
static float change_per_gap(size_t first, size_t end, float slack)
{
    return fabsf(slack) / (float)(end - first > 1 ? end - first - 1 : 1);
}

static float squeezable_in(const item *items, size_t first, size_t end)
{
    float room = 0;
    for (size_t i = first; i < end; i++)
        room += items[i].squeezable;
    return room;
}

/* Finds the end of the line starting at `first` in `avail` points. When a
 * character that may not start a line does not fit, the line either pushes
 * it in (its marks give up some of their blank halves) or pushes out the
 * character before it; clreq 3.8 asks for whichever changes the spacing
 * between characters least. */
static line_span next_line(const item *items, size_t count, size_t first, float avail,
                           bool half_opening)
{
    line_span ls = {first, count, true, 0, 0};
    /* the blank an opening mark gave to the mark before it comes back at a
     * line start, unless the template sets line-start openings in half */
    if (first < count && items[first].lead_cut > 0 && !half_opening)
        ls.start_trim = -items[first].lead_cut;
    else if (half_opening && first < count && items[first].blank_left)
        ls.start_trim = items[first].squeezable;
    float x = -ls.start_trim, x_at_break = 0;
    size_t last_break = (size_t)-1;
    for (size_t i = first; i < count; i++) {
        const item *it = &items[i];
        if (it->cp == '\n') {
            ls.end = i + 1;
            return ls;
        }
        if (i > first)
            x += items[i - 1].space_after; /* the gap counts once the next item joins */
        bool fits = is_space_cp(it->cp) || x + it->advance <= avail + 0.01f;
        if (!fits) {
            float overflow = x + it->advance - avail;
            bool may_end_here = it->brk != BREAK_NEVER || i + 1 == count;
            bool kept_out = i > first && items[i - 1].brk == BREAK_NEVER;
            size_t out_end = last_break != (size_t)-1 ? last_break + 1 : first;
            float room = squeezable_in(items, first + 1, i + 1);
            if (kept_out && may_end_here && overflow <= room &&
                (out_end == first || change_per_gap(first, i + 1, overflow) <=
                                         change_per_gap(first, out_end, avail - x_at_break))) {
                ls.end = i + 1;
                ls.squeeze = overflow;
                ls.forced = i + 1 == count;
                return ls;
            }
            ls.forced = false;
            ls.end = out_end > first ? out_end : (i > first ? i : i + 1);
            return ls;
        }
        x += it->advance;
        if (it->brk == BREAK_MUST) {
            ls.end = i + 1;
            return ls;
        }
        if (it->brk == BREAK_ALLOWED)
            last_break = i, x_at_break = x;
    }
    return ls;
}

static bool no_gap_between(const item *a, const item *b)
{
    return (a->cp == 0x2014 && b->cp == 0x2014) || (a->cp == 0x2026 && b->cp == 0x2026);
}

static void frag_glyph(layouter *L, fragment *f, const item *it, float x, float y, bool joins_next)
{
    placed_glyph g = {it->face,    it->size, it->color, x + it->offset, y,
                      it->natural, it->cp,   it->glyph, joins_next,     L->node};
    ARENA_PUSH(L->arena, f->glyphs, f->glyph_count, f->glyph_cap, g);
}

size_t open_node(layouter *L, struct_kind kind, size_t parent)
{
    laid_out *o = L->out;
    struct_node n = {kind, parent, NULL, NULL};
    /* the structure outlives the flow's arena: it goes with the pages */
    ARENA_PUSH(L->diags->arena, o->nodes, o->node_count, o->node_cap, n);
    return o->node_count - 1;
}

void begin_node(layouter *L, struct_kind kind, size_t parent)
{
    L->node = open_node(L, kind, parent);
}

void read_as_one_line(layouter *L, size_t node, const rich_text *t)
{
    const char *text = rich_text_plain(L->arena, t);
    if (strstr(text, "\u3000"))
        L->out->nodes[node].actual_text = arena_strdup(L->diags->arena, text);
}

/* Places the items of one line into frag at baseline y. */
static void set_line(layouter *L, fragment *frag, const item *items, line_span ls, float left,
                     float avail, line_align align, float baseline)
{
    size_t first = ls.first, end = ls.end;
    while (end > first && is_space_cp(items[end - 1].cp))
        end--;
    if (end <= first)
        return;
    float natural = -ls.start_trim;
    size_t gaps = 0;
    for (size_t i = first; i < end; i++) {
        natural += items[i].advance + (i + 1 < end ? items[i].space_after : 0);
        if (i + 1 < end && !no_gap_between(&items[i], &items[i + 1]))
            gaps++;
    }
    /* A pushed-in line: the last mark gives up its blank first (at the end
     * of a line it shows least), then the others, each its share. */
    float last_gives = fminf(ls.squeeze, items[end - 1].squeezable);
    float room = end > first + 1 ? squeezable_in(items, first + 1, end - 1) : 0;
    float squeeze_share = room > 0 ? (ls.squeeze - last_gives) / room : 0;
    natural -= ls.squeeze;
    if (items[end - 1].in_cell) /* it reaches past its cell: so do the other lines */
        natural += items[end - 1].natural - items[end - 1].advance;
    float x = left, gap = 0, slack = avail - natural;
    if (align == ALIGN_JUSTIFY && !ls.forced && gaps)
        gap = slack / (float)gaps;
    else if (align == ALIGN_MIDDLE)
        x += slack / 2;
    else if (align == ALIGN_END)
        x += slack;
    for (size_t i = first; i < end; i++) {
        item it = items[i];
        float given = i + 1 == end ? last_gives : it.squeezable * squeeze_share;
        if (i == first)
            given = ls.start_trim;
        it.advance -= given;
        if (it.blank_left)
            it.offset -= given;
        if (it.face && !(it.cp == ' ' && i == first))
            frag_glyph(L, frag, &it, x, baseline, i + 1 < end);
        x += it.advance + (i + 1 < end ? it.space_after : 0);
        if (i + 1 < end && !no_gap_between(&items[i], &items[i + 1]))
            x += gap;
    }
}

/* The baseline in a slot of height pitch: the face's ascent-to-descent box
 * centred, or on a grid, its ascent on the slot's top (GB/T 9704 counts a
 * line from the top of its characters). */
float baseline_in(const layouter *L, role_id role, float pitch)
{
    const role_style *r = &L->t->roles[role];
    const font_face *f = r->faces[L->lang][0];
    float size = (float)r->size, ascent = (float)f->ascender, descent = (float)-f->descender;
    if (on_grid(L, role))
        return ascent * size;
    return (pitch - (ascent + descent) * size) / 2 + ascent * size;
}

static bool is_phrase_end(uint32_t cp)
{
    return cp == ' ' || cp == 0x3000 || cp == 0xFF1A || cp == 0xFF0C || cp == 0x3001 ||
           cp == 0xFF1B;
}

/* A title too long for one line but not for two is split where the halves
 * come closest in width, at a phrase end if one fits, else anywhere allowed. */
static void balance_lines(item *items, size_t count, float width)
{
    float total = 0;
    for (size_t i = 0; i < count; i++) {
        if (items[i].cp == '\n')
            return;
        total += items[i].advance;
    }
    if (total <= width || total > 2 * width)
        return;
    size_t best = (size_t)-1;
    float best_score = 1e9f, before = 0;
    for (size_t i = 0; i + 1 < count; i++) {
        before += items[i].advance;
        float a = before - (is_space_cp(items[i].cp) ? items[i].advance : 0), b = total - before;
        if (items[i].brk == BREAK_NEVER || a > width || b > width)
            continue;
        float score = fabsf(a - b) + (is_phrase_end(items[i].cp) ? 0 : width);
        if (score < best_score)
            best_score = score, best = i;
    }
    if (best != (size_t)-1)
        items[best].brk = BREAK_MUST;
}

/* Counts for a runt: a character, not a mark or a space. */
static bool is_text_char(uint32_t cp)
{
    return cp >= '0' && !(cp >= 0x2010 && cp <= 0x206F) && !(cp >= 0x3000 && cp <= 0x303F) &&
           !(cp >= 0xFF01 && cp <= 0xFF0F) && !(cp >= 0xFF1A && cp <= 0xFF20) &&
           !(cp >= 0xFF3B && cp <= 0xFF40) && !(cp >= 0xFF5B && cp <= 0xFF65) && cp != '%' &&
           cp != 0x2030 && cp != 0x2103;
}

static size_t text_chars(const item *items, size_t first, size_t end)
{
    size_t n = 0;
    for (size_t i = first; i < end; i++)
        n += is_text_char(items[i].cp);
    return n;
}

/* clreq's 孤字不成行: a paragraph's last line holding one character (with
 * the marks after it) takes more from the line above. That line ends at an
 * earlier break, losing at most two ems, and is justified looser, as a line
 * pushed out is (clreq 3.8); the last line must still fit. */
static void avoid_runt(const item *items, line_span *lines, size_t n, float avail,
                       bool half_opening)
{
    if (n < 2 || !lines[n - 1].forced || lines[n - 2].forced)
        return;
    line_span *above = &lines[n - 2], *last = &lines[n - 1];
    if (text_chars(items, last->first, last->end) > 1 || items[last->end - 1].cp == '\n')
        return;
    float given = 0;
    for (size_t k = above->end - 1; k > above->first + 1; k--) {
        given += items[k].advance;
        if (given > 2 * items[k].size + 0.01f)
            return;
        if (items[k - 1].brk != BREAK_ALLOWED)
            continue;
        line_span moved = next_line(items, last->end, k, avail, half_opening);
        if (moved.end != last->end)
            return;
        above->end = k, above->squeeze = 0;
        *last = moved;
        return;
    }
}

/* Digits, Latin letters and the marks inside a number (1,234.5): a line
 * cut between two of them cuts a number or a word in two. */
static bool in_word(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           cp == '.' || cp == ',' || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}

/* A line cut inside a number or a Latin word that a line of the text block
 * would hold, or one character wider than its line: the text does not fit
 * its box (a table column), and would be misread (1000 as 100 over 0) or
 * drawn over its neighbours. A run longer than the text block is wide can
 * only be cut. Reported once a place. */
static void report_unfitting(layouter *L, const item *items, size_t count, line_span ls,
                             float avail)
{
    bool cut = ls.end < count && items[ls.end - 1].brk == BREAK_NEVER &&
               in_word(items[ls.end - 1].cp) && in_word(items[ls.end].cp);
    bool too_wide = ls.end == ls.first + 1 && items[ls.first].advance > avail + 0.01f;
    if (!cut && !too_wide)
        return;
    size_t first = ls.end - 1, end = ls.end;
    while (cut && first > 0 && in_word(items[first - 1].cp))
        first--;
    while (cut && end < count && in_word(items[end].cp))
        end++;
    float width = 0;
    for (size_t i = first; i < end; i++)
        width += items[i].advance + (i + 1 < end ? items[i].space_after : 0);
    if (cut && width > L->width)
        return;
    const item *start = &items[first];
    const char *where = start->from ? start->from->text + start->at : NULL;
    for (size_t i = 0; i < L->unfitting_count; i++)
        if (L->unfitting[i] == where)
            return;
    /* in the run's arena: the flow's is freed before the page furniture is set */
    ARENA_PUSH(L->diags->arena, L->unfitting, L->unfitting_count, L->unfitting_cap, where);
    if (L->unfitting_count > 20)
        return;
    char text[4 * 40 + 4] = {0};
    size_t n = 0;
    for (size_t i = first; i < end && i - first < 40; i++)
        n += utf8_encode(items[i].cp, text + n);
    if (end - first > 40)
        memcpy(text + n, "…", sizeof "…");
    diag_error(L->diags, start->from ? span_char_pos(L, start->from, start->at) : (source_pos){0},
               start->from ? start->from->path : NULL,
               _("`%s` does not fit on one line here (%.0f pt, the line %.0f pt) and cannot be "
                 "broken; widen its column or shorten it"),
               text, width, avail);
}

/* Sets text into one fragment per line. */
size_t set_text(layouter *L, const rich_text *text, role_id role, const text_box *box,
                fragment **lines_out)
{
    item *items;
    arena *keep = L->arena;
    L->arena = &L->items_scratch;
    size_t count = itemize(L, text, role, &items);
    L->arena = keep;
    if (box->balanced)
        balance_lines(items, count, box->width);
    line_span *spans = NULL;
    size_t span_count = 0, span_cap = 0;
    size_t at = 0;
    /* On a grid narrower than the type, a full-width glyph overhangs its last
     * cell; a line ending in Latin or digits reaches as far (set_line), so
     * that all right edges align. */
    float size = (float)L->t->roles[role].size;
    float overhang = on_grid(L, role) && size > L->grid_advance ? size - L->grid_advance : 0;
    while (at < count) {
        while (span_count && at < count && items[at].cp == ' ')
            at++; /* a wrapped line does not start with a space */
        if (at >= count)
            break;
        float indent = span_count ? box->indent : box->first_indent;
        /* a heading's number in brackets, （一） or （1）, has its ink at the
         * indent, in line with the paragraphs' first characters */
        bool heading_number = !span_count && role >= ROLE_HEADING1 && role <= ROLE_HEADING4;
        line_span ls = next_line(items, count, at, box->width - indent + overhang,
                                 L->t->half_opening || heading_number);
        report_unfitting(L, items, count, ls, box->width - indent + overhang);
        ARENA_PUSH(L->arena, spans, span_count, span_cap, ls);
        at = ls.end;
    }
    if (box->align == ALIGN_JUSTIFY)
        avoid_runt(items, spans, span_count,
                   box->width - (span_count > 1 ? box->indent : box->first_indent) + overhang,
                   L->t->half_opening);
    fragment *lines = NULL;
    size_t line_count = 0, line_cap = 0;
    for (size_t i = 0; i < span_count; i++) {
        float indent = i ? box->indent : box->first_indent;
        fragment f = {.height = box->pitch};
        set_line(L, &f, items, spans[i], box->left + indent, box->width - indent + overhang,
                 box->align, baseline_in(L, role, box->pitch));
        ARENA_PUSH(L->arena, lines, line_count, line_cap, f);
    }
    arena_free(&L->items_scratch);
    *lines_out = lines;
    return line_count;
}
