#include "subset.h"

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

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What one document's subset is made from: the face's glyf, loca and head
 * rewritten to hold only the glyphs it draws (and their components), read
 * with pread. The rest of a 17 MB glyf table is never touched, so it costs
 * neither memory nor page faults; glyph ids stay as they are. */
typedef struct glyph_source {
    int fd;
    off_t glyf_at; /* of the glyf table in the file */
    size_t glyf_length;
    const unsigned char *loca;
    bool long_loca;
    unsigned glyph_count;
    unsigned char **data; /* per glyph: its bytes (inside a chunk), or NULL */
    uint32_t *length;
    unsigned char **chunks; /* what was read, to free */
    size_t chunk_count, chunk_cap;
} glyph_source;

static unsigned char *read_chunk(glyph_source *g, size_t begin, size_t end)
{
    unsigned char *bytes = malloc(end - begin);
    if (!bytes ||
        pread(g->fd, bytes, end - begin, g->glyf_at + (off_t)begin) != (ssize_t)(end - begin)) {
        free(bytes);
        return NULL;
    }
    if (g->chunk_count == g->chunk_cap) {
        g->chunk_cap = g->chunk_cap ? 2 * g->chunk_cap : 16;
        g->chunks = realloc(g->chunks, g->chunk_cap * sizeof *g->chunks);
    }
    g->chunks[g->chunk_count++] = bytes;
    return bytes;
}

static void glyph_range(const glyph_source *g, unsigned gid, size_t *begin, size_t *end)
{
    if (g->long_loca)
        *begin = get32(g->loca + 4 * gid), *end = get32(g->loca + 4 * (gid + 1));
    else
        *begin = 2 * (size_t)get16(g->loca + 2 * gid),
        *end = 2 * (size_t)get16(g->loca + 2 * (gid + 1));
}

static void read_glyph(glyph_source *g, unsigned gid, int depth);

/* A composite glyph's components are read too. */
static void read_components(glyph_source *g, unsigned gid, int depth)
{
    const unsigned char *p = g->data[gid], *stop = p + g->length[gid];
    if (g->length[gid] < 10 || (int16_t)get16(p) >= 0)
        return; /* a simple glyph */
    for (p += 10; p + 4 <= stop;) {
        unsigned flags = get16(p), component = get16(p + 2);
        read_glyph(g, component, depth + 1);
        p += 4 + ((flags & 0x0001) ? 4 : 2);
        p += (flags & 0x0008) ? 2 : (flags & 0x0040) ? 4 : (flags & 0x0080) ? 8 : 0;
        if (!(flags & 0x0020))
            break;
    }
}

static void read_glyph(glyph_source *g, unsigned gid, int depth)
{
    if (gid >= g->glyph_count || g->data[gid] || depth > 8)
        return;
    size_t begin, end;
    glyph_range(g, gid, &begin, &end);
    if (end <= begin || end > g->glyf_length || !(g->data[gid] = read_chunk(g, begin, end)))
        return;
    g->length[gid] = (uint32_t)(end - begin);
    read_components(g, gid, depth);
}

static int by_value(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The requested glyphs in file order, neighbours read together: one read
 * per run of glyphs less than a page apart, not one per glyph. */
static void read_requested(glyph_source *g, const unsigned *glyphs, size_t count)
{
    uint64_t *order = malloc((count + 1) * sizeof *order); /* offset << 20 | gid */
    size_t n = 0;
    for (size_t i = 0; i <= count; i++) {
        unsigned gid = i < count ? glyphs[i] : 0;
        size_t begin, end;
        if (gid >= g->glyph_count)
            continue;
        glyph_range(g, gid, &begin, &end);
        if (end > begin && end <= g->glyf_length && begin < ((size_t)1 << 43))
            order[n++] = (uint64_t)begin << 20 | gid;
    }
    qsort(order, n, sizeof *order, by_value);
    for (size_t i = 0; i < n;) {
        size_t j = i, first, last_end, begin, end;
        glyph_range(g, (unsigned)(order[i] & 0xFFFFF), &first, &last_end);
        while (j + 1 < n) {
            glyph_range(g, (unsigned)(order[j + 1] & 0xFFFFF), &begin, &end);
            if (begin > last_end + 4096 || end - first > (1u << 20))
                break;
            last_end = end > last_end ? end : last_end;
            j++;
        }
        unsigned char *chunk = read_chunk(g, first, last_end);
        for (size_t k = i; chunk && k <= j; k++) {
            unsigned gid = (unsigned)(order[k] & 0xFFFFF);
            glyph_range(g, gid, &begin, &end);
            g->data[gid] = chunk + (begin - first);
            g->length[gid] = (uint32_t)(end - begin);
        }
        i = j + 1;
    }
    for (size_t k = 0; k < n; k++)
        read_components(g, (unsigned)(order[k] & 0xFFFFF), 0);
    free(order);
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

typedef struct document_face {
    hb_face_t *view;
    hb_blob_t *glyf, *loca, *head;
} document_face;

/* glyf in glyph order, a long loca over it, and head saying loca is long. */
static bool compact_tables(glyph_source *g, const unsigned char *head, unsigned head_length,
                           document_face *out)
{
    size_t total = 0;
    for (unsigned gid = 0; gid < g->glyph_count; gid++)
        total += (g->length[gid] + 3u) & ~3u;
    unsigned char *glyf = malloc(total ? total : 4),
                  *loca = malloc(4 * ((size_t)g->glyph_count + 1));
    unsigned char *head_copy = malloc(head_length);
    if (!glyf || !loca || !head_copy) {
        free(glyf), free(loca), free(head_copy);
        return false;
    }
    size_t at = 0;
    for (unsigned gid = 0; gid < g->glyph_count; gid++) {
        put32(loca + 4 * gid, (uint32_t)at);
        if (g->data[gid]) {
            memcpy(glyf + at, g->data[gid], g->length[gid]);
            size_t padded = (g->length[gid] + 3u) & ~3u;
            memset(glyf + at + g->length[gid], 0, padded - g->length[gid]);
            at += padded;
        }
    }
    put32(loca + 4 * g->glyph_count, (uint32_t)at);
    memcpy(head_copy, head, head_length);
    head_copy[50] = 0, head_copy[51] = 1; /* indexToLocFormat: long */
    out->glyf = hb_blob_create((const char *)glyf, (unsigned)(at ? at : 4), HB_MEMORY_MODE_WRITABLE,
                               glyf, free);
    out->loca = hb_blob_create((const char *)loca, 4 * (g->glyph_count + 1),
                               HB_MEMORY_MODE_WRITABLE, loca, free);
    out->head = hb_blob_create((const char *)head_copy, head_length, HB_MEMORY_MODE_WRITABLE,
                               head_copy, free);
    return true;
}

/* Reads what the document's glyphs need into out; false when the face's
 * tables are not where they should be (the caller subsets the face as is). */
static bool read_document_glyphs(const font_face *face, const unsigned *glyphs, size_t count,
                                 document_face *out)
{
    hb_face_t *view = (hb_face_t *)face->hb_face;
    hb_blob_t *glyf = hb_face_reference_table(view, HB_TAG('g', 'l', 'y', 'f'));
    hb_blob_t *loca = hb_face_reference_table(view, HB_TAG('l', 'o', 'c', 'a'));
    hb_blob_t *head = hb_face_reference_table(view, HB_TAG('h', 'e', 'a', 'd'));
    unsigned glyf_len, loca_len, head_len;
    const unsigned char *glyf_data = (const unsigned char *)hb_blob_get_data(glyf, &glyf_len);
    const unsigned char *loca_data = (const unsigned char *)hb_blob_get_data(loca, &loca_len);
    const unsigned char *head_data = (const unsigned char *)hb_blob_get_data(head, &head_len);
    bool ok = false;
    glyph_source g = {.fd = -1};
    if (glyf_len && head_len >= 54 && glyf_data >= face->data &&
        glyf_data + glyf_len <= face->data + face->size) {
        g.long_loca = get16(head_data + 50) != 0;
        g.glyph_count = (unsigned)(loca_len / (g.long_loca ? 4 : 2));
        g.glyph_count = g.glyph_count ? g.glyph_count - 1 : 0;
        g.loca = loca_data;
        g.glyf_at = (off_t)(glyf_data - face->data);
        g.glyf_length = glyf_len;
        g.data = calloc(g.glyph_count + 1, sizeof *g.data);
        g.length = calloc(g.glyph_count + 1, sizeof *g.length);
        g.fd = open(face->path, O_RDONLY | O_CLOEXEC);
        if (g.data && g.length && g.fd >= 0 && g.glyph_count) {
            read_requested(&g, glyphs, count);
            ok = compact_tables(&g, head_data, head_len, out);
        }
        for (size_t c = 0; c < g.chunk_count; c++)
            free(g.chunks[c]);
        free(g.chunks), free(g.data), free(g.length);
        if (g.fd >= 0)
            close(g.fd);
    }
    hb_blob_destroy(glyf), hb_blob_destroy(loca), hb_blob_destroy(head);
    return ok;
}

static hb_blob_t *document_table(hb_face_t *face, hb_tag_t tag, void *user_data)
{
    (void)face;
    document_face *d = user_data;
    if (tag == HB_TAG('g', 'l', 'y', 'f'))
        return hb_blob_reference(d->glyf);
    if (tag == HB_TAG('l', 'o', 'c', 'a'))
        return hb_blob_reference(d->loca);
    if (tag == HB_TAG('h', 'e', 'a', 'd'))
        return hb_blob_reference(d->head);
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
    /* Charstrings without subroutines deflate to less than with them. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NAME_LEGACY |
                                         (face->cff ? HB_SUBSET_FLAGS_DESUBROUTINIZE : 0));
    hb_face_t *source = (hb_face_t *)face->hb_face;
    document_face doc = {source, NULL, NULL, NULL};
    if (read_document_glyphs(face, glyphs, count, &doc)) {
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
        hb_blob_destroy(doc.glyf), hb_blob_destroy(doc.loca), hb_blob_destroy(doc.head);
    }
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

unsigned char *subset_face(const font_face *face, const unsigned *glyphs, const int *extra,
                           size_t count, unsigned *new_glyphs, size_t *size)
{
    hb_face_t *small = cut(face, glyphs, count, new_glyphs);
    if (!small)
        return NULL;
    size_t copy_count;
    glyph_copy *copies =
        copies_of(extra, count, hb_face_get_glyph_count(small), new_glyphs, &copy_count);
    unsigned char *out = NULL;
    if (face->cff) {
        out = cff_subset(small, copies, copy_count, new_glyphs, count, size);
    } else if (copy_count) {
        hb_face_t *wide = truetype_with_copies(small, copies, copy_count);
        out = wide ? truetype_program(wide, new_glyphs, count, size) : NULL;
        hb_face_destroy(wide);
    } else {
        out = truetype_program(small, new_glyphs, count, size);
    }
    free(copies);
    hb_face_destroy(small);
    return out;
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
    hb_face_t *small = new_glyphs ? cut(face, glyphs, count, new_glyphs) : NULL;
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
