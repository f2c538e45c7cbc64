#include "pdf.h"

#include "i18n.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <hpdf_objects.h>
#include <libdeflate.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_internal.h"
#include "subset.h"
#include "utf8.h"

/* libharu's errors in plain words. Load and layout bound what the input can
 * make too large (page sides, one-line texts, pages), so any of these that
 * still happens is worth reporting with the input. */
static const char *libharu_problem(HPDF_STATUS error_no)
{
    switch (error_no) {
    case HPDF_FAILD_TO_ALLOC_MEM:
        return _("out of memory while writing the PDF");
    case HPDF_FILE_IO_ERROR:
    case HPDF_FILE_OPEN_ERROR:
        return _("the PDF could not be written");
    case HPDF_STRING_OUT_OF_RANGE:
    case HPDF_BINARY_LENGTH_ERR:
    case HPDF_NAME_OUT_OF_RANGE:
    case HPDF_INVALID_DOCUMENT:
        return _("a text is longer than a PDF string may be (65,535 bytes); shorten the title, "
                 "headings or author");
    case HPDF_PAGE_INVALID_SIZE:
    case HPDF_REAL_OUT_OF_RANGE:
    case HPDF_PAGE_OUT_OF_RANGE:
        return _("a page or a position is outside what PDF allows (pages from 3 to 14,400 "
                 "points a side); check the template's page size");
    case HPDF_ARRAY_COUNT_ERR:
    case HPDF_DICT_COUNT_ERR:
    case HPDF_XREF_COUNT_ERR:
        return _("the document has more pages or objects than one PDF may hold; split it");
    default:
        return NULL;
    }
}

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    renderer *r = user_data;
    if (r->error_code)
        return;
    r->error_code = error_no;
    const char *problem = libharu_problem(error_no);
    if (problem)
        snprintf(r->error, r->error_size, _("%s (libharu error 0x%04X)"), problem,
                 (unsigned)error_no);
    else
        snprintf(r->error, r->error_size,
                 _("the PDF library failed (libharu error 0x%04X, detail %u); please report "
                   "this with the input"),
                 (unsigned)error_no, (unsigned)detail_no);
}

/* ---- codes --------------------------------------------------------------- */

static face_codes *codes_of(renderer *r, const font_face *face)
{
    for (size_t i = 0; i < r->face_count; i++)
        if (r->faces[i].face == face)
            return &r->faces[i];
    r->faces = realloc(r->faces, (r->face_count + 1) * sizeof *r->faces);
    face_codes *fc = &r->faces[r->face_count++];
    memset(fc, 0, sizeof *fc);
    fc->face = face;
    return fc;
}

static int by_value(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The room after glyph i that is no word space, in thousandths of an em and
 * in steps of a twentieth: the glyph is drawn with a copy of itself that much
 * wider (or narrower), so that text readers see it touch the next one. Room
 * under 0.08 em (most justification) stays character spacing, as does what is
 * left over, less than a twentieth: no reader takes that for a space (pdf.js
 * does from about a tenth of an em, poppler and MuPDF from more). */
static int gap_extra(const page_box *pg, size_t i)
{
    const placed_glyph *g = &pg->glyphs[i];
    if (!g->joins_next || i + 1 >= pg->glyph_count || !(g->size > 0))
        return 0;
    const placed_glyph *next = &pg->glyphs[i + 1];
    float gap = next->x - (g->x + g->advance);
    if (next->y != g->y || fabsf(gap) > 2 * g->size)
        return 0;
    long room = lroundf(gap / g->size * 1000.0f);
    if (labs(room) < 80)
        return 0;
    long units = room / 50 * 50;
    long natural = lroundf(g->advance / g->size * 1000.0f);
    return natural + units > 0 ? (int)units : 0;
}

/* The entry's key: code point, then extra width, then glyph. */
static uint64_t entry_key(uint32_t cp, int extra, unsigned glyph)
{
    return (uint64_t)cp << 40 | (uint64_t)((extra + 0x80000) & 0xFFFFF) << 20 | (glyph & 0xFFFFF);
}

/* first[i]: for a CFF face the earliest entry with entry i's glyph. */
static void share_glyphs(face_codes *fc)
{
    fc->first = malloc((fc->count + 1) * sizeof *fc->first);
    uint64_t *by_glyph = malloc((fc->count + 1) * sizeof *by_glyph);
    for (size_t i = 0; i < fc->count; i++) {
        fc->first[i] = i;
        by_glyph[i] = (uint64_t)fc->glyphs[i] << 32 | i;
        if (fc->extra[i]) /* a widened copy is a glyph of its own */
            by_glyph[i] = (uint64_t)(0x100000u + i) << 32 | i;
    }
    if (fc->face->cff) {
        qsort(by_glyph, fc->count, sizeof *by_glyph, by_value);
        for (size_t k = 1; k < fc->count; k++)
            if (by_glyph[k] >> 32 == by_glyph[k - 1] >> 32)
                fc->first[by_glyph[k] & 0xFFFFFFFFu] = fc->first[by_glyph[k - 1] & 0xFFFFFFFFu];
    }
    free(by_glyph);
}

/* Collects each face's (code point, glyph) pairs, sorted, so codes do not
 * depend on the order of the text. */
static void collect_codes(renderer *r)
{
    r->extras = calloc(r->doc->page_count + 1, sizeof *r->extras);
    for (size_t p = 0; p < r->doc->page_count; p++) {
        const page_box *pg = &r->doc->pages[p];
        r->extras[p] = calloc(pg->glyph_count + 1, sizeof **r->extras);
        for (size_t i = 0; i < pg->glyph_count; i++) {
            codes_of(r, pg->glyphs[i].face)->count++;
            r->extras[p][i] = gap_extra(pg, i);
        }
    }
    for (size_t f = 0; f < r->face_count; f++) {
        face_codes *fc = &r->faces[f];
        uint64_t *pairs = malloc((fc->count + 1) * sizeof *pairs);
        size_t n = 0;
        for (size_t p = 0; p < r->doc->page_count; p++) {
            const page_box *pg = &r->doc->pages[p];
            for (size_t i = 0; i < pg->glyph_count; i++)
                if (pg->glyphs[i].face == fc->face)
                    pairs[n++] = entry_key(pg->glyphs[i].cp, r->extras[p][i], pg->glyphs[i].glyph);
        }
        qsort(pairs, n, sizeof *pairs, by_value);
        fc->cps = malloc((n + 1) * sizeof *fc->cps);
        fc->extra = malloc((n + 1) * sizeof *fc->extra);
        fc->glyphs = malloc((n + 1) * sizeof *fc->glyphs);
        fc->count = 0;
        for (size_t i = 0; i < n; i++) {
            if (i && pairs[i] >> 20 == pairs[i - 1] >> 20)
                continue; /* one glyph for each code point */
            fc->cps[fc->count] = (uint32_t)(pairs[i] >> 40);
            fc->extra[fc->count] = (int)(pairs[i] >> 20 & 0xFFFFF) - 0x80000;
            fc->glyphs[fc->count++] = (unsigned)(pairs[i] & 0xFFFFF);
        }
        free(pairs);
        share_glyphs(fc);
    }
}

static size_t entry_of(const face_codes *fc, uint32_t cp, int extra)
{
    size_t lo = 0, hi = fc->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fc->cps[mid] < cp || (fc->cps[mid] == cp && fc->extra[mid] < extra))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static unsigned code_of(const face_codes *fc, const placed_glyph *g, int extra)
{
    return (unsigned)fc->first[entry_of(fc, g->cp, extra)] + 1;
}

/* Whether entry i has a code (and a CID) of its own. */
static bool own_code(const face_codes *fc, size_t i)
{
    return fc->first[i] == i;
}

/* ---- fonts --------------------------------------------------------------- */

static void subset_tag(const unsigned char *data, size_t size, char tag[7])
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 1099511628211ull;
    for (int i = 0; i < 6; i++, h /= 26)
        tag[i] = (char)('A' + h % 26);
    tag[6] = 0;
}

static void append(HPDF_Stream s, const char *text)
{
    HPDF_Stream_WriteStr(s, text);
}

void utf16_hex(uint32_t cp, char *out)
{
    if (cp < 0x10000) {
        sprintf(out, "%04X", (unsigned)cp);
    } else {
        uint32_t v = cp - 0x10000;
        sprintf(out, "%04X%04X", (unsigned)(0xD800 + (v >> 10)), (unsigned)(0xDC00 + (v & 0x3FF)));
    }
}

/* Runs of consecutive codes and consecutive BMP code points become bfrange. */
static size_t run_length(const face_codes *fc, size_t i)
{
    size_t n = 1;
    while (i + n < fc->count && n < 256 && own_code(fc, i + n) &&
           fc->cps[i + n] == fc->cps[i] + n && fc->cps[i + n] < 0x10000 &&
           ((i + 1) & 0xFF) + n <= 0xFF && (fc->cps[i] & 0xFF) + n <= 0xFF)
        n++;
    return n;
}

static void write_bfchars(HPDF_Stream s, const face_codes *fc, const size_t *singles, size_t count)
{
    char line[64], hex[16];
    for (size_t start = 0; start < count; start += 100) {
        size_t n = count - start < 100 ? count - start : 100;
        snprintf(line, sizeof line, "%zu beginbfchar\n", n);
        append(s, line);
        for (size_t k = 0; k < n; k++) {
            size_t i = singles[start + k];
            utf16_hex(fc->cps[i], hex);
            snprintf(line, sizeof line, "<%04X> <%s>\n", (unsigned)(i + 1), hex);
            append(s, line);
        }
        append(s, "endbfchar\n");
    }
}

static void write_to_unicode(HPDF_Stream s, const face_codes *fc)
{
    append(s, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
              "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
              "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
              "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t *singles = malloc((fc->count + 1) * sizeof *singles), single_count = 0;
    size_t *ranges = malloc((fc->count + 1) * sizeof *ranges), range_count = 0;
    for (size_t i = 0; i < fc->count;) {
        if (!own_code(fc, i)) {
            i++;
            continue;
        }
        size_t n = run_length(fc, i);
        if (n > 1)
            ranges[range_count++] = i;
        else
            singles[single_count++] = i;
        i += n;
    }
    char line[64];
    for (size_t start = 0; start < range_count; start += 100) {
        size_t n = range_count - start < 100 ? range_count - start : 100;
        snprintf(line, sizeof line, "%zu beginbfrange\n", n);
        append(s, line);
        for (size_t k = 0; k < n; k++) {
            size_t i = ranges[start + k], len = run_length(fc, i);
            snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n", (unsigned)(i + 1),
                     (unsigned)(i + len), (unsigned)fc->cps[i]);
            append(s, line);
        }
        append(s, "endbfrange\n");
    }
    write_bfchars(s, fc, singles, single_count);
    append(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    free(singles);
    free(ranges);
}

/* A stream object, compressed when written. */
static HPDF_Dict new_stream(renderer *r)
{
    HPDF_Dict d = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    if (d)
        d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return d;
}

static HPDF_STATUS flate_filter_entry(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* Font programs are most of a bulletin's bytes: they are deflated here with
 * libdeflate, twice as fast as the zlib that libharu uses for the rest. */
HPDF_Dict compressed_stream(renderer *r, const unsigned char *data, size_t size)
{
    HPDF_Dict d = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(6);
    size_t bound = libdeflate_zlib_compress_bound(c, size);
    unsigned char *out = malloc(bound);
    size_t n = c && out ? libdeflate_zlib_compress(c, data, size, out, bound) : 0;
    if (n) {
        HPDF_Stream_Write(d->stream, out, (HPDF_UINT)n);
        d->write_fn = flate_filter_entry; /* libharu drops a /Filter it did not apply */
    } else {
        HPDF_Stream_Write(d->stream, data, (HPDF_UINT)size);
        d->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    }
    free(out);
    libdeflate_free_compressor(c);
    return d;
}

static HPDF_Dict new_dict(renderer *r)
{
    HPDF_Dict d = HPDF_Dict_New(r->pdf->mmgr);
    if (d && HPDF_Xref_Add(r->pdf->xref, d) != HPDF_OK)
        return NULL;
    return d;
}

static HPDF_Array int_array(renderer *r, const int *values, size_t count)
{
    HPDF_Array a = HPDF_Array_New(r->pdf->mmgr);
    for (size_t i = 0; i < count; i++)
        HPDF_Array_AddNumber(a, values[i]);
    return a;
}

/* The descriptor of the subset: metrics from the face, the font program, and
 * the CIDSet that PDF/A asks of a subset. */
static HPDF_Dict font_descriptor(renderer *r, const face_codes *fc, const char *name,
                                 const unsigned char *program, size_t size)
{
    const font_face *f = fc->face;
    HPDF_Dict file = compressed_stream(r, program, size);
    if (f->cff)
        HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
    else
        HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)size);
    HPDF_Dict cidset = new_stream(r);
    size_t bytes = (fc->count + 1 + 7) / 8;
    unsigned char *bits = calloc(bytes, 1);
    for (size_t cid = 0; cid <= fc->count; cid++)
        if (cid == 0 || own_code(fc, cid - 1))
            bits[cid / 8] |= (unsigned char)(0x80 >> (cid % 8));
    HPDF_Stream_Write(cidset->stream, bits, (HPDF_UINT)bytes);
    free(bits);
    HPDF_Dict d = new_dict(r);
    HPDF_Dict_AddName(d, "Type", "FontDescriptor");
    HPDF_Dict_AddName(d, "FontName", name);
    HPDF_Dict_AddNumber(d, "Flags", 4); /* symbolic: glyphs outside the standard Latin set */
    HPDF_Dict_Add(d, "FontBBox", int_array(r, f->bbox, 4));
    HPDF_Dict_AddNumber(d, "ItalicAngle", 0);
    HPDF_Dict_AddNumber(d, "Ascent", f->ascent);
    HPDF_Dict_AddNumber(d, "Descent", f->descent);
    HPDF_Dict_AddNumber(d, "CapHeight", f->cap_height);
    HPDF_Dict_AddNumber(d, "StemV", 80);
    HPDF_Dict_Add(d, f->cff ? "FontFile3" : "FontFile2", file);
    HPDF_Dict_Add(d, "CIDSet", cidset);
    return d;
}

/* Widths of codes 1..N, and the map from codes to the subset's glyphs. */
static void add_widths(renderer *r, HPDF_Dict cid_font, const face_codes *fc)
{
    /* Most Chinese glyphs are a full em wide: only the others are listed,
     * a run [first [w w …]] for each stretch of consecutive codes. */
    HPDF_Array w = HPDF_Array_New(r->pdf->mmgr), run = NULL;
    for (size_t i = 0; i < fc->count; i++) {
        int width = font_advance(fc->face, fc->glyphs[i]) + fc->extra[i];
        if (width == 1000 || !own_code(fc, i)) {
            run = NULL;
            continue;
        }
        if (!run) {
            HPDF_Array_AddNumber(w, (HPDF_INT32)(i + 1));
            run = HPDF_Array_New(r->pdf->mmgr);
            HPDF_Array_Add(w, run);
        }
        HPDF_Array_AddNumber(run, width);
    }
    HPDF_Dict_AddNumber(cid_font, "DW", 1000);
    HPDF_Dict_Add(cid_font, "W", w);
    if (fc->face->cff)
        return; /* the program's CIDs are the codes */
    HPDF_Dict map = new_stream(r);
    unsigned char *bytes = calloc(fc->count + 1, 2);
    for (size_t i = 0; i < fc->count; i++) {
        bytes[2 * (i + 1)] = (unsigned char)(fc->new_glyphs[i] >> 8);
        bytes[2 * (i + 1) + 1] = (unsigned char)fc->new_glyphs[i];
    }
    HPDF_Stream_Write(map->stream, bytes, (HPDF_UINT)(2 * (fc->count + 1)));
    free(bytes);
    HPDF_Dict_Add(cid_font, "CIDToGIDMap", map);
}

/* Characters drawn without ink: every other one has an outline. */
static bool is_blank(uint32_t cp)
{
    return cp == 0x20 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* A face cut short, or with broken glyph data, still opens and maps its
 * characters; what it cannot give is their outlines. Each glyph drawn is
 * checked in the subset, so that no character is ever left blank. */
static void report_inkless(renderer *r, const face_codes *fc, size_t bad)
{
    char text[5] = {0};
    utf8_encode(fc->cps[bad], text);
    snprintf(r->error, r->error_size,
             _("the font file %s is damaged: it has no outline for %s (U+%04X, glyph %u); "
               "replace the file"),
             fc->face->path, text, (unsigned)fc->cps[bad], fc->glyphs[bad]);
}

/* One Type0 font per face: a CIDFontType2 over the subset, Identity-H codes,
 * and a ToUnicode map giving every code's text back. */
static int embed_face(renderer *r, face_codes *fc)
{
    size_t size = 0, inkless = fc->count;
    fc->new_glyphs = calloc(fc->count + 1, sizeof *fc->new_glyphs);
    int *units = malloc((fc->count + 1) * sizeof *units);
    bool *needs_ink = malloc((fc->count + 1) * sizeof *needs_ink);
    for (size_t i = 0; i < fc->count; i++) {
        units[i] = (int)lround((double)fc->extra[i] * fc->face->units_per_em / 1000.0);
        needs_ink[i] = !is_blank(fc->cps[i]);
    }
    subset_request request = {fc->glyphs, units, needs_ink, fc->count};
    unsigned char *program = subset_face(fc->face, &request, fc->new_glyphs, &size, &inkless);
    free(units), free(needs_ink);
    font_drop_pages(fc->face);
    if (inkless < fc->count) {
        report_inkless(r, fc, inkless);
        return -1;
    }
    if (!program) {
        snprintf(r->error, r->error_size, _("cannot subset %s"), fc->face->path);
        return -1;
    }
    char tag[7];
    subset_tag(program, size, tag);
    char name[160];
    snprintf(name, sizeof name, "%s+%.120s", tag, fc->face->postscript_name);
    HPDF_Dict descriptor = font_descriptor(r, fc, name, program, size);
    free(program);
    HPDF_Dict cid_font = new_dict(r);
    HPDF_Dict_AddName(cid_font, "Type", "Font");
    HPDF_Dict_AddName(cid_font, "Subtype", fc->face->cff ? "CIDFontType0" : "CIDFontType2");
    HPDF_Dict_AddName(cid_font, "BaseFont", name);
    HPDF_Dict info = HPDF_Dict_New(r->pdf->mmgr);
    HPDF_Dict_Add(info, "Registry", HPDF_String_New(r->pdf->mmgr, "Adobe", NULL));
    HPDF_Dict_Add(info, "Ordering", HPDF_String_New(r->pdf->mmgr, "Identity", NULL));
    HPDF_Dict_AddNumber(info, "Supplement", 0);
    HPDF_Dict_Add(cid_font, "CIDSystemInfo", info);
    HPDF_Dict_Add(cid_font, "FontDescriptor", descriptor);
    add_widths(r, cid_font, fc);
    HPDF_Dict to_unicode = new_stream(r);
    write_to_unicode(to_unicode->stream, fc);
    fc->font = new_dict(r);
    HPDF_Dict_AddName(fc->font, "Type", "Font");
    HPDF_Dict_AddName(fc->font, "Subtype", "Type0");
    HPDF_Dict_AddName(fc->font, "BaseFont", name);
    HPDF_Dict_AddName(fc->font, "Encoding", "Identity-H");
    HPDF_Array descendants = HPDF_Array_New(r->pdf->mmgr);
    HPDF_Array_Add(descendants, cid_font);
    HPDF_Dict_Add(fc->font, "DescendantFonts", descendants);
    HPDF_Dict_Add(fc->font, "ToUnicode", to_unicode);
    return r->error_code ? -1 : 0;
}

/* ---- pages --------------------------------------------------------------- */

static bool same_colour(colour a, colour b)
{
    return a.space == b.space && !memcmp(a.v, b.v, sizeof a.v);
}

/* The operator that sets colour c for filling (text) or stroking (rules), in
 * c's own device space: `0 g` is black on the black plate alone. */
void put_colour(char **p, colour c, bool stroke)
{
    static const int components[] = {[COLOUR_GRAY] = 1, [COLOUR_RGB] = 3, [COLOUR_CMYK] = 4};
    static const char *const fill_ops[] = {
        [COLOUR_GRAY] = "g", [COLOUR_RGB] = "rg", [COLOUR_CMYK] = "k"};
    static const char *const stroke_ops[] = {
        [COLOUR_GRAY] = "G", [COLOUR_RGB] = "RG", [COLOUR_CMYK] = "K"};
    for (int i = 0; i < components[c.space]; i++)
        put_number(p, c.v[i]), *(*p)++ = ' ';
    *p += sprintf(*p, "%s\n", stroke ? stroke_ops[c.space] : fill_ops[c.space]);
}

static void draw_rules(HPDF_Page page, const page_box *pg)
{
    if (!pg->rule_count)
        return;
    HPDF_Stream out = ((HPDF_PageAttr)page->attr)->stream;
    HPDF_Stream_WriteStr(out, "/Artifact BMC\n"); /* rules are no content */
    HPDF_Page_SetLineCap(page, HPDF_PROJECTING_SCUARE_END);
    for (size_t i = 0; i < pg->rule_count; i++) {
        const rule_box *rb = &pg->rules[i];
        HPDF_Page_SetLineWidth(page, rb->width);
        if (!i || !same_colour(rb->color, pg->rules[i - 1].color)) {
            char op[96], *p = op;
            put_colour(&p, rb->color, true);
            HPDF_Stream_Write(out, (const HPDF_BYTE *)op, (HPDF_UINT)(p - op));
        }
        HPDF_Page_MoveTo(page, rb->x0, rb->y0);
        HPDF_Page_LineTo(page, rb->x1, rb->y1);
        HPDF_Page_Stroke(page);
    }
    HPDF_Stream_WriteStr(out, "EMC\n");
}

/* Whether the glyph's code reads back as another character (see face_codes). */
static bool borrowed_code(renderer *r, const placed_glyph *g, int extra)
{
    if (!g->face->cff)
        return false; /* TrueType codes are never shared */
    const face_codes *fc = codes_of(r, g->face);
    return !own_code(fc, entry_of(fc, g->cp, extra));
}

/* The advance the glyph is drawn with: its own, and any gap put into it. */
static float drawn_advance(const placed_glyph *g, int extra)
{
    return g->advance + (float)extra * g->size / 1000.0f;
}

/* Glyphs i..j-1 share face, size, colour and baseline, and the space after
 * each is the same: one text-showing operation with that character spacing.
 * A glyph with a borrowed code is a run of its own. */
static size_t run_end(renderer *r, const page_box *pg, const int *extras, size_t i, float *spacing)
{
    const placed_glyph *a = &pg->glyphs[i];
    *spacing = 0;
    size_t j = i + 1;
    if (borrowed_code(r, a, extras[i]))
        return j;
    for (; j < pg->glyph_count; j++) {
        const placed_glyph *prev = &pg->glyphs[j - 1], *g = &pg->glyphs[j];
        if (g->face != a->face || g->size != a->size || g->y != a->y ||
            !same_colour(g->color, a->color) || borrowed_code(r, g, extras[j]) ||
            g->node != a->node)
            break;
        float gap = g->x - (prev->x + drawn_advance(prev, extras[j - 1]));
        if (j == i + 1)
            *spacing = gap;
        else if (fabsf(gap - *spacing) > 0.002f)
            break;
        if (gap < -0.5f * prev->size || gap > 2.0f * prev->size)
            break; /* not the same line: start again */
    }
    return j;
}

/* A number as PDF writes it: up to three decimals, no trailing zeros. */
void put_number(char **p, float v)
{
    long milli = lroundf(v * 1000.0f);
    if (milli < 0)
        *(*p)++ = '-', milli = -milli;
    *p += sprintf(*p, "%ld", milli / 1000);
    if (milli % 1000) {
        *p += sprintf(*p, ".%03ld", milli % 1000);
        while ((*p)[-1] == '0')
            (*p)--;
    }
}

/* Text goes straight into the content stream: one Tj per run of glyphs that
 * share face, size, colour, baseline and spacing, its codes as hex. */
static void draw_text(renderer *r, HPDF_Page page, size_t page_index, const int *extras)
{
    const page_box *pg = &r->doc->pages[page_index];
    if (!pg->glyph_count)
        return;
    HPDF_Stream out = ((HPDF_PageAttr)page->attr)->stream;
    char *buf = malloc(pg->glyph_count * 4 + 256), *p;
    HPDF_Stream_WriteStr(out, "BT\n");
    size_t node = (size_t)-1; /* the element whose marked content is open */
    size_t wrapper = 0;       /* the row whose ActualText Span is open around it */
    const font_face *face = NULL;
    float size = 0, spacing = 0;
    colour ink = {COLOUR_GRAY, {-1, 0, 0, 0}}; /* none: the first run says its colour */
    for (size_t i = 0; i < pg->glyph_count;) {
        float run_spacing;
        size_t j = run_end(r, pg, extras, i, &run_spacing);
        const placed_glyph *g = &pg->glyphs[i];
        face_codes *fc = codes_of(r, g->face);
        p = buf;
        if (g->node != node) {
            HPDF_Stream_Write(out, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
            p = buf;
            if (node != (size_t)-1)
                tags_close(r->tags, node, true, out);
            size_t around = tags_wrapper(r->tags, g->node);
            if (around != wrapper) {
                if (wrapper)
                    HPDF_Stream_WriteStr(out, "EMC\n");
                if (around)
                    tags_open_wrapper(r->tags, around, out);
                wrapper = around;
            }
            tags_open(r->tags, page_index, g->node, true, out);
            node = g->node;
        }
        if (g->face != face || g->size != size) {
            p += sprintf(p, "/%s ", HPDF_Page_GetLocalFontName(page, (HPDF_Font)fc->font));
            put_number(&p, g->size);
            p += sprintf(p, " Tf\n");
        }
        if (!same_colour(g->color, ink))
            put_colour(&p, g->color, false);
        if (run_spacing != spacing)
            put_number(&p, run_spacing), p += sprintf(p, " Tc\n");
        p += sprintf(p, "1 0 0 1 "), put_number(&p, g->x), *p++ = ' ', put_number(&p, g->y);
        p += sprintf(p, " Tm\n");
        /* (an element read through its own ActualText needs none) */
        bool actual_text =
            borrowed_code(r, g, extras[i]) && !tags_spanned(r->tags, g->node) && !wrapper;
        if (actual_text) {
            char utf16[16];
            utf16_hex(g->cp, utf16);
            p += sprintf(p, "/Span <</ActualText <FEFF%s>>> BDC\n", utf16);
        }
        *p++ = '<';
        face = g->face, size = g->size, ink = g->color, spacing = run_spacing;
        HPDF_Stream_Write(out, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
        p = buf;
        static const char hex[] = "0123456789ABCDEF";
        for (size_t k = i; k < j; k++) {
            unsigned code = code_of(fc, &pg->glyphs[k], extras[k]);
            for (int shift = 12; shift >= 0; shift -= 4)
                *p++ = hex[(code >> shift) & 15];
        }
        p += sprintf(p, actual_text ? "> Tj\nEMC\n" : "> Tj\n");
        HPDF_Stream_Write(out, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
        i = j;
    }
    if (node != (size_t)-1)
        tags_close(r->tags, node, true, out);
    HPDF_Stream_WriteStr(out, wrapper ? "EMC\nET\n" : "ET\n");
    free(buf);
}

/* ---- the document ------------------------------------------------------- */

static int save(renderer *r, pdf_bytes *out)
{
    if (HPDF_SaveToStream(r->pdf) != HPDF_OK)
        return -1;
    HPDF_UINT32 size = HPDF_GetStreamSize(r->pdf);
    out->data = malloc(size ? size : 1);
    HPDF_UINT32 got = size;
    HPDF_ResetStream(r->pdf);
    if (HPDF_ReadFromStream(r->pdf, out->data, &got) != HPDF_OK && got != size) {
        free(out->data);
        out->data = NULL;
        return -1;
    }
    out->size = got;
    return 0;
}

static int build(renderer *r, const pdf_options *o, pdf_bytes *out)
{
    HPDF_SetCompressionMode(r->pdf, HPDF_COMP_ALL);
    r->pdf->pdf_version = HPDF_VER_14;
    collect_codes(r);
    for (size_t f = 0; f < r->face_count; f++) /* what layout read of them */
        font_drop_pages(r->faces[f].face);
    for (size_t f = 0; f < r->face_count; f++)
        if (embed_face(r, &r->faces[f]) != 0)
            return -1;
    HPDF_Page *pages = calloc(r->doc->page_count + 1, sizeof *pages);
    for (size_t p = 0; p < r->doc->page_count && !r->error_code; p++) {
        pages[p] = HPDF_AddPage(r->pdf);
        HPDF_Page_SetWidth(pages[p], r->doc->page_width);
        HPDF_Page_SetHeight(pages[p], r->doc->page_height);
        if (o->marks)
            add_crop_marks(r, pages[p]);
        draw_rules(pages[p], &r->doc->pages[p]);
        draw_shapes(r, pages[p], p);
        draw_text(r, pages[p], p, r->extras[p]);
    }
    if (!r->error_code) {
        tags_finish(r->tags, r->pdf, pages);
        add_outline(r, pages);
        add_info(r, o->creator);
        add_document_id(r);
        if (o->pdfa) {
            add_metadata(r, o->creator, o->pdfa_tagged);
            add_output_intent(r, o);
        }
    }
    free(pages);
    if (r->error_code)
        return -1;
    return save(r, out);
}

int render_pdf(const laid_out *doc, const pdf_options *options, pdf_bytes *out, char *error,
               size_t error_size)
{
    renderer r = {.doc = doc, .error = error, .error_size = error_size, .tags = tags_new(doc)};
    out->data = NULL;
    out->size = 0;
    error[0] = 0;
    r.pdf = HPDF_New(on_error, &r);
    if (!r.pdf) {
        snprintf(error, error_size, _("cannot start libharu"));
        return -1;
    }
    int status = build(&r, options, out);
    if (status != 0 && !error[0])
        snprintf(error, error_size, _("libharu could not write the PDF"));
    HPDF_Free(r.pdf);
    for (size_t f = 0; f < r.face_count; f++) {
        free(r.faces[f].cps);
        free(r.faces[f].extra);
        free(r.faces[f].glyphs);
        free(r.faces[f].new_glyphs);
        free(r.faces[f].first);
    }
    free(r.faces);
    for (size_t p = 0; r.extras && p < doc->page_count; p++)
        free(r.extras[p]);
    free(r.extras);
    tags_free(r.tags);
    return status;
}
