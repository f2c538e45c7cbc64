#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "subset.h"

#include <fcntl.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The glyphs a document needs, and the components of its composite glyphs. */
typedef struct glyph_reader {
    int fd;
    off_t glyf_at; /* of the glyf table in the file */
    const unsigned char *loca;
    bool long_loca;
    unsigned glyph_count;
    unsigned char *copy; /* the sparse glyf table being filled */
    size_t glyf_length;
    unsigned char *seen; /* one flag per glyph */
} glyph_reader;

static void glyph_range(const glyph_reader *g, unsigned gid, size_t *begin, size_t *end)
{
    if (g->long_loca)
        *begin = get32(g->loca + 4 * gid), *end = get32(g->loca + 4 * (gid + 1));
    else
        *begin = 2 * (size_t)get16(g->loca + 2 * gid),
        *end = 2 * (size_t)get16(g->loca + 2 * (gid + 1));
}

static void copy_glyph(glyph_reader *g, unsigned gid, int depth)
{
    if (gid >= g->glyph_count || g->seen[gid] || depth > 8)
        return;
    g->seen[gid] = 1;
    size_t begin, end;
    glyph_range(g, gid, &begin, &end);
    if (end <= begin || end > g->glyf_length ||
        pread(g->fd, g->copy + begin, end - begin, g->glyf_at + (off_t)begin) !=
            (ssize_t)(end - begin))
        return;
    const unsigned char *p = g->copy + begin, *stop = g->copy + end;
    if (end - begin < 10 || (int16_t)get16(p) >= 0)
        return; /* a simple glyph */
    for (p += 10; p + 4 <= stop;) {
        unsigned flags = get16(p), component = get16(p + 2);
        copy_glyph(g, component, depth + 1);
        p += 4 + ((flags & 0x0001) ? 4 : 2);
        p += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
        if (!(flags & 0x0020))
            break;
    }
}

static void unmap(void *user_data)
{
    glyph_reader *g = user_data;
    munmap(g->copy, g->glyf_length);
    free(g);
}

/* A glyf table holding only the document's glyphs, read with pread into an
 * anonymous mapping: the rest of it stays unread zeros, so a 17 MB glyf table
 * costs the machine only the glyphs used. (Reading through the face's own
 * mapping would fault in 64 KB around every glyph.) */
static hb_blob_t *sparse_glyf(const font_face *face, const unsigned *glyphs, size_t count)
{
    hb_face_t *view = (hb_face_t *)face->hb_face;
    hb_blob_t *glyf = hb_face_reference_table(view, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *loca = hb_face_reference_table(view, HB_TAG('l', 'o', 'c', 'a'));
    hb_blob_t *head = hb_face_reference_table(view, HB_TAG('h', 'e', 'a', 'd'));
    unsigned glyf_len, loca_len, head_len;
    const char *glyf_data = hb_blob_get_data(glyf, &glyf_len);
    const unsigned char *loca_data = (const unsigned char *)hb_blob_get_data(loca, &loca_len);
    const unsigned char *head_data = (const unsigned char *)hb_blob_get_data(head, &head_len);
    hb_blob_t *result = NULL;
    glyph_reader *g = calloc(1, sizeof *g);
    g->fd = -1;
    if (glyf_len && head_len >= 54 && (const unsigned char *)glyf_data >= face->data &&
        (const unsigned char *)glyf_data + glyf_len <= face->data + face->size) {
        g->long_loca = get16(head_data + 50) != 0;
        g->glyph_count = (unsigned)(loca_len / (g->long_loca ? 4 : 2));
        g->glyph_count = g->glyph_count ? g->glyph_count - 1 : 0;
        g->loca = loca_data;
        g->glyf_at = (off_t)((const unsigned char *)glyf_data - face->data);
        g->glyf_length = glyf_len;
        g->seen = calloc(g->glyph_count + 1, 1);
        g->copy = mmap(NULL, glyf_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        g->fd = open(face->path, O_RDONLY | O_CLOEXEC);
        if (g->copy != MAP_FAILED && g->fd >= 0) {
            copy_glyph(g, 0, 0);
            for (size_t i = 0; i < count; i++)
                copy_glyph(g, glyphs[i], 0);
            close(g->fd);
            free(g->seen);
            g->seen = NULL;
            result =
                hb_blob_create((const char *)g->copy, glyf_len, HB_MEMORY_MODE_READONLY, g, unmap);
            g = NULL;
        }
    }
    if (g) {
        if (g->copy && g->copy != MAP_FAILED)
            munmap(g->copy, g->glyf_length);
        free(g->seen);
        if (g->fd >= 0)
            close(g->fd);
        free(g);
    }
    hb_blob_destroy(glyf), hb_blob_destroy(loca), hb_blob_destroy(head);
    return result;
}

typedef struct document_face {
    hb_face_t *view;
    hb_blob_t *glyf;
} document_face;

static hb_blob_t *document_table(hb_face_t *face, hb_tag_t tag, void *user_data)
{
    (void)face;
    document_face *d = user_data;
    if (tag == HB_TAG('g', 'l', 'y', 'f'))
        return hb_blob_reference(d->glyf);
    return hb_face_reference_table(d->view, tag);
}

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
    hb_face_t *source = (hb_face_t *)face->hb_face;
    document_face doc = {source, sparse_glyf(face, glyphs, count)};
    if (doc.glyf) {
        source = hb_face_create_for_tables(document_table, &doc, NULL);
        hb_face_set_upem(source, face->units_per_em);
        hb_face_set_glyph_count(source, hb_face_get_glyph_count(doc.view));
    }
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
    if (doc.glyf) {
        hb_face_destroy(source);
        hb_blob_destroy(doc.glyf);
    }
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
