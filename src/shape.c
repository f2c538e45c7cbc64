/* shape: characters -> items. Picks each character's face from its role's
 * chain (a mark's Chinese form first), measures it, widens quotation marks,
 * compresses adjacent marks, marks gaps between Chinese and Latin, and asks
 * linebreak.c where a line may end after it. */
#include "layout_internal.h"

#include <math.h>

#include "i18n.h"
#include "utf8.h"

static const char *chain_names(layouter *L, const role_style *r)
{
    const char *s = "";
    for (size_t i = 0; i < r->face_count[L->lang]; i++)
        s = arena_printf(L->arena, "%s%s%s", s, i ? ", " : "", r->faces[L->lang][i]->family);
    return s;
}

source_pos span_char_pos(layouter *L, const span *s, size_t at)
{
    if (!s->origin || diag_full(L->diags)) /* a message only counted needs no position */
        return (source_pos){0};
    return scalar_char_position(L->b->src, s->origin, s->origin_offset + (s->literal ? at : 0));
}

static void report_missing(layouter *L, const span *s, size_t at, uint32_t cp, const role_style *r)
{
    if (++L->glyph_errors > 50) {
        if (L->glyph_errors == 51)
            diag_error(L->diags, span_char_pos(L, s, at), s->path,
                       _("more characters no face can draw; fix the ones above first"));
        return;
    }
    char utf8[5] = {0};
    utf8_encode(cp, utf8);
    diag_error(L->diags, span_char_pos(L, s, at), s->path,
               _("U+%04X %s is in none of the faces for this text (%s); replace it, or name a "
                 "face that has it in the template"),
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

/* GB/T 15834 gives the dash (一字线, and each half of the 破折号 ——) one
 * character's room; Noto CJK draws U+2014 in 0.89 em, ink low, for Latin
 * text. It is set in a full em, its ink in the middle (join_dashes pulls
 * the two halves of —— together). */
static void widen_dash(item *it)
{
    if (it->cp != 0x2014 || it->advance >= it->size * 0.95f)
        return;
    it->offset = (it->size - it->advance) / 2;
    it->advance = it->size;
}

static void use_glyph(item *it, const font_face *f, unsigned g)
{
    it->face = f;
    it->glyph = g;
    it->natural = it->advance = (float)font_advance(f, g) * it->size / 1000.0f;
    widen_quote(it);
    widen_dash(it);
}

/* The two dashes of —— meet in the middle of their two ems, so that the
 * 破折号 reads as one stroke, as a face with full-width dashes draws it. */
static void join_dashes(item *items, size_t count)
{
    for (size_t i = 0; i + 1 < count; i++) {
        item *a = &items[i], *b = &items[i + 1];
        if (a->cp != 0x2014 || b->cp != 0x2014 || a->natural >= a->size * 0.95f ||
            b->natural >= b->size * 0.95f)
            continue;
        a->offset = a->size - a->natural;
        b->offset = 0;
        i++;
    }
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
size_t itemize(layouter *L, const rich_text *text, role_id role, item **out)
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
            item it = {.cp = cp,
                       .size = (float)base->size,
                       .color = role_colour(L->t, role),
                       .from = sp,
                       .at = i};
            if (cp == '\n') {
                it.face = NULL;
            } else if (!pick_face(L, r, cp, &it)) {
                report_missing(L, sp, i, cp, r);
                i += n;
                continue;
            } else if (cp == ' ' && role == ROLE_PAGE_NUMBER) {
                /* GB/T 9704's 半角 space: half an em, as the 宋体 the
                 * standard assumes draws it (Noto's is a quarter em) */
                it.advance = it.size / 2;
            } else if (on_grid(L, role) && it.advance > it.size * 0.95f) {
                it.advance = L->grid_advance; /* a full-width character takes one grid cell */
                it.in_cell = it.natural > it.advance;
            }
            ARENA_PUSH(L->arena, items, count, cap, it);
            i += n;
        }
    }
    mark_script_gaps(L, items, count);
    join_dashes(items, count);
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

/* Natural width of text on one line. */
float text_width(layouter *L, const rich_text *text, role_id role)
{
    item *items;
    arena *keep = L->arena;
    L->arena = &L->items_scratch;
    size_t count = itemize(L, text, role, &items);
    L->arena = keep;
    float w = 0;
    for (size_t i = 0; i < count; i++)
        w += items[i].advance + (i + 1 < count ? items[i].space_after : 0);
    arena_free(&L->items_scratch);
    return w;
}
