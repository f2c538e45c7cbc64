#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "subset_source.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* The tables rebuilt for one document; NULL where the face's own serve. */
typedef struct document_face {
    hb_face_t *view;
    hb_blob_t *glyf, *loca, *head, *cff;
} document_face;

/* ---- TrueType: glyf, loca and head ------------------------------------------ */

/* The glyphs drawn and their components, read from glyf with pread. */
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
    hb_face_t *view = out->view;
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

/* ---- CFF: CharStrings ------------------------------------------------------- */

/* Bytes [at, at + n) of the file into to; false on a short read. */
static bool read_at(int fd, unsigned char *to, size_t n, off_t at)
{
    while (n) {
        ssize_t got = pread(fd, to, n, at);
        if (got <= 0)
            return false;
        to += got, n -= (size_t)got, at += got;
    }
    return true;
}

/* Where the INDEX at `at` ends, or 0 when it runs past len. */
static size_t index_end(const unsigned char *cff, size_t len, size_t at)
{
    if (at + 2 > len)
        return 0;
    unsigned count = get16(cff + at);
    if (!count)
        return at + 2;
    unsigned size = at + 3 <= len ? cff[at + 2] : 0;
    size_t offsets = at + 3, last = 0;
    if (size < 1 || size > 4 || offsets + (size_t)(count + 1) * size > len)
        return 0;
    for (unsigned k = 0; k < size; k++)
        last = last << 8 | cff[offsets + (size_t)count * size + k];
    size_t end = offsets + (size_t)(count + 1) * size - 1 + last;
    return end <= len ? end : 0;
}

/* The integer operand of DICT operator op (12 x as 1200 + x) in [p, end). */
static bool dict_int(const unsigned char *p, const unsigned char *end, unsigned op, size_t *value)
{
    long operand = -1;
    while (p < end) {
        unsigned b = *p;
        if (b <= 21) {
            unsigned this_op = b == 12 && p + 1 < end ? 1200u + p[1] : b;
            p += b == 12 ? 2 : 1;
            if (this_op == op) {
                *value = (size_t)operand;
                return operand >= 0;
            }
            operand = -1;
        } else if (b == 28 && p + 3 <= end) {
            operand = (int16_t)get16(p + 1), p += 3;
        } else if (b == 29 && p + 5 <= end) {
            operand = (int32_t)get32(p + 1), p += 5;
        } else if (b == 30) { /* a real: nibbles up to 0xF */
            for (p++; p < end && (*p & 0x0F) != 0x0F && (*p & 0xF0) != 0xF0; p++)
                ;
            operand = -1, p++;
        } else if (b >= 32 && b <= 246) {
            operand = (long)b - 139, p++;
        } else if (b >= 247 && b <= 254 && p + 2 <= end) {
            long v = (long)((b - 247) & 3) * 256 + p[1] + 108;
            operand = b <= 250 ? v : -v, p += 2;
        } else {
            return false;
        }
    }
    return false;
}

/* A CharStrings INDEX: its glyph count and where its offsets and data lie. */
typedef struct charstrings {
    unsigned count, off_size;
    size_t offsets, base; /* glyph i's data starts at base + offset i */
} charstrings;

static size_t cs_offset(const unsigned char *t, const charstrings *cs, unsigned i)
{
    size_t v = 0;
    for (unsigned k = 0; k < cs->off_size; k++)
        v = v << 8 | t[cs->offsets + (size_t)i * cs->off_size + k];
    return v;
}

static void cs_set_offset(unsigned char *t, const charstrings *cs, unsigned i, size_t v)
{
    for (unsigned k = cs->off_size; k-- > 0; v >>= 8)
        t[cs->offsets + (size_t)i * cs->off_size + k] = (unsigned char)v;
}

/* Where the CharStrings INDEX lies, from the operand of the Top DICT's
 * operator 17. */
static bool find_charstrings(const unsigned char *cff, size_t len, charstrings *cs)
{
    size_t names, top_end, at;
    if (len < 4 || !(names = index_end(cff, len, cff[2])) || names + 3 > len ||
        get16(cff + names) != 1 || !(top_end = index_end(cff, len, names)))
        return false;
    charstrings top = {1, cff[names + 2], names + 3, names + 3 + 2 * (size_t)cff[names + 2] - 1};
    size_t first = top.base + cs_offset(cff, &top, 0);
    if (first > top_end || !dict_int(cff + first, cff + top_end, 17, &at) || at + 3 > len)
        return false;
    cs->count = get16(cff + at), cs->off_size = cff[at + 2];
    cs->offsets = at + 3;
    cs->base = cs->offsets + ((size_t)cs->count + 1) * cs->off_size - 1;
    return cs->count && cs->off_size >= 1 && cs->off_size <= 4 && cs->base < len;
}

/* Makes the pages of [from, to) present and writable in one call, not one
 * page fault each (which costs a virtual machine dearly); best effort. */
static void populate(unsigned char *from, unsigned char *to)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (uintptr_t)from & ~(page - 1);
    if (to > from)
        madvise((void *)first, (uintptr_t)to - first, MADV_POPULATE_WRITE);
#else
    (void)from, (void)to;
#endif
}

/* Each used glyph's charstring moved to its place in the packed data:
 * the glyphs before `gap` from the start, those after it up to the end, and
 * the bytes between given to `gap`, a glyph not drawn. So the INDEX keeps
 * its length, and all that follows it (FDArray, Private DICTs, their
 * subroutines) its offsets. Neighbours are read with one pread. */
static bool pack_charstrings(int fd, off_t table_at, unsigned char *t, const charstrings *cs,
                             const bool *used, unsigned gap)
{
    size_t *old = malloc(((size_t)cs->count + 1) * sizeof *old);
    if (!old)
        return false;
    for (unsigned i = 0; i <= cs->count; i++)
        old[i] = cs_offset(t, cs, i);
    size_t kept = 0, before_gap = 0;
    bool ok = true;
    for (unsigned i = 0; i < cs->count && ok; i++) {
        ok = old[i] <= old[i + 1];
        kept += used[i] ? old[i + 1] - old[i] : 0;
        before_gap = i == gap ? kept : before_gap;
    }
    if (ok) { /* where the packed glyphs go, on either side of the gap */
        populate(t + cs->base + old[0], t + cs->base + old[0] + before_gap);
        populate(t + cs->base + old[cs->count] - (kept - before_gap),
                 t + cs->base + old[cs->count]);
    }
    size_t at = old[0];
    for (unsigned i = 0; i < cs->count && ok; i++) {
        cs_set_offset(t, cs, i, at);
        if (i == gap)
            at += old[cs->count] - old[0] - kept;
        else if (used[i])
            at += old[i + 1] - old[i];
    }
    unsigned char *run = NULL;
    for (unsigned i = 0; i < cs->count && ok;) {
        if (!used[i] || i == gap) {
            i++;
            continue;
        }
        /* glyphs i..last, drawn ones less than a page apart, read together */
        unsigned last = i;
        for (unsigned k = i + 1;
             k < cs->count && old[k] - old[last + 1] <= 4096 && old[k + 1] - old[i] <= 65536; k++)
            if (used[k] && k != gap)
                last = k;
        size_t n = old[last + 1] - old[i];
        unsigned char *grown = n ? realloc(run, n) : run;
        ok = !n || (grown && read_at(fd, run = grown, n, table_at + (off_t)(cs->base + old[i])));
        for (unsigned k = i; k <= last && ok; k++)
            if (used[k] && k != gap)
                memcpy(t + cs->base + cs_offset(t, cs, k), run + (old[k] - old[i]),
                       old[k + 1] - old[k]);
        i = last + 1;
    }
    free(run), free(old);
    return ok;
}

/* The rebuilt CFF table: a reserved range holding the table at `table`. */
typedef struct mapped_table {
    unsigned char *range;
    size_t range_size;
} mapped_table;

static void unmap_table(void *user_data)
{
    mapped_table *m = user_data;
    munmap(m->range, m->range_size);
    free(m);
}

/* Maps bytes [from, to) of the table, which starts at table_at in the file,
 * over its place in m: private and writable, so that the pages written
 * become the process's own and the rest stay the file's. */
static bool map_file_part(const mapped_table *m, unsigned char *table, int fd, off_t table_at,
                          size_t from, size_t to)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t first = (uintptr_t)(table + from) & ~(page - 1);
    uintptr_t last = ((uintptr_t)(table + to) + page - 1) & ~(page - 1);
    if (last > (uintptr_t)(m->range + m->range_size))
        last = (uintptr_t)(m->range + m->range_size);
    off_t at = table_at + (off_t)(first - (uintptr_t)table);
    return mmap((void *)first, last - first, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd,
                at) != MAP_FAILED;
}

/* The face's CFF table with CharStrings holding only the glyphs drawn. The
 * table is laid out in a range reserved for it: what precedes the glyph data
 * (headers, global subroutines, charset, the CharStrings offsets, rewritten)
 * is read in; what follows it (FDArray, Private DICTs and their subroutines)
 * is the file's pages, mapped, so that only what hb-subset reads of it is
 * ever read; the glyph data between is anonymous memory, of which only the
 * pages written (the packed glyphs) cost anything. */
static bool read_document_charstrings(const font_face *face, const unsigned *glyphs, size_t count,
                                      document_face *out)
{
    hb_blob_t *blob = hb_face_reference_table(out->view, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const unsigned char *cff = (const unsigned char *)hb_blob_get_data(blob, &len);
    charstrings cs;
    bool ok = len && cff >= face->data && cff + len <= face->data + face->size &&
              find_charstrings(cff, len, &cs);
    off_t table_at = ok ? (off_t)(cff - face->data) : 0;
    size_t end = ok ? cs.base + cs_offset(cff, &cs, cs.count) : 0;
    hb_blob_destroy(blob);
    bool *used = ok && end <= len ? calloc(cs.count, sizeof *used) : NULL;
    unsigned gap = 1;
    if (used) {
        used[0] = true;
        for (size_t i = 0; i < count; i++)
            if (glyphs[i] < cs.count)
                used[glyphs[i]] = true;
        while (gap < cs.count && used[gap])
            gap++;
    }
    mapped_table *m = used && gap < cs.count ? malloc(sizeof *m) : NULL;
    int fd = m ? open(face->path, O_RDONLY | O_CLOEXEC) : -1;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *range = MAP_FAILED;
    if (fd >= 0) {
        *m = (mapped_table){NULL, len + 2 * page};
        range =
            mmap(NULL, m->range_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
    /* table_at and the table's place agree modulo the page size, as mmap needs */
    unsigned char *t = range != MAP_FAILED ? (unsigned char *)range + table_at % page : NULL;
    if (t) {
        m->range = range;
        populate(t, t + cs.base + 1); /* all before the glyph data, offsets rewritten */
        ok = read_at(fd, t, cs.base + 1, table_at) && map_file_part(m, t, fd, table_at, end, len) &&
             pack_charstrings(fd, table_at, t, &cs, used, gap);
    }
    if (t && ok)
        out->cff = hb_blob_create((const char *)t, len, HB_MEMORY_MODE_READONLY, m, unmap_table);
    else if (t)
        unmap_table(m);
    else
        free(m);
    if (fd >= 0)
        close(fd);
    free(used);
    return t && ok;
}

static hb_blob_t *document_table(hb_face_t *face, hb_tag_t tag, void *user_data)
{
    (void)face;
    document_face *d = user_data;
    hb_blob_t *own = tag == HB_TAG('g', 'l', 'y', 'f')   ? d->glyf
                     : tag == HB_TAG('l', 'o', 'c', 'a') ? d->loca
                     : tag == HB_TAG('h', 'e', 'a', 'd') ? d->head
                     : tag == HB_TAG('C', 'F', 'F', ' ') ? d->cff
                                                         : NULL;
    return own ? hb_blob_reference(own) : hb_face_reference_table(d->view, tag);
}

static void document_face_free(void *user_data)
{
    document_face *d = user_data;
    hb_blob_destroy(d->glyf), hb_blob_destroy(d->loca), hb_blob_destroy(d->head);
    hb_blob_destroy(d->cff);
    free(d);
}

hb_face_t *subset_source_face(const font_face *face, const unsigned *glyphs, size_t count)
{
    document_face *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->view = (hb_face_t *)face->hb_face;
    bool read = face->cff ? read_document_charstrings(face, glyphs, count, d)
                          : read_document_glyphs(face, glyphs, count, d);
    if (!read) {
        document_face_free(d);
        return NULL;
    }
    hb_face_t *source = hb_face_create_for_tables(document_table, d, document_face_free);
    hb_face_set_upem(source, face->units_per_em);
    hb_face_set_glyph_count(source, hb_face_get_glyph_count(d->view));
    return source;
}
