#include "subset.h"

#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

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

static hb_face_t *cut(const font_face *face, const unsigned *glyphs, size_t count,
                      unsigned *new_glyphs)
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
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NAME_LEGACY);
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail((hb_face_t *)face->hb_face, input);
    hb_subset_input_destroy(input);
    if (!plan)
        return NULL;
    const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (size_t i = 0; i < count; i++)
        new_glyphs[i] = hb_map_get(old_to_new, glyphs[i]);
    hb_face_t *result = hb_subset_plan_execute_or_fail(plan);
    hb_subset_plan_destroy(plan);
    return result;
}

unsigned char *subset_face(const font_face *face, const unsigned *glyphs, size_t count,
                           unsigned *new_glyphs, size_t *size)
{
    hb_face_t *small = cut(face, glyphs, count, new_glyphs);
    if (!small)
        return NULL;
    hb_face_t *builder = hb_face_builder_create();
    for (size_t i = 0; i < sizeof kept_tables / sizeof *kept_tables; i++) {
        hb_tag_t tag = hb_tag_from_string(kept_tables[i], 4);
        hb_blob_t *blob = tag == HB_TAG('c', 'm', 'a', 'p') ? document_cmap(new_glyphs, count)
                                                            : hb_face_reference_table(small, tag);
        if (hb_blob_get_length(blob))
            hb_face_builder_add_table(builder, tag, blob);
        hb_blob_destroy(blob);
    }
    hb_blob_t *font = hb_face_reference_blob(builder);
    unsigned len = 0;
    const char *data = hb_blob_get_data(font, &len);
    unsigned char *out = NULL;
    if (len) {
        out = malloc(len);
        memcpy(out, data, len);
        *size = len;
    }
    hb_blob_destroy(font);
    hb_face_destroy(builder);
    hb_face_destroy(small);
    return out;
}
