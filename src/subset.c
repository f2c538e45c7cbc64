#include "subset.h"

#include "subset_source.h"
#include "widen.h"

#include <fcntl.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

/* A cmap with one format 4 subtable: codes 1..count through a glyph array. */
static hb_blob_t *document_cmap(const unsigned *new_glyphs, size_t count)
{
    size_t sub_len = 16 + 8 * 2 + 2 * count;
    size_t len = 12 + sub_len;
    unsigned char *t = calloc(1, len);
    put16(t + 0, 0), put16(t + 2, 1);      /* version, one subtable */
    put16(t + 4, 3), put16(t + 6, 1);      /* Windows, Unicode BMP */
    t[8] = 0, t[9] = 0, put16(t + 10, 12); /* offset */
    unsigned char *s = t + 12;
    put16(s + 0, 4), put16(s + 2, (unsigned)sub_len), put16(s + 4, 0);
    put16(s + 6, 4), put16(s + 8, 4), put16(s + 10, 1), put16(s + 12, 0); /* 2 segments */
    put16(s + 14, (unsigned)count), put16(s + 16, 0xFFFF);                /* endCode */
    put16(s + 18, 0);                                                     /* reservedPad */
    put16(s + 20, 1), put16(s + 22, 0xFFFF);                              /* startCode */
    put16(s + 24, 0), put16(s + 26, 1);                                   /* idDelta */
    put16(s + 28, 4), put16(s + 30, 0);                                   /* idRangeOffset */
    for (size_t i = 0; i < count; i++)
        put16(s + 32 + 2 * i, new_glyphs[i]);
    return hb_blob_create((const char *)t, (unsigned)len, HB_MEMORY_MODE_WRITABLE, t, free);
}

/* The tables libharu reads and writes; hinting goes, so cvt fpgm prep do too. */
static const char *const kept_tables[] = {"OS/2", "cmap", "glyf", "head", "hhea",
                                          "hmtx", "loca", "maxp", "name", "post"};

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static hb_face_t *cut(const font_face *face, const unsigned *glyphs, size_t count,
                      unsigned *new_glyphs, bool whole)
{
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input)
        return NULL;
    hb_set_t *gs = hb_subset_input_glyph_set(input);
    hb_set_add(gs, 0);
    for (size_t i = 0; i < count; i++)
        hb_set_add(gs, glyphs[i]);
    hb_set_clear(hb_subset_input_unicode_set(input));
    hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "EBDT", "EBLC", "EBSC", "vhea",
                                          "vmtx", "VORG", "BASE", "kern", "DSIG", "hdmx", "VDMX",
                                          "LTSH", "gasp", "morx", "mort", "JSTF", "MATH"};
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
    /* Charstrings without subroutines deflate to less than with them. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NAME_LEGACY |
                                         (face->cff ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0));
    hb_face_t *document = whole ? NULL : subset_source_face(face, glyphs, count);
    hb_face_t *source = document ? document : (hb_face_t *)face->hb_face;
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(source, input);
    hb_subset_input_destroy(input);
    hb_face_t *result = NULL;
    if (plan) {
        const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
        for (size_t i = 0; i < count; i++)
            new_glyphs[i] = hb_map_get(old_to_new, glyphs[i]);
        result = hb_subset_plan_execute_or_fail(plan);
        hb_subset_plan_destroy(plan);
    }
    hb_face_destroy(document);
    return result;
}

/* ---- CFF ------------------------------------------------------------------ */

/* Where an INDEX starting at `at` ends, or 0 when it runs past `size`. */
static size_t index_end(const unsigned char *cff, size_t size, size_t at, size_t *first_item)
{
    if (at + 2 > size)
        return 0;
    unsigned count = get16(cff + at);
    if (!count)
        return *first_item = at + 2;
    if (at + 3 > size)
        return 0;
    unsigned off_size = cff[at + 2];
    size_t offsets = at + 3, data = offsets + (size_t)(count + 1) * off_size - 1;
    if (off_size < 1 || off_size > 4 || offsets + (size_t)(count + 1) * off_size > size)
        return 0;
    size_t last = 0, first = 0;
    for (unsigned k = 0; k < off_size; k++) {
        first = first << 8 | cff[offsets + k];
        last = last << 8 | cff[offsets + (size_t)count * off_size + k];
    }
    *first_item = data + first;
    return data + last <= size ? data + last : 0;
}

/* The byte offset of the charset operand in the Top DICT when it is written
 * as a 32-bit integer (as hb-subset writes offsets), else 0. */
static size_t charset_operand(const unsigned char *cff, size_t size)
{
    size_t item, names, top_end, top;
    if (size < 4 || !(names = index_end(cff, size, cff[2], &item)) ||
        !(top_end = index_end(cff, size, names, &top)))
        return 0;
    size_t last_int = 0;
    for (size_t p = top; p < top_end;) {
        unsigned b = cff[p];
        if (b == 29) {
            last_int = p + 1, p += 5;
        } else if (b == 28) {
            last_int = 0, p += 3;
        } else if (b == 30) { /* a real: nibbles up to 0xF */
            for (p++; p < top_end && (cff[p] & 0x0F) != 0x0F && (cff[p] & 0xF0) != 0xF0; p++)
                ;
            last_int = 0, p++;
        } else if (b >= 32) {
            last_int = 0, p += b <= 246 ? 1 : b <= 254 ? 2 : 5;
        } else {
            if (b == 15)
                return last_int && last_int + 4 <= top_end ? last_int : 0;
            last_int = 0, p += b == 12 ? 2 : 1;
        }
    }
    return 0;
}

/* The subset's CFF table with a charset of our own appended: glyph
 * new_glyphs[i] is CID i + 1, the code the document draws it with (the
 * first code when several code points share a glyph), so the PDF needs no
 * CID-to-glyph map. */
static unsigned char *cff_program(const unsigned char *cff, size_t len, unsigned glyph_count,
                                  const unsigned *new_glyphs, size_t count, size_t *size)
{
    size_t operand = len ? charset_operand(cff, len) : 0;
    unsigned char *out = operand && glyph_count ? malloc(len + 1 + 2 * (size_t)glyph_count) : NULL;
    if (out) {
        memcpy(out, cff, len);
        put32(out + operand, (uint32_t)len);
        unsigned char *charset = out + len;
        unsigned *cid = calloc(glyph_count, sizeof *cid);
        unsigned spare = (unsigned)count + 1;
        for (size_t i = count; i-- > 0;)
            if (new_glyphs[i] < glyph_count)
                cid[new_glyphs[i]] = (unsigned)i + 1;
        charset[0] = 0; /* format 0: one CID per glyph after .notdef */
        for (unsigned g = 1; g < glyph_count; g++)
            put16(charset + 1 + 2 * (g - 1), cid[g] ? cid[g] : spare++);
        free(cid);
        *size = len + 1 + 2 * (size_t)(glyph_count - 1);
    }
    return out;
}

/* The subset's CFF with the widened copies, and the charset that makes each
 * glyph's CID its code. */
static unsigned char *cff_subset(hb_face_t *small, const glyph_copy *copies, size_t copy_count,
                                 const unsigned *new_glyphs, size_t count, size_t *size)
{
    hb_blob_t *blob = hb_face_reference_table(small, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const unsigned char *cff = (const unsigned char *)hb_blob_get_data(blob, &len);
    unsigned glyph_count = hb_face_get_glyph_count(small);
    unsigned char *out = NULL;
    if (copy_count) {
        size_t wide_len = 0;
        unsigned char *wide = cff_with_copies(cff, len, copies, copy_count, &wide_len);
        if (wide)
            out = cff_program(wide, wide_len, glyph_count + (unsigned)copy_count, new_glyphs, count,
                              size);
        free(wide);
    } else {
        out = cff_program(cff, len, glyph_count, new_glyphs, count, size);
    }
    hb_blob_destroy(blob);
    return out;
}

/* ---- the font program --------------------------------------------------------- */

/* A font file of the given tables from the subset, with cmap replaced. */
static unsigned char *build_font(hb_face_t *small, const char *const *tags, size_t tag_count,
                                 hb_blob_t *cmap, size_t *size)
{
    hb_face_t *builder = hb_face_builder_create();
    for (size_t i = 0; i < tag_count; i++) {
        hb_tag_t tag = hb_tag_from_string(tags[i], 4);
        hb_blob_t *blob = tag == HB_TAG('c', 'm', 'a', 'p') ? hb_blob_reference(cmap)
                                                            : hb_face_reference_table(small, tag);
        if (hb_blob_get_length(blob))
            hb_face_builder_add_table(builder, tag, blob);
        hb_blob_destroy(blob);
    }
    hb_blob_destroy(cmap);
    hb_blob_t *font = hb_face_reference_blob(builder);
    unsigned len = 0;
    const char *data = hb_blob_get_data(font, &len);
    unsigned char *out = NULL;
    if (len && (out = malloc(len))) {
        memcpy(out, data, len);
        *size = len;
    }
    hb_blob_destroy(font);
    hb_face_destroy(builder);
    return out;
}

static unsigned char *truetype_program(hb_face_t *small, const unsigned *new_glyphs, size_t count,
                                       size_t *size)
{
    return build_font(small, kept_tables, sizeof kept_tables / sizeof *kept_tables,
                      document_cmap(new_glyphs, count), size);
}

/* Entries with an extra width are drawn with a copy of their glyph, made
 * after the subset's own glyphs. */
static glyph_copy *copies_of(const int *extra, size_t count, unsigned glyph_count,
                             unsigned *new_glyphs, size_t *copy_count)
{
    glyph_copy *copies = malloc((count + 1) * sizeof *copies);
    *copy_count = 0;
    for (size_t i = 0; extra && i < count; i++)
        if (extra[i]) {
            copies[*copy_count] = (glyph_copy){new_glyphs[i], extra[i]};
            new_glyphs[i] = glyph_count + (unsigned)(*copy_count)++;
        }
    return copies;
}

/* The first entry that needs ink and whose glyph in the subset has none
 * (glyph data cut short or broken in the face), or count. HarfBuzz finds a
 * CFF glyph's ink box several times faster than FreeType, and here reads
 * only the small subset, not the face's file. */
static size_t first_inkless(hb_face_t *small, const unsigned *new_glyphs, const bool *needs_ink,
                            size_t count)
{
    hb_font_t *font = hb_font_create(small);
    size_t i = 0;
    for (; needs_ink && i < count; i++) {
        hb_glyph_extents_t e;
        if (needs_ink[i] &&
            (!hb_font_get_glyph_extents(font, new_glyphs[i], &e) || !e.width || !e.height))
            break;
    }
    hb_font_destroy(font);
    return needs_ink ? i : count;
}

static unsigned char *subset_from(const font_face *face, const subset_request *r,
                                  unsigned *new_glyphs, size_t *size, size_t *inkless, bool whole)
{
    hb_face_t *small = cut(face, r->glyphs, r->count, new_glyphs, whole);
    *inkless = small ? first_inkless(small, new_glyphs, r->needs_ink, r->count) : r->count;
    if (!small || *inkless < r->count) {
        hb_face_destroy(small);
        return NULL;
    }
    size_t copy_count;
    glyph_copy *copies =
        copies_of(r->extra, r->count, hb_face_get_glyph_count(small), new_glyphs, &copy_count);
    unsigned char *out = NULL;
    if (face->cff) {
        out = cff_subset(small, copies, copy_count, new_glyphs, r->count, size);
    } else if (copy_count) {
        hb_face_t *wide = truetype_with_copies(small, copies, copy_count);
        out = wide ? truetype_program(wide, new_glyphs, r->count, size) : NULL;
        hb_face_destroy(wide);
    } else {
        out = truetype_program(small, new_glyphs, r->count, size);
    }
    free(copies);
    hb_face_destroy(small);
    return out;
}

unsigned char *subset_face(const font_face *face, const subset_request *r, unsigned *new_glyphs,
                           size_t *size, size_t *inkless)
{
    return subset_from(face, r, new_glyphs, size, inkless, false);
}

unsigned char *subset_face_whole(const font_face *face, const subset_request *r,
                                 unsigned *new_glyphs, size_t *size, size_t *inkless)
{
    return subset_from(face, r, new_glyphs, size, inkless, true);
}

/* ---- a font file with a Unicode cmap (OFD) ------------------------------------ */

/* Format 4 (the BMP): one segment per run of code points whose glyphs
 * follow one another, then the closing 0xFFFF segment. Empty when the code
 * points of the BMP need more segments than the format's 64 KB hold. */
static size_t unicode_format4(const uint32_t *cps, const unsigned *gids, size_t count,
                              unsigned char **out)
{
    size_t segments = 1;
    for (size_t i = 0; i < count && cps[i] < 0xFFFF; i++)
        if (!i || cps[i] != cps[i - 1] + 1 || gids[i] != gids[i - 1] + 1)
            segments++;
    size_t len = 16 + 8 * segments;
    if (len > 0xFFFF)
        return 0;
    unsigned char *s = calloc(1, len), *end = s + 14, *start = end + 2 * segments + 2,
                  *delta = start + 2 * segments;
    unsigned search = 1, selector = 0;
    while (search * 2 <= segments)
        search *= 2, selector++;
    put16(s, 4), put16(s + 2, (unsigned)len), put16(s + 6, (unsigned)(2 * segments));
    put16(s + 8, 2 * search), put16(s + 10, selector);
    put16(s + 12, (unsigned)(2 * segments - 2 * search));
    size_t k = 0;
    for (size_t i = 0; i < count && cps[i] < 0xFFFF; i++) {
        if (i && cps[i] == cps[i - 1] + 1 && gids[i] == gids[i - 1] + 1) {
            put16(end + 2 * (k - 1), cps[i]);
            continue;
        }
        put16(end + 2 * k, cps[i]), put16(start + 2 * k, cps[i]);
        put16(delta + 2 * k, (gids[i] - cps[i]) & 0xFFFF);
        k++;
    }
    put16(end + 2 * k, 0xFFFF), put16(start + 2 * k, 0xFFFF), put16(delta + 2 * k, 1);
    *out = s;
    return len;
}

/* cmap: (3,1) format 4 for the BMP and (3,10) format 12 for every code point. */
static hb_blob_t *unicode_cmap(const uint32_t *cps, const unsigned *gids, size_t count)
{
    unsigned char *bmp = NULL;
    size_t bmp_len = unicode_format4(cps, gids, count, &bmp);
    size_t full_len = 16 + 12 * count, tables = bmp_len ? 2 : 1;
    size_t head = 4 + 8 * tables, len = head + bmp_len + full_len;
    unsigned char *t = calloc(1, len);
    put16(t + 2, (unsigned)tables);
    unsigned char *record = t + 4;
    if (bmp_len) {
        put16(record, 3), put16(record + 2, 1), put32(record + 4, (uint32_t)head);
        memcpy(t + head, bmp, bmp_len);
        record += 8;
    }
    put16(record, 3), put16(record + 2, 10), put32(record + 4, (uint32_t)(head + bmp_len));
    free(bmp);
    unsigned char *s = t + head + bmp_len;
    put16(s, 12), put32(s + 4, (uint32_t)full_len), put32(s + 12, (uint32_t)count);
    for (size_t i = 0; i < count; i++) {
        unsigned char *group = s + 16 + 12 * i;
        put32(group, cps[i]), put32(group + 4, cps[i]), put32(group + 8, gids[i]);
    }
    return hb_blob_create((const char *)t, (unsigned)len, HB_MEMORY_MODE_WRITABLE, t, free);
}

static const char *const opentype_tables[] = {"CFF ", "OS/2", "cmap", "head", "hhea",
                                              "hmtx", "maxp", "name", "post"};

unsigned char *subset_face_file(const font_face *face, const uint32_t *cps, const unsigned *glyphs,
                                size_t count, size_t *size)
{
    unsigned *new_glyphs = calloc(count + 1, sizeof *new_glyphs);
    hb_face_t *small = new_glyphs ? cut(face, glyphs, count, new_glyphs, false) : NULL;
    if (!small) {
        free(new_glyphs);
        return NULL;
    }
    const char *const *tags = face->cff ? opentype_tables : kept_tables;
    size_t tag_count = face->cff ? sizeof opentype_tables / sizeof *opentype_tables
                                 : sizeof kept_tables / sizeof *kept_tables;
    unsigned char *out =
        build_font(small, tags, tag_count, unicode_cmap(cps, new_glyphs, count), size);
    hb_face_destroy(small);
    free(new_glyphs);
    return out;
}
