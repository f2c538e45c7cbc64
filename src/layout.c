#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "linebreak.h"
#include "utf8.h"

/* A fragment is a piece of a page that pagination places whole: glyph and
 * rule x positions are final, y positions count down from its top. */
typedef struct fragment {
    placed_glyph *glyphs;
    size_t glyph_count, glyph_cap;
    rule_box *rules;
    size_t rule_count, rule_cap;
    float height;
} fragment;

typedef struct flow_item flow_item;
typedef struct repeat_header {
    flow_item *items;
    size_t count;
} repeat_header;

typedef enum { FLOW_FRAGMENT, FLOW_SPACE, FLOW_PAGE_BREAK } flow_kind;

struct flow_item {
    flow_kind kind;
    fragment frag;
    bool keep_with_next;
    bool at_bottom;              /* the distribution block: sits on the foot of the text */
    const repeat_header *header; /* table rows: what to repeat on a new page */
    const fragment *break_rule;  /* a row going on below: closes the page if it breaks here */
    const char *outline_title;
    int outline_level;
};

typedef struct item {
    uint32_t cp;
    const font_face *face;
    unsigned glyph;
    float advance;     /* the room it takes on the line */
    float natural;     /* the glyph's own advance */
    float offset;      /* of the glyph's origin inside its room */
    float squeezable;  /* the blank half em a mark may give up to fit a line */
    bool blank_left;   /* that blank is before the ink (opening marks) */
    float lead_cut;    /* blank taken from before its ink by the mark before it */
    bool in_cell;      /* a full-width character in a grid cell narrower than it */
    float space_after; /* between Chinese and Latin, when the next item shares the line */
    float size;
    rgb color;
    break_kind brk;
} item;

typedef enum { ALIGN_JUSTIFY, ALIGN_START, ALIGN_MIDDLE, ALIGN_END } line_align;

typedef struct text_box {
    float left, width;
    float first_indent, indent; /* from left, pt */
    float pitch;
    line_align align;
    bool balanced; /* titles: two lines of near equal width, split at a phrase */
} text_box;

typedef struct layouter {
    arena *arena;
    diag_list *diags;
    const bulletin *b;
    const page_template *t;
    int lang;
    float left, width, top, bottom; /* the text block for the flow, PDF y */
    flow_item *flow;
    size_t flow_count, flow_cap;
    laid_out *out;
    int glyph_errors;
    float grid_advance, grid_pitch; /* the template's character grid, or 0 */
} layouter;

/* Roles set on the character grid, when the template has one. */
static bool on_grid(const layouter *L, role_id role)
{
    return L->grid_advance > 0 &&
           (role == ROLE_BODY || role == ROLE_LEAD || role == ROLE_EMPHASIS ||
            (role >= ROLE_HEADING1 && role <= ROLE_HEADING4));
}

static float role_pitch(const layouter *L, role_id role)
{
    return on_grid(L, role) ? L->grid_pitch : (float)L->t->roles[role].pitch;
}

/* ---- characters to items ------------------------------------------------- */

static const char *chain_names(layouter *L, const role_style *r)
{
    const char *s = "";
    for (size_t i = 0; i < r->face_count[L->lang]; i++)
        s = arena_printf(L->arena, "%s%s%s", s, i ? ", " : "", r->faces[L->lang][i]->family);
    return s;
}

static source_pos span_char_pos(layouter *L, const span *s, size_t at)
{
    if (!s->origin)
        return (source_pos){0};
    return scalar_char_position(L->b->src, s->origin, s->origin_offset + (s->literal ? at : 0));
}

static void report_missing(layouter *L, const span *s, size_t at, uint32_t cp, const role_style *r)
{
    if (++L->glyph_errors > 50) {
        if (L->glyph_errors == 51)
            diag_error(L->diags, span_char_pos(L, s, at), s->path,
                       "more characters no face can draw; fix the ones above first");
        return;
    }
    char utf8[5] = {0};
    utf8_encode(cp, utf8);
    diag_error(L->diags, span_char_pos(L, s, at), s->path,
               "U+%04X %s is in none of the faces for this text (%s); replace it, or name a "
               "face that has it in the template",
               (unsigned)cp, utf8, chain_names(L, r));
}

/* Chinese text sets quotation marks in a full em, ink toward the quoted
 * words, even where a face draws them narrow for Latin text. */
static void widen_quote(item *it)
{
    bool opening = it->cp == 0x201C || it->cp == 0x2018;
    bool closing = it->cp == 0x201D || it->cp == 0x2019;
    if ((!opening && !closing) || it->advance >= it->size * 0.95f)
        return;
    /* an opening quote's origin stays before the middle of its em, so that
     * a following opening mark moved into its blank does not pass it */
    it->offset = opening ? fminf(it->size - it->advance, it->size * 0.45f) : 0;
    it->advance = it->size;
}

static bool is_stop(uint32_t c)
{
    return c == 0x3002 || c == 0xFF0C || c == 0x3001 || c == 0xFF0E || c == 0xFF1A || c == 0xFF1B ||
           c == 0xFF01 || c == 0xFF1F; /* 。，、．：；！？ */
}

/* Traditional Chinese centres 。，、．：；！？ in the em box. Faces with
 * Traditional forms (Noto CJK TC) draw them so; faces with one form only
 * (LXGW WenKai, UMing) draw them in the lower left, as simplified Chinese
 * does. Measured from the outline; moving such a glyph instead would put a
 * gap into the text that readers extract. */
static bool centred_stop(const font_face *f, unsigned glyph)
{
    int ink[4];
    if (!font_ink(f, glyph, ink))
        return false;
    float centre_x = (float)(ink[0] + ink[2]) / 2 / (float)font_advance(f, glyph);
    float centre_y = (float)(ink[1] + ink[3]) / 2 / 1000.0f;
    float box_centre_y = (float)(f->ascender + f->descender) / 2;
    return centre_x > 0.35f && centre_x < 0.65f && centre_y > box_centre_y - 0.15f;
}

static void use_glyph(item *it, const font_face *f, unsigned g)
{
    it->face = f;
    it->glyph = g;
    it->natural = it->advance = (float)font_advance(f, g) * it->size / 1000.0f;
    widen_quote(it);
}

static bool is_quote(uint32_t c)
{
    return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019;
}

/* Marks whose Chinese form not every face has: quotation marks (full
 * width) and, in Traditional text, stops (centred). */
static bool has_chinese_form(const layouter *L, uint32_t cp)
{
    return is_quote(cp) || (L->lang == 1 && is_stop(cp));
}

static bool chinese_form(const font_face *f, unsigned g, uint32_t cp)
{
    return is_quote(cp) ? font_advance(f, g) >= 900 : centred_stop(f, g);
}

/* The first face of the chain that has the character draws it; a mark
 * comes from the first face that has its Chinese form, if one does. */
static bool pick_face(layouter *L, const role_style *r, uint32_t cp, item *it)
{
    size_t faces = r->face_count[L->lang];
    for (size_t i = 0; has_chinese_form(L, cp) && i < faces; i++) {
        const font_face *f = r->faces[L->lang][i];
        unsigned g = font_glyph(f, cp);
        if (g && chinese_form(f, g, cp)) {
            use_glyph(it, f, g);
            return true;
        }
    }
    for (size_t i = 0; i < faces; i++) {
        const font_face *f = r->faces[L->lang][i];
        unsigned g = font_glyph(f, cp);
        if (g) {
            use_glyph(it, f, g);
            return true;
        }
    }
    return false;
}

static bool is_han(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x20000 && c <= 0x3FFFF);
}

static bool is_latin(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/* clreq 3.2.2: a gap (a quarter em by default) between a Chinese character
 * and a Latin letter or digit next to it; none beside punctuation or where
 * the text has a space, and none at a line's end (set_line drops it). */
static void mark_script_gaps(layouter *L, item *items, size_t count)
{
    float em_share = (float)L->t->latin_gap;
    for (size_t i = 0; em_share > 0 && i + 1 < count; i++) {
        uint32_t a = items[i].cp, b = items[i + 1].cp;
        if ((is_han(a) && is_latin(b)) || (is_latin(a) && is_han(b)))
            items[i].space_after = em_share * items[i].size;
    }
}

static bool blank_on_right(uint32_t c, bool traditional)
{
    static const uint32_t marks[] = {0x201D, 0x2019, 0xFF09, 0x300B, 0x300D, 0x300F,
                                     0x3011, 0x3015, 0x3017, 0x3009, 0xFF3D, 0xFF5D};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (c == marks[i])
            return true;
    return !traditional && is_stop(c); /* simplified Chinese sets stops in the lower left */
}

static bool blank_on_left(uint32_t c)
{
    static const uint32_t marks[] = {0x201C, 0x2018, 0xFF08, 0x300A, 0x300C, 0x300E,
                                     0x3010, 0x3014, 0x3016, 0x3008, 0xFF3B, 0xFF5B};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (c == marks[i])
            return true;
    return false;
}

/* clreq 3.1.6.2: two marks side by side take one and a half ems, not two.
 * An opening mark gives up the blank half before it; otherwise a closing
 * mark gives up the blank half after it. */
static void compress_adjacent_punctuation(layouter *L, item *items, size_t count)
{
    bool traditional = L->lang == 1;
    bool a_full = count && items[0].advance >= items[0].size * 0.9f;
    for (size_t i = 0; i + 1 < count; i++) {
        item *a = &items[i], *b = &items[i + 1];
        bool b_full = b->advance >= b->size * 0.9f; /* before this pass changes it */
        bool a_mark = blank_on_right(a->cp, traditional) || blank_on_left(a->cp);
        bool both_full = a_full && b_full;
        a_full = b_full;
        if (!a_mark || !both_full)
            continue;
        float half = b->size / 2;
        if (blank_on_left(b->cp)) {
            b->offset -= half, b->advance -= half, b->lead_cut = half;
        } else if (blank_on_right(a->cp, traditional) &&
                   (blank_on_right(b->cp, traditional) || is_stop(b->cp))) {
            a->advance -= a->size / 2;
        }
    }
}

/* Turns text into items, one per character, each with its face. */
static size_t itemize(layouter *L, const rich_text *text, role_id role, item **out)
{
    size_t count = 0, cap = 0;
    item *items = NULL;
    const role_style *base = &L->t->roles[role];
    const role_style *emphasis = &L->t->roles[ROLE_EMPHASIS];
    for (size_t s = 0; s < text->count; s++) {
        const span *sp = &text->spans[s];
        const role_style *r = sp->emphasis ? emphasis : base;
        for (size_t i = 0; i < sp->len;) {
            uint32_t cp = 0;
            size_t n = utf8_decode(sp->text + i, sp->len - i, &cp);
            if (!n) {
                i++;
                continue;
            }
            item it = {.cp = cp, .size = (float)base->size, .color = base->color};
            if (cp == '\n') {
                it.face = NULL;
            } else if (!pick_face(L, r, cp, &it)) {
                report_missing(L, sp, i, cp, r);
                i += n;
                continue;
            } else if (on_grid(L, role) && it.advance > it.size * 0.95f) {
                it.advance = L->grid_advance; /* a full-width character takes one grid cell */
                it.in_cell = it.natural > it.advance;
            }
            ARENA_PUSH(L->arena, items, count, cap, it);
            i += n;
        }
    }
    mark_script_gaps(L, items, count);
    compress_adjacent_punctuation(L, items, count);
    for (size_t i = 0; i < count; i++) {
        item *it = &items[i];
        bool right = blank_on_right(it->cp, L->lang == 1), left = blank_on_left(it->cp);
        it->blank_left = left && !right;
        if (it->face && (right || left) && it->advance >= it->size * 0.9f)
            it->squeezable = it->size / 2;
    }
    uint32_t *cps = arena_alloc(L->arena, (count + 1) * sizeof *cps);
    break_kind *brk = arena_alloc(L->arena, (count + 1) * sizeof *brk);
    for (size_t i = 0; i < count; i++)
        cps[i] = items[i].cp;
    line_break_opportunities(cps, count, brk);
    for (size_t i = 0; i < count; i++)
        items[i].brk = brk[i];
    *out = items;
    return count;
}

/* ---- fragments ------------------------------------------------------------ */

static void frag_glyph(layouter *L, fragment *f, const item *it, float x, float y)
{
    placed_glyph g = {it->face, it->size,    it->color, x + it->offset,
                      y,        it->natural, it->cp,    it->glyph};
    ARENA_PUSH(L->arena, f->glyphs, f->glyph_count, f->glyph_cap, g);
}

static void frag_rule(layouter *L, fragment *f, float x0, float y0, float x1, float y1, float width,
                      rgb color)
{
    rule_box r = {x0, y0, x1, y1, width, color};
    ARENA_PUSH(L->arena, f->rules, f->rule_count, f->rule_cap, r);
}

static void frag_merge(layouter *L, fragment *into, const fragment *from, float dy)
{
    for (size_t i = 0; i < from->glyph_count; i++) {
        placed_glyph g = from->glyphs[i];
        g.y += dy;
        ARENA_PUSH(L->arena, into->glyphs, into->glyph_count, into->glyph_cap, g);
    }
    for (size_t i = 0; i < from->rule_count; i++) {
        rule_box r = from->rules[i];
        r.y0 += dy, r.y1 += dy;
        ARENA_PUSH(L->arena, into->rules, into->rule_count, into->rule_cap, r);
    }
}

static flow_item *add_flow(layouter *L, flow_item it)
{
    ARENA_PUSH(L->arena, L->flow, L->flow_count, L->flow_cap, it);
    return &L->flow[L->flow_count - 1];
}

static void add_space(layouter *L, float height)
{
    add_flow(L, (flow_item){.kind = FLOW_SPACE, .frag.height = height});
}

/* ---- line breaking and justification -------------------------------------- */

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
            frag_glyph(L, frag, &it, x, baseline);
        x += it.advance + (i + 1 < end ? it.space_after : 0);
        if (i + 1 < end && !no_gap_between(&items[i], &items[i + 1]))
            x += gap;
    }
}

/* The baseline in a slot of height pitch: the face's ascent-to-descent box
 * centred, or on a grid, its ascent on the slot's top (GB/T 9704 counts a
 * line from the top of its characters). */
static float baseline_in(const layouter *L, role_id role, float pitch)
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

/* Sets text into one fragment per line. */
static size_t set_text(layouter *L, const rich_text *text, role_id role, const text_box *box,
                       fragment **lines_out)
{
    item *items;
    size_t count = itemize(L, text, role, &items);
    if (box->balanced)
        balance_lines(items, count, box->width);
    fragment *lines = NULL;
    size_t line_count = 0, line_cap = 0;
    size_t at = 0;
    /* On a grid narrower than the type, a full-width glyph overhangs its last
     * cell; a line ending in Latin or digits reaches as far (set_line), so
     * that all right edges align. */
    float size = (float)L->t->roles[role].size;
    float overhang = on_grid(L, role) && size > L->grid_advance ? size - L->grid_advance : 0;
    while (at < count) {
        while (line_count && at < count && items[at].cp == ' ')
            at++; /* a wrapped line does not start with a space */
        if (at >= count)
            break;
        float indent = line_count ? box->indent : box->first_indent;
        line_span ls =
            next_line(items, count, at, box->width - indent + overhang, L->t->half_opening);
        fragment f = {.height = box->pitch};
        set_line(L, &f, items, ls, box->left + indent, box->width - indent + overhang, box->align,
                 baseline_in(L, role, box->pitch));
        ARENA_PUSH(L->arena, lines, line_count, line_cap, f);
        at = ls.end;
    }
    *lines_out = lines;
    return line_count;
}

/* Natural width of text on one line. */
static float text_width(layouter *L, const rich_text *text, role_id role)
{
    item *items;
    size_t count = itemize(L, text, role, &items);
    float w = 0;
    for (size_t i = 0; i < count; i++)
        w += items[i].advance + (i + 1 < count ? items[i].space_after : 0);
    return w;
}

static rich_text prefixed(layouter *L, const char *label, const rich_text *text, const char *suffix)
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
static rich_text concat(layouter *L, const rich_text *a, const rich_text *b, const char *separator)
{
    rich_text head = prefixed(L, NULL, a, separator);
    rich_text out = {arena_alloc(L->arena, (head.count + b->count + 1) * sizeof(span)), 0};
    for (size_t i = 0; i < head.count; i++)
        out.spans[out.count++] = head.spans[i];
    for (size_t i = 0; i < b->count; i++)
        out.spans[out.count++] = b->spans[i];
    return out;
}

static rich_text plain_text(layouter *L, const char *s)
{
    return prefixed(L, s, &(rich_text){0}, NULL);
}

/* The room of one full-width character: the grid's cell, or an em. */
static float em_cell(layouter *L, role_id role)
{
    return on_grid(L, role) ? L->grid_advance : (float)L->t->roles[role].size;
}

static float em(layouter *L, role_id role)
{
    return (float)L->t->roles[role].size;
}

static text_box block_box(layouter *L, role_id role, line_align align, float first_indent)
{
    text_box b = {L->left, L->width, first_indent, 0, role_pitch(L, role), align, false};
    return b;
}

/* Adds a paragraph's lines to the flow; the first two and the last two lines
 * keep together, so that no single line is left alone at a page's foot or head. */
static void add_lines(layouter *L, fragment *lines, size_t count, bool keep_all)
{
    for (size_t i = 0; i < count; i++) {
        flow_item *it = add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = lines[i]});
        it->keep_with_next = keep_all || (i + 1 < count && (i == 0 || i + 2 == count));
    }
}

static void add_paragraph(layouter *L, const rich_text *text, role_id role)
{
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
    if (b->issuer.count && set_text(L, &b->issuer, role, &left, &lines))
        frag_merge(L, frag, &lines[0], y);
    rich_text date = plain_text(L, b->date_text);
    if (set_text(L, &date, role, &right, &lines))
        frag_merge(L, frag, &lines[0], y);
    float rule_y = y + (float)t->roles[role].pitch + 4;
    frag_rule(L, frag, L->left, rule_y, L->left + L->width, rule_y, (float)t->masthead_rule,
              t->red);
    frag->height = rule_y + 18;
}

/* 2022年第8期 or 〔2022〕8号, as the template writes {year} and {issue};
 * a part whose number is missing is left out. */
static rich_text issue_text(layouter *L)
{
    const bulletin *b = L->b;
    if (!b->masthead_issue && !b->masthead_year)
        return (rich_text){0};
    const char *f = L->t->issue_format, *out = "";
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

static void add_masthead(layouter *L)
{
    const bulletin *b = L->b;
    fragment frag = {0};
    fragment *lines;
    size_t n;
    float y = 0;
    if (b->classification.count) {
        n = set_text(L, &b->classification, ROLE_CLASSIFICATION,
                     &(text_box){L->left, L->width, 0, 0,
                                 (float)L->t->roles[ROLE_CLASSIFICATION].pitch, ALIGN_START, false},
                     &lines);
        for (size_t i = 0; i < n; i++, y += lines[i - 1].height)
            frag_merge(L, &frag, &lines[i], y);
    }
    y += 14;
    n = set_text(L, &b->masthead_name, ROLE_MASTHEAD,
                 &(text_box){L->left, L->width, 0, 0, (float)L->t->roles[ROLE_MASTHEAD].pitch,
                             ALIGN_MIDDLE, false},
                 &lines);
    for (size_t i = 0; i < n; i++, y += lines[i - 1].height)
        frag_merge(L, &frag, &lines[i], y);
    y += 6;
    rich_text issue = issue_text(L);
    if (issue.count) {
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

/* Lines merged into frag one under the other from y; returns where they end. */
static float stack_lines(layouter *L, fragment *frag, const fragment *lines, size_t n, float y)
{
    for (size_t i = 0; i < n; i++, y += lines[i - 1].height)
        frag_merge(L, frag, &lines[i], y);
    return y;
}

static float set_into(layouter *L, fragment *frag, float y, const rich_text *text, role_id role,
                      line_align align)
{
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
    frag_rule(L, &frag, L->left, y, L->left + L->width, y, (float)t->masthead_rule, t->red);
    frag.height = y + 2 * line;
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = frag, .keep_with_next = true});
}

static void add_centred(layouter *L, const rich_text *text, role_id role)
{
    fragment *lines;
    size_t n = set_text(L, text, role,
                        &(text_box){L->left + em(L, role), L->width - 2 * em(L, role), 0, 0,
                                    (float)L->t->roles[role].pitch, ALIGN_MIDDLE, true},
                        &lines);
    add_lines(L, lines, n, true);
}

/* The template's source line: {source} {author} {date} {date_iso} filled in;
 * a part between ideographic spaces whose fields are all empty is left out. */
static rich_text source_line(layouter *L)
{
    const bulletin *b = L->b;
    const char *format = L->t->source_line;
    rich_text out = {0};
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", b->year, b->month, b->day);
    const char *sep = "　";
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
                date = plain_text(L, b->date_text), field = &date, skip = 6;
            else if (!strncmp(p, "{date_iso}", 10))
                date = plain_text(L, arena_strdup(L->arena, iso)), field = &date, skip = 10;
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

/* A template without a place for content the input gives says so, once. */
static void warn_left_out(layouter *L, const rich_text *text, const char *what)
{
    if (!text->count)
        return;
    diag_warning(L->diags, span_char_pos(L, &text->spans[0], 0), text->spans[0].path,
                 "the template has no %s, so it is left out; pick another template to print it",
                 what);
}

static void add_front(layouter *L)
{
    const bulletin *b = L->b;
    if (b->has_masthead && L->t->masthead == MASTHEAD_NONE)
        warn_left_out(L, &b->masthead_name, "masthead");
    if (b->has_masthead && L->t->masthead == MASTHEAD_BULLETIN)
        add_masthead(L);
    else if (b->has_masthead && L->t->masthead == MASTHEAD_OFFICIAL)
        add_official_head(L);
    add_centred(L, &b->title, ROLE_TITLE);
    if (b->subtitle.count)
        add_centred(L, &b->subtitle, ROLE_SUBTITLE);
    rich_text source = source_line(L);
    if (source.count)
        add_centred(L, &source, ROLE_SOURCE);
    add_space(L, role_pitch(L, ROLE_BODY) / 2);
    for (size_t i = 0; i < b->lead_count; i++)
        add_paragraph(L, &b->lead[i], ROLE_LEAD);
}

/* ---- headings and lists --------------------------------------------------------- */

static void add_heading(layouter *L, const rblock *blk)
{
    role_id role = (role_id)(ROLE_HEADING1 + (blk->level - 1));
    rich_text text = prefixed(L, blk->label, &blk->text, NULL);
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

static void add_list_item(layouter *L, const rblock *blk)
{
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

/* ---- tables -------------------------------------------------------------------- */

typedef struct table_geometry {
    float *x; /* column left edges, columns + 1 */
    float pad;
} table_geometry;

static float cell_natural(layouter *L, const rcell *c, role_id role)
{
    return text_width(L, &c->text, role);
}

/* Turns the automatic columns' wanted widths into widths filling `rest`:
 * in proportion when all fit; otherwise each first gets what it wants up to
 * an equal share, and what is left goes to the wider ones in proportion to
 * what they still want, so one long cell cannot crush its neighbours. */
static void share_out(const rtable *t, float *want, float total, float rest)
{
    size_t autos = 0;
    for (size_t c = 0; c < t->columns; c++)
        autos += t->widths[c] <= 0;
    if (!autos || total <= 0)
        return;
    if (total <= rest) {
        for (size_t c = 0; c < t->columns; c++)
            want[c] = t->widths[c] > 0 ? 0 : rest * want[c] / total;
        return;
    }
    float equal = rest / (float)autos, floors = 0, excess = 0;
    for (size_t c = 0; c < t->columns; c++)
        if (t->widths[c] <= 0)
            floors += fminf(want[c], equal), excess += want[c] - fminf(want[c], equal);
    for (size_t c = 0; c < t->columns; c++)
        if (t->widths[c] <= 0) {
            float floor = fminf(want[c], equal);
            want[c] = floor + (excess > 0 ? (rest - floors) * (want[c] - floor) / excess : 0);
        }
}

static table_geometry table_columns(layouter *L, const rtable *t)
{
    table_geometry g = {arena_alloc(L->arena, (t->columns + 1) * sizeof(float)),
                        em(L, ROLE_TABLE_BODY) / 2};
    float *want = arena_alloc(L->arena, t->columns * sizeof(float));
    float fixed = 0, auto_want = 0;
    for (size_t c = 0; c < t->columns; c++) {
        if (t->widths[c] > 0) {
            fixed += (float)t->widths[c] * L->width;
            continue;
        }
        float w = 0;
        for (size_t r = 0; r < t->header_rows; r++) {
            const rcell *cell = &t->header[r * t->columns + c];
            if (cell->colspan == 1)
                w = fmaxf(w, cell_natural(L, cell, ROLE_TABLE_HEADER));
        }
        for (size_t r = 0; r < t->body_rows; r++)
            w = fmaxf(w, cell_natural(L, &t->body[r * t->columns + c], ROLE_TABLE_BODY));
        want[c] = fmaxf(w, em(L, ROLE_TABLE_BODY) * 2) + 2 * g.pad;
        auto_want += want[c];
    }
    float rest = L->width - fixed;
    share_out(t, want, auto_want, rest);
    g.x[0] = L->left;
    for (size_t c = 0; c < t->columns; c++) {
        float w = t->widths[c] > 0 ? (float)t->widths[c] * L->width : want[c];
        g.x[c + 1] = g.x[c] + w;
    }
    g.x[t->columns] = L->left + L->width; /* no rounding gap at the right edge */
    return g;
}

static line_align cell_line_align(cell_align a)
{
    return a == ALIGN_CENTER ? ALIGN_MIDDLE : a == ALIGN_RIGHT ? ALIGN_END : ALIGN_START;
}

/* One table row as a fragment: cells, the rules between them and below. */
/* The rules of a row, or of a strip of one: the rule under it only when
 * the row ends there. */
static void row_rules(layouter *L, const rtable *t, const table_geometry *g, const rcell *cells,
                      fragment *row, bool row_ends, bool bottom_thick)
{
    const page_template *tp = L->t;
    rgb black = {0, 0, 0};
    float thick = (float)tp->thick_rule, thin = (float)tp->thin_rule, h = row->height;
    if (tp->table == TABLE_THREE_LINE) { /* 三线表: only the bottom rule, under the last row */
        if (bottom_thick && row_ends)
            frag_rule(L, row, g->x[0], h, g->x[t->columns], h, thick, black);
        return;
    }
    if (row_ends)
        frag_rule(L, row, g->x[0], h, g->x[t->columns], h, bottom_thick ? thick : thin, black);
    for (size_t c = 0; c <= t->columns; c++) {
        if (c > 0 && c < t->columns && !cells[c].colspan)
            continue;
        bool outer = c == 0 || c == t->columns;
        frag_rule(L, row, g->x[c], 0, g->x[c], h, outer ? thick : thin, black);
    }
}

/* A row's cells set into lines, centred in the row's height. A row taller
 * than max_height is cut inside its cells into strips a line high (cells
 * start at the top), so that pages break between any two of its lines. */
static size_t row_fragments(layouter *L, const rtable *t, const table_geometry *g,
                            const rcell *cells, role_id role, bool bottom_thick, float max_height,
                            fragment **out)
{
    float pitch = (float)L->t->roles[role].pitch, vpad = 4;
    fragment **cell_lines = arena_alloc(L->arena, t->columns * sizeof *cell_lines);
    size_t *counts = arena_alloc(L->arena, t->columns * sizeof *counts);
    size_t most = 1;
    for (size_t c = 0; c < t->columns; c++) {
        if (!cells[c].colspan)
            continue;
        float x0 = g->x[c], x1 = g->x[c + cells[c].colspan];
        text_box box = {
            x0 + g->pad, x1 - x0 - 2 * g->pad, 0, 0, pitch, cell_line_align(cells[c].align), false};
        counts[c] = set_text(L, &cells[c].text, role, &box, &cell_lines[c]);
        if (counts[c] > most)
            most = counts[c];
    }
    bool whole = (float)most * pitch + 2 * vpad <= max_height;
    size_t strips = whole ? 1 : most;
    fragment *rows = arena_alloc(L->arena, strips * sizeof *rows);
    for (size_t s = 0; s < strips; s++) {
        size_t first = whole ? 0 : s, lines = whole ? most : 1;
        float above = s == 0 ? vpad : 0;
        rows[s] = (fragment){.height = above + (float)lines * pitch + (s + 1 == strips ? vpad : 0)};
        for (size_t c = 0; c < t->columns; c++)
            for (size_t i = first; cells[c].colspan && i < counts[c] && i < first + lines; i++) {
                float centring = whole ? (float)(most - counts[c]) * pitch / 2 : 0;
                frag_merge(L, &rows[s], &cell_lines[c][i],
                           above + centring + (float)(i - first) * pitch);
            }
        row_rules(L, t, g, cells, &rows[s], s + 1 == strips, bottom_thick);
    }
    *out = rows;
    return strips;
}

static rich_text caption_text(layouter *L, const rtable *t, bool continued)
{
    const char *word = continued ? (L->b->traditional ? "續表" : "续表") : "表";
    const char *label =
        arena_printf(L->arena, "%s%d%s", word, t->number, t->title.count ? "　" : "");
    return prefixed(L, label, &t->title, NULL);
}

static fragment caption_fragment(layouter *L, const rtable *t, bool continued)
{
    fragment frag = {0};
    rich_text caption = caption_text(L, t, continued);
    fragment *lines;
    size_t n =
        set_text(L, &caption, ROLE_TABLE_CAPTION,
                 &(text_box){L->left, L->width, 0, 0, (float)L->t->roles[ROLE_TABLE_CAPTION].pitch,
                             ALIGN_MIDDLE, false},
                 &lines);
    for (size_t i = 0; i < n; i++, frag.height += lines[i - 1].height)
        frag_merge(L, &frag, &lines[i], frag.height);
    if (t->unit.count) {
        n = set_text(L, &t->unit, ROLE_TABLE_NOTE,
                     &(text_box){L->left, L->width, 0, 0, (float)L->t->roles[ROLE_TABLE_NOTE].pitch,
                                 ALIGN_END, false},
                     &lines);
        for (size_t i = 0; i < n; i++, frag.height += lines[i - 1].height)
            frag_merge(L, &frag, &lines[i], frag.height);
    }
    frag.height += 2;
    return frag;
}

/* The header rows as one fragment: cells may span columns (an empty cell
 * joins its left neighbour) and rows (a column header under an equal one). */
static fragment header_fragment(layouter *L, const rtable *t, const table_geometry *g)
{
    size_t rows = t->header_rows, cols = t->columns;
    float pitch = (float)L->t->roles[ROLE_TABLE_HEADER].pitch, vpad = 4;
    float *top = arena_alloc(L->arena, (rows + 1) * sizeof *top);
    fragment **lines = arena_alloc(L->arena, rows * cols * sizeof *lines);
    size_t *counts = arena_alloc(L->arena, rows * cols * sizeof *counts);
    for (size_t r = 0; r < rows; r++) {
        size_t most = 1;
        for (size_t c = 0; c < cols; c++) {
            const rcell *cell = &t->header[r * cols + c];
            if (!cell->colspan || cell->covered_from_above)
                continue;
            float x0 = g->x[c], x1 = g->x[c + cell->colspan];
            text_box box = {x0 + g->pad, x1 - x0 - 2 * g->pad, 0, 0, pitch, ALIGN_MIDDLE, false};
            counts[r * cols + c] =
                set_text(L, &cell->text, ROLE_TABLE_HEADER, &box, &lines[r * cols + c]);
            bool spans_down = r + 1 < rows && t->header[(r + 1) * cols + c].covered_from_above;
            if (!spans_down && counts[r * cols + c] > most)
                most = counts[r * cols + c];
        }
        top[r + 1] = top[r] + (float)most * pitch + 2 * vpad;
    }
    fragment f = {.height = top[rows]};
    rgb black = {0, 0, 0};
    float thick = (float)L->t->thick_rule, thin = (float)L->t->thin_rule;
    frag_rule(L, &f, g->x[0], 0, g->x[cols], 0, thick, black);
    frag_rule(L, &f, g->x[0], f.height, g->x[cols], f.height, thin, black);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            const rcell *cell = &t->header[r * cols + c];
            if (!cell->colspan || cell->covered_from_above)
                continue;
            size_t last = r;
            while (last + 1 < rows && t->header[(last + 1) * cols + c].covered_from_above)
                last++;
            float height = top[last + 1] - top[r], text = (float)counts[r * cols + c] * pitch;
            for (size_t i = 0; i < counts[r * cols + c]; i++)
                frag_merge(L, &f, &lines[r * cols + c][i],
                           top[r] + (height - text) / 2 + (float)i * pitch);
            bool three_line = L->t->table == TABLE_THREE_LINE;
            /* the rule under this cell; a three-line table keeps it only under groups */
            if (last + 1 < rows && (!three_line || cell->colspan > 1))
                frag_rule(L, &f, g->x[c] + (three_line ? 4 : 0), top[last + 1],
                          g->x[c + cell->colspan] - (three_line ? 4 : 0), top[last + 1], thin,
                          black);
            for (size_t edge = c; !three_line && edge <= c + (size_t)cell->colspan;
                 edge += (size_t)cell->colspan) {
                bool outer = edge == 0 || edge == cols;
                frag_rule(L, &f, g->x[edge], top[r], g->x[edge], top[last + 1],
                          outer ? thick : thin, black);
            }
        }
    return f;
}

static repeat_header *table_header(layouter *L, const rtable *t, const table_geometry *g)
{
    repeat_header *h = arena_alloc(L->arena, sizeof *h);
    h->count = 2;
    h->items = arena_alloc(L->arena, h->count * sizeof *h->items);
    h->items[0] = (flow_item){
        .kind = FLOW_FRAGMENT, .frag = caption_fragment(L, t, true), .keep_with_next = true};
    h->items[1] = (flow_item){
        .kind = FLOW_FRAGMENT, .frag = header_fragment(L, t, g), .keep_with_next = true};
    return h;
}

static void add_table(layouter *L, const rtable *t)
{
    table_geometry g = table_columns(L, t);
    add_space(L, 6);
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT,
                            .frag = caption_fragment(L, t, false),
                            .keep_with_next = true});
    const repeat_header *repeat = table_header(L, t, &g);
    add_flow(L, repeat->items[1]);
    /* a grid table cut inside a row is closed by a thin rule at the page foot */
    fragment *closing = NULL;
    if (L->t->table == TABLE_GRID) {
        closing = arena_alloc(L->arena, sizeof *closing);
        *closing = (fragment){0};
        frag_rule(L, closing, g.x[0], 0, g.x[t->columns], 0, (float)L->t->thin_rule,
                  (rgb){0, 0, 0});
    }
    /* what a page holds under the repeated caption and header */
    float row_room =
        L->top - L->bottom - repeat->items[0].frag.height - repeat->items[1].frag.height;
    for (size_t r = 0; r < t->body_rows; r++) {
        bool total = t->has_total && r + 1 == t->body_rows;
        bool last = r + 1 == t->body_rows;
        fragment *slices;
        size_t n =
            row_fragments(L, t, &g, &t->body[r * t->columns],
                          total ? ROLE_TABLE_HEADER : ROLE_TABLE_BODY, last, row_room, &slices);
        for (size_t s = 0; s < n; s++)
            add_flow(L, (flow_item){.kind = FLOW_FRAGMENT,
                                    .frag = slices[s],
                                    .header = repeat,
                                    .break_rule = s + 1 < n ? closing : NULL,
                                    .keep_with_next = last && s + 1 == n && t->note.count});
    }
    if (t->note.count) {
        const char *label = "";
        const char *plain = rich_text_plain(L->arena, &t->note);
        if (strncmp(plain, "注", strlen("注")) && strncmp(plain, "数据来源", strlen("数据来源")) &&
            strncmp(plain, "资料来源", strlen("资料来源")) &&
            strncmp(plain, "數據來源", strlen("數據來源")) && strncmp(plain, "註", strlen("註")))
            label = L->b->traditional ? "註：" : "注：";
        rich_text note = prefixed(L, label, &t->note, NULL);
        add_space(L, 3);
        fragment *lines;
        size_t n =
            set_text(L, &note, ROLE_TABLE_NOTE,
                     &(text_box){L->left, L->width, em(L, ROLE_TABLE_NOTE) * 2, 0,
                                 (float)L->t->roles[ROLE_TABLE_NOTE].pitch, ALIGN_JUSTIFY, false},
                     &lines);
        add_lines(L, lines, n, false);
    }
    add_space(L, 10);
}

/* ---- the distribution block (报尾) ------------------------------------------------- */

static float add_labelled(layouter *L, fragment *frag, float y, const char *label,
                          const rich_text *list)
{
    role_id role = ROLE_DISTRIBUTION;
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

static void add_distribution(layouter *L)
{
    const bulletin *b = L->b;
    const page_template *t = L->t;
    role_id role = ROLE_DISTRIBUTION;
    fragment frag = {0};
    rgb black = {0, 0, 0};
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
        y += (float)t->roles[role].pitch;
    }
    y += 2;
    frag_rule(L, &frag, L->left, y, L->left + L->width, y, thick, black);
    frag.height = y;
    add_space(L, (float)t->roles[ROLE_BODY].pitch);
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = frag, .at_bottom = true});
}

/* ---- pagination ---------------------------------------------------------------------- */

typedef struct pager {
    layouter *L;
    page_box *page;
    float y; /* from the top of the text block */
    bool empty;
} pager;

static void new_page(pager *p)
{
    laid_out *o = p->L->out;
    o->pages = o->pages ? o->pages : NULL;
    page_box pb = {0};
    size_t cap = o->page_count;
    page_box *grown = arena_alloc(p->L->arena, (cap + 1) * sizeof *grown);
    if (cap)
        memcpy(grown, o->pages, cap * sizeof *grown);
    grown[cap] = pb;
    o->pages = grown;
    o->page_count = cap + 1;
    p->page = &o->pages[cap];
    p->y = 0;
    p->empty = true;
}

static void place(pager *p, const flow_item *it, float top)
{
    layouter *L = p->L;
    float page_top = L->top - top;
    for (size_t i = 0; i < it->frag.glyph_count; i++) {
        placed_glyph g = it->frag.glyphs[i];
        g.y = page_top - g.y;
        ARENA_PUSH(L->arena, p->page->glyphs, p->page->glyph_count, p->page->glyph_cap, g);
    }
    for (size_t i = 0; i < it->frag.rule_count; i++) {
        rule_box r = it->frag.rules[i];
        r.y0 = page_top - r.y0, r.y1 = page_top - r.y1;
        ARENA_PUSH(L->arena, p->page->rules, p->page->rule_count, p->page->rule_cap, r);
    }
    if (it->outline_title) {
        laid_out *o = L->out;
        outline_entry e = {it->outline_level, it->outline_title, o->page_count - 1, page_top};
        size_t cap = o->outline_count;
        outline_entry *grown = arena_alloc(L->arena, (cap + 1) * sizeof *grown);
        if (cap)
            memcpy(grown, o->outline, cap * sizeof *grown);
        grown[cap] = e;
        o->outline = grown;
        o->outline_count = cap + 1;
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

static void paginate(layouter *L)
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
        if (need > room)
            need = it->frag.height; /* a chain longer than a page breaks anyway */
        if (!p.empty && p.y + need > room + 0.01f) {
            if (i > 0 && L->flow[i - 1].break_rule)
                place(&p, &(flow_item){.frag = *L->flow[i - 1].break_rule}, p.y);
            new_page(&p);
            if (it->header)
                for (size_t h = 0; h < it->header->count; h++) {
                    place(&p, &it->header->items[h], p.y);
                    p.y += it->header->items[h].frag.height;
                }
        }
        float top = p.y;
        if (it->at_bottom)
            top = room - it->frag.height;
        place(&p, it, top);
        p.y = top + it->frag.height;
        p.empty = false;
    }
}

/* ---- page furniture: footer lines and page numbers ----------------------------------- */

static float footer_height(layouter *L)
{
    if (!L->b->footer_count || L->t->footer_place == FOOTER_MARGIN)
        return 0;
    return (float)L->b->footer_count * (float)L->t->roles[ROLE_FOOTER].pitch + 16;
}

static void furnish(layouter *L, page_box *page, size_t number, size_t pages)
{
    const page_template *t = L->t;
    float block_bottom = (float)t->margin_bottom;
    fragment frag = {0};
    fragment *lines;
    float y = 0;
    static const line_align aligns[] = {ALIGN_MIDDLE, ALIGN_START, ALIGN_END};
    if (L->b->footer_count) {
        rgb grey = {0.4f, 0.4f, 0.4f};
        if (t->footer_rule)
            frag_rule(L, &frag, L->left, 0, L->left + L->width, 0, 0.5f, grey);
        y = 6;
        for (size_t i = 0; i < L->b->footer_count; i++) {
            size_t n =
                set_text(L, &L->b->footer[i], ROLE_FOOTER,
                         &(text_box){L->left, L->width, 0, 0, (float)t->roles[ROLE_FOOTER].pitch,
                                     aligns[t->footer_align], false},
                         &lines);
            for (size_t k = 0; k < n; k++, y += lines[k - 1].height)
                frag_merge(L, &frag, &lines[k], y);
        }
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%zu", number);
    char total[32];
    snprintf(total, sizeof total, "%zu", pages);
    const char *fmt = t->page_number_format;
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
    size_t n = set_text(L, &number_text, ROLE_PAGE_NUMBER,
                        &(text_box){L->left + size, L->width - 2 * size, 0, 0, size, align, false},
                        &lines);
    float number_top = L->bottom - block_bottom + (float)t->page_number_gap;
    flow_item it = {.kind = FLOW_FRAGMENT, .frag = frag};
    pager p = {L, page, 0, false};
    float footer_top = L->top - L->bottom + (L->b->footer_count ? 8 : 0);
    if (t->footer_place == FOOTER_MARGIN) /* under the page number */
        footer_top = L->top - L->bottom + number_top + size + 6;
    place(&p, &it, footer_top);
    if (n) {
        flow_item num = {.kind = FLOW_FRAGMENT, .frag = lines[0]};
        place(&p, &num, L->top - L->bottom + number_top);
    }
}

/* ---- the whole bulletin -------------------------------------------------------------- */

static void add_blocks(layouter *L)
{
    for (size_t i = 0; i < L->b->block_count; i++) {
        const rblock *blk = &L->b->blocks[i];
        switch (blk->kind) {
        case RB_HEADING:
            add_heading(L, blk);
            break;
        case RB_PARAGRAPH:
            add_paragraph(L, &blk->text, ROLE_BODY);
            break;
        case RB_LIST_ITEM:
            add_list_item(L, blk);
            break;
        case RB_TABLE:
            add_table(L, blk->table);
            break;
        case RB_PAGE_BREAK:
            add_flow(L, (flow_item){.kind = FLOW_PAGE_BREAK});
            break;
        }
    }
}

laid_out *layout_bulletin(const bulletin *b, const page_template *t, size_t max_pages,
                          diag_list *diags)
{
    layouter L = {
        .arena = diags->arena, .diags = diags, .b = b, .t = t, .lang = b->traditional ? 1 : 0};
    L.left = (float)t->margin_left;
    L.width = (float)(t->page_width - t->margin_left - t->margin_right);
    L.top = (float)(t->page_height - t->margin_top);
    L.out = arena_alloc(L.arena, sizeof *L.out);
    L.bottom = (float)t->margin_bottom + footer_height(&L);
    if (t->grid_lines && t->grid_chars) {
        L.grid_advance = L.width / (float)t->grid_chars;
        L.grid_pitch =
            (float)(t->page_height - t->margin_top - t->margin_bottom) / (float)t->grid_lines;
    }
    add_front(&L);
    add_blocks(&L);
    if (b->has_distribution && t->closing != CLOSING_NONE)
        add_distribution(&L);
    else if (b->has_distribution) {
        const rich_text *first = b->report_to.count ? &b->report_to
                                 : b->copy_to.count ? &b->copy_to
                                 : b->send_to.count ? &b->send_to
                                                    : &b->printed_by;
        warn_left_out(&L, first, "distribution block");
    }
    if (diags->errors)
        return NULL;
    paginate(&L);
    laid_out *o = L.out;
    if (max_pages && o->page_count > max_pages) {
        diag_error(diags, (source_pos){0}, NULL,
                   "the bulletin runs to %zu pages, more than %zu; raise the bound with "
                   "--limit pages=N",
                   o->page_count, max_pages);
        return NULL;
    }
    for (size_t i = 0; i < o->page_count; i++)
        furnish(&L, &o->pages[i], i + 1, o->page_count);
    o->page_width = (float)t->page_width;
    o->page_height = (float)t->page_height;
    o->title = b->info_title;
    o->author = b->info_author;
    o->subject = b->info_subject;
    o->lang = b->traditional ? "zh-TW" : "zh-CN";
    o->year = b->year, o->month = b->month, o->day = b->day;
    return o;
}
