#include "widen.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* ---- TrueType: glyf, loca, hmtx, hhea, maxp ------------------------------------- */

static bool table_of(hb_face_t *face, const char *tag, hb_blob_t **blob, const unsigned char **data,
                     unsigned *len)
{
    *blob = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    *data = (const unsigned char *)hb_blob_get_data(*blob, len);
    return *len > 0;
}

static hb_blob_t *owned_blob(unsigned char *data, size_t len)
{
    return hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);
}

typedef struct tt_tables {
    hb_blob_t *blob[5];
    const unsigned char *glyf, *loca, *hmtx, *hhea, *maxp;
    unsigned glyf_len, loca_len, hmtx_len, hhea_len, maxp_len;
} tt_tables;

static void drop_tables(tt_tables *t)
{
    for (int i = 0; i < 5; i++)
        hb_blob_destroy(t->blob[i]);
}

static size_t glyph_at(const tt_tables *t, bool long_loca, unsigned g, size_t *end)
{
    if (long_loca) {
        *end = (size_t)get16(t->loca + 4 * g + 4) << 16 | get16(t->loca + 4 * g + 6);
        return (size_t)get16(t->loca + 4 * g) << 16 | get16(t->loca + 4 * g + 2);
    }
    *end = 2 * (size_t)get16(t->loca + 2 * g + 2);
    return 2 * (size_t)get16(t->loca + 2 * g);
}

/* The copies' outlines after the face's own, and a long loca over all. */
static void copy_outlines(const tt_tables *t, bool long_loca, unsigned count,
                          const glyph_copy *copies, size_t copy_count, hb_blob_t **glyf,
                          hb_blob_t **loca)
{
    size_t extra = 0, end;
    for (size_t k = 0; k < copy_count; k++) {
        size_t begin = glyph_at(t, long_loca, copies[k].glyph, &end);
        extra += begin < end ? end - begin + 3 : 0;
    }
    unsigned char *g = malloc(t->glyf_len + extra + 4);
    unsigned char *l = malloc(4 * ((size_t)count + copy_count + 1));
    memcpy(g, t->glyf, t->glyf_len);
    for (unsigned i = 0; i < count; i++) {
        size_t begin = glyph_at(t, long_loca, i, &end);
        put32(l + 4 * i, (uint32_t)begin);
    }
    size_t at = t->glyf_len;
    for (size_t k = 0; k < copy_count; k++) {
        size_t begin = glyph_at(t, long_loca, copies[k].glyph, &end);
        put32(l + 4 * (count + k), (uint32_t)at);
        if (begin < end && end <= t->glyf_len) {
            memcpy(g + at, t->glyf + begin, end - begin);
            at += end - begin;
            while (at % 4)
                g[at++] = 0;
        }
    }
    put32(l + 4 * (count + copy_count), (uint32_t)at);
    *glyf = owned_blob(g, at ? at : 4);
    *loca = owned_blob(l, 4 * ((size_t)count + copy_count + 1));
}

hb_face_t *truetype_with_copies(hb_face_t *small, const glyph_copy *copies, size_t copy_count)
{
    tt_tables t = {0};
    hb_blob_t *head_blob;
    const unsigned char *head;
    unsigned head_len;
    bool ok = table_of(small, "glyf", &t.blob[0], &t.glyf, &t.glyf_len) &
              table_of(small, "loca", &t.blob[1], &t.loca, &t.loca_len) &
              table_of(small, "hmtx", &t.blob[2], &t.hmtx, &t.hmtx_len) &
              table_of(small, "hhea", &t.blob[3], &t.hhea, &t.hhea_len) &
              table_of(small, "maxp", &t.blob[4], &t.maxp, &t.maxp_len) &
              table_of(small, "head", &head_blob, &head, &head_len);
    unsigned count = hb_face_get_glyph_count(small);
    bool long_loca = ok && head_len >= 54 && get16(head + 50) != 0;
    unsigned metrics = ok && t.hhea_len >= 36 ? get16(t.hhea + 34) : 0;
    if (!ok || head_len < 54 || t.maxp_len < 6 || !metrics || metrics > count ||
        t.hmtx_len < 4 * metrics + 2 * (count - metrics) ||
        t.loca_len < (long_loca ? 4u : 2u) * (count + 1)) {
        drop_tables(&t), hb_blob_destroy(head_blob);
        return NULL;
    }
    for (size_t k = 0; k < copy_count; k++)
        if (copies[k].glyph >= count) {
            drop_tables(&t), hb_blob_destroy(head_blob);
            return NULL;
        }
    hb_blob_t *glyf, *loca;
    copy_outlines(&t, long_loca, count, copies, copy_count, &glyf, &loca);
    size_t total = count + copy_count;
    unsigned char *hmtx = malloc(4 * total), *hhea = malloc(t.hhea_len);
    unsigned char *maxp = malloc(t.maxp_len), *head_copy = malloc(head_len);
    unsigned widest = 0;
    for (size_t g = 0; g < total; g++) {
        unsigned src = g < count ? (unsigned)g : copies[g - count].glyph;
        int adv = (int)get16(t.hmtx + 4 * (src < metrics ? src : metrics - 1));
        unsigned lsb = src < metrics ? get16(t.hmtx + 4 * src + 2)
                                     : get16(t.hmtx + 4 * metrics + 2 * (src - metrics));
        if (g >= count)
            adv += copies[g - count].extra;
        adv = adv < 0 ? 0 : adv;
        put16(hmtx + 4 * g, (unsigned)adv), put16(hmtx + 4 * g + 2, lsb);
        widest = (unsigned)adv > widest ? (unsigned)adv : widest;
    }
    memcpy(hhea, t.hhea, t.hhea_len), put16(hhea + 10, widest), put16(hhea + 34, (unsigned)total);
    memcpy(maxp, t.maxp, t.maxp_len), put16(maxp + 4, (unsigned)total);
    memcpy(head_copy, head, head_len), put16(head_copy + 50, 1);
    hb_face_t *builder = hb_face_builder_create();
    hb_blob_t *made[] = {glyf,
                         loca,
                         owned_blob(hmtx, 4 * total),
                         owned_blob(hhea, t.hhea_len),
                         owned_blob(maxp, t.maxp_len),
                         owned_blob(head_copy, head_len)};
    static const char *const tags[] = {"glyf", "loca", "hmtx", "hhea", "maxp", "head"};
    for (int i = 0; i < 6; i++) {
        hb_face_builder_add_table(builder, hb_tag_from_string(tags[i], 4), made[i]);
        hb_blob_destroy(made[i]);
    }
    static const char *const kept[] = {"OS/2", "name", "post"};
    for (int i = 0; i < 3; i++) {
        hb_tag_t tag = hb_tag_from_string(kept[i], 4);
        hb_blob_t *blob = hb_face_reference_table(small, tag);
        if (hb_blob_get_length(blob))
            hb_face_builder_add_table(builder, tag, blob);
        hb_blob_destroy(blob);
    }
    drop_tables(&t), hb_blob_destroy(head_blob);
    return builder;
}

/* ---- CFF: a CID-keyed program rebuilt with the copies -------------------------- */

typedef struct cff_index {
    size_t count;
    size_t *offsets; /* count + 1, absolute */
    size_t end;
} cff_index;

static bool read_index(const unsigned char *cff, size_t size, size_t at, cff_index *ix)
{
    ix->offsets = NULL;
    if (at + 2 > size)
        return false;
    ix->count = get16(cff + at);
    if (!ix->count) {
        ix->end = at + 2;
        ix->offsets = calloc(1, sizeof *ix->offsets);
        return true;
    }
    unsigned off_size = at + 3 <= size ? cff[at + 2] : 0;
    size_t first = at + 3, data = first + (ix->count + 1) * off_size - 1;
    if (off_size < 1 || off_size > 4 || first + (ix->count + 1) * off_size > size)
        return false;
    ix->offsets = malloc((ix->count + 1) * sizeof *ix->offsets);
    for (size_t i = 0; i <= ix->count; i++) {
        size_t v = 0;
        for (unsigned k = 0; k < off_size; k++)
            v = v << 8 | cff[first + i * off_size + k];
        ix->offsets[i] = data + v;
        if (ix->offsets[i] > size || (i && ix->offsets[i] < ix->offsets[i - 1])) {
            free(ix->offsets);
            ix->offsets = NULL;
            return false;
        }
    }
    ix->end = ix->offsets[ix->count];
    return true;
}

/* The operands of DICT operator op (12 x is 1200 + x): their values and, for
 * 32-bit integers, where they are. Returns how many, or -1 when absent. */
static int dict_operands(const unsigned char *d, size_t begin, size_t end, int op, long *value,
                         size_t *where)
{
    int n = 0;
    for (size_t p = begin; p < end;) {
        unsigned b = d[p];
        long v = 0;
        size_t at = 0, len;
        if (b == 29 && p + 5 <= end) {
            v = (long)(int32_t)((uint32_t)d[p + 1] << 24 | (uint32_t)d[p + 2] << 16 |
                                (uint32_t)d[p + 3] << 8 | d[p + 4]);
            at = p + 1, len = 5;
        } else if (b == 28 && p + 3 <= end) {
            v = (int16_t)(d[p + 1] << 8 | d[p + 2]), len = 3;
        } else if (b == 30) {
            for (len = 1;
                 p + len < end && (d[p + len] & 0x0F) != 0x0F && (d[p + len] & 0xF0) != 0xF0; len++)
                ;
            len++;
        } else if (b >= 32 && b <= 246) {
            v = (long)b - 139, len = 1;
        } else if (b >= 247 && b <= 250 && p + 2 <= end) {
            v = ((long)b - 247) * 256 + d[p + 1] + 108, len = 2;
        } else if (b >= 251 && b <= 254 && p + 2 <= end) {
            v = -((long)b - 251) * 256 - d[p + 1] - 108, len = 2;
        } else if (b <= 21) {
            int code = b == 12 && p + 1 < end ? 1200 + d[p + 1] : (int)b;
            if (code == op)
                return n;
            n = 0, p += b == 12 ? 2 : 1;
            continue;
        } else {
            return -1;
        }
        if (n < 48)
            value[n] = v, where[n] = at, n++;
        p += len;
    }
    return -1;
}

/* The first operator of a Type 2 charstring says whether a width comes first. */
static bool width_first(const unsigned char *cs, size_t len, size_t *after_width)
{
    int args = 0;
    size_t first_end = 0;
    for (size_t p = 0; p < len;) {
        unsigned b = cs[p];
        size_t n = b == 28 ? 3 : b == 255 ? 5 : b >= 247 ? 2 : b >= 32 ? 1 : 0;
        if (n) {
            p += n, args++;
            if (args == 1)
                first_end = p;
            continue;
        }
        *after_width = first_end;
        switch (b) {
        case 1:
        case 3:
        case 18:
        case 23:
        case 19:
        case 20:
            return args % 2 == 1;
        case 21:
            return args > 2;
        case 22:
        case 4:
            return args > 1;
        case 14:
            return args == 1 || args == 5;
        default:
            return false;
        }
    }
    return false;
}

static long charstring_number(const unsigned char *p)
{
    unsigned b = p[0];
    if (b == 28)
        return (int16_t)(p[1] << 8 | p[2]);
    if (b == 255)
        return (long)(int32_t)((uint32_t)p[1] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 8 |
                               p[4]) >>
               16;
    if (b >= 251)
        return -((long)b - 251) * 256 - p[1] - 108;
    if (b >= 247)
        return ((long)b - 247) * 256 + p[1] + 108;
    return (long)b - 139;
}

typedef struct font_dict {
    long nominal, fallback; /* nominalWidthX and defaultWidthX */
    size_t private_at, private_len;
    size_t offset_operand; /* of the Private offset, inside the FD dict */
} font_dict;

/* A copy of charstring cs whose width is `extra` more. */
static size_t widened(const unsigned char *cs, size_t len, const font_dict *fd, int extra,
                      unsigned char *out)
{
    size_t after = 0;
    bool has = width_first(cs, len, &after);
    long width = has ? fd->nominal + charstring_number(cs) : fd->fallback;
    long operand = width + extra - fd->nominal;
    out[0] = 28, out[1] = (unsigned char)((operand >> 8) & 0xFF), out[2] = (unsigned char)operand;
    size_t skip = has ? after : 0;
    memcpy(out + 3, cs + skip, len - skip);
    return 3 + len - skip;
}

static void put_index(unsigned char *out, size_t *at, const cff_index *ix, const unsigned char *cff,
                      const size_t *extra_len, unsigned char *const *extra, size_t extra_count)
{
    size_t count = ix->count + extra_count, data = 0;
    for (size_t i = 0; i < ix->count; i++)
        data += ix->offsets[i + 1] - ix->offsets[i];
    for (size_t k = 0; k < extra_count; k++)
        data += extra_len[k];
    unsigned char *p = out + *at;
    put16(p, (unsigned)count), p[2] = 4, p += 3;
    size_t offset = 1;
    for (size_t i = 0; i <= count; i++) {
        put32(p + 4 * i, (uint32_t)offset);
        if (i < ix->count)
            offset += ix->offsets[i + 1] - ix->offsets[i];
        else if (i < count)
            offset += extra_len[i - ix->count];
    }
    p += 4 * (count + 1);
    for (size_t i = 0; i < ix->count; i++) {
        memcpy(p, cff + ix->offsets[i], ix->offsets[i + 1] - ix->offsets[i]);
        p += ix->offsets[i + 1] - ix->offsets[i];
    }
    for (size_t k = 0; k < extra_count; k++)
        memcpy(p, extra[k], extra_len[k]), p += extra_len[k];
    *at = (size_t)(p - out);
}

typedef struct cff_parts {
    size_t top_begin, top_end, prefix_end;
    size_t charstrings_at, fdselect_at, fdarray_at; /* of their 32-bit operands in the Top DICT */
    cff_index charstrings, fdarray;
    unsigned char *fd_of; /* per glyph */
    font_dict *fds;
} cff_parts;

static void drop_parts(cff_parts *c)
{
    free(c->charstrings.offsets), free(c->fdarray.offsets), free(c->fd_of), free(c->fds);
}

static bool read_fdselect(const unsigned char *cff, size_t size, size_t at, size_t glyphs,
                          unsigned char *fd_of)
{
    if (at >= size)
        return false;
    if (cff[at] == 0) {
        if (at + 1 + glyphs > size)
            return false;
        memcpy(fd_of, cff + at + 1, glyphs);
        return true;
    }
    if (cff[at] != 3 || at + 3 > size)
        return false;
    size_t ranges = get16(cff + at + 1), p = at + 3;
    if (p + 3 * ranges + 2 > size)
        return false;
    for (size_t r = 0; r < ranges; r++, p += 3) {
        size_t first = get16(cff + p), last = get16(cff + p + 3);
        for (size_t g = first; g < last && g < glyphs; g++)
            fd_of[g] = cff[p + 2];
    }
    return true;
}

static bool read_parts(const unsigned char *cff, size_t size, cff_parts *c)
{
    cff_index names, tops, strings, subrs;
    memset(c, 0, sizeof *c);
    if (size < 4 || !read_index(cff, size, cff[2], &names))
        return false;
    bool ok = read_index(cff, size, names.end, &tops) && tops.count == 1;
    free(names.offsets);
    if (!ok) {
        free(tops.offsets);
        return false;
    }
    c->top_begin = tops.offsets[0], c->top_end = tops.offsets[1];
    ok = read_index(cff, size, tops.end, &strings) && read_index(cff, size, strings.end, &subrs);
    c->prefix_end = ok ? subrs.end : 0;
    free(tops.offsets), free(strings.offsets), free(subrs.offsets);
    long v[48];
    size_t at[48];
    const int ops[3] = {17, 1237, 1236};
    size_t *where[3] = {&c->charstrings_at, &c->fdselect_at, &c->fdarray_at};
    for (int i = 0; ok && i < 3; i++) {
        ok = dict_operands(cff, c->top_begin, c->top_end, ops[i], v, at) == 1 && at[0];
        *where[i] = ok ? at[0] : 0;
    }
    if (!ok ||
        !read_index(cff, size,
                    get16(cff + c->charstrings_at + 2) | (size_t)get16(cff + c->charstrings_at)
                                                             << 16,
                    &c->charstrings) ||
        !read_index(cff, size,
                    get16(cff + c->fdarray_at + 2) | (size_t)get16(cff + c->fdarray_at) << 16,
                    &c->fdarray) ||
        !c->fdarray.count || c->fdarray.count > 255)
        return false;
    c->fd_of = calloc(c->charstrings.count + 1, 1);
    c->fds = calloc(c->fdarray.count, sizeof *c->fds);
    size_t fdselect = get16(cff + c->fdselect_at + 2) | (size_t)get16(cff + c->fdselect_at) << 16;
    if (!read_fdselect(cff, size, fdselect, c->charstrings.count, c->fd_of))
        return false;
    for (size_t f = 0; f < c->fdarray.count; f++) {
        font_dict *fd = &c->fds[f];
        if (dict_operands(cff, c->fdarray.offsets[f], c->fdarray.offsets[f + 1], 18, v, at) != 2 ||
            !at[1] || v[0] < 0 || v[1] < 0 || (size_t)(v[0] + v[1]) > size)
            return false;
        fd->private_len = (size_t)v[0], fd->private_at = (size_t)v[1];
        fd->offset_operand = at[1] - c->fdarray.offsets[f];
        size_t pb = fd->private_at, pe = pb + fd->private_len;
        if (dict_operands(cff, pb, pe, 19, v, at) >= 0)
            return false; /* local subroutines: the subset is desubroutinized, so none */
        fd->nominal = dict_operands(cff, pb, pe, 21, v, at) == 1 ? v[0] : 0;
        fd->fallback = dict_operands(cff, pb, pe, 20, v, at) == 1 ? v[0] : 0;
    }
    for (size_t g = 0; g < c->charstrings.count; g++)
        if (c->fd_of[g] >= c->fdarray.count)
            return false;
    return true;
}

unsigned char *cff_with_copies(const unsigned char *cff, size_t size, const glyph_copy *copies,
                               size_t copy_count, size_t *out_size)
{
    cff_parts c;
    if (!read_parts(cff, size, &c)) {
        drop_parts(&c);
        return NULL;
    }
    size_t glyphs = c.charstrings.count, extra_bytes = 0;
    unsigned char **extra = calloc(copy_count + 1, sizeof *extra);
    size_t *extra_len = calloc(copy_count + 1, sizeof *extra_len);
    bool ok = true;
    for (size_t k = 0; k < copy_count && ok; k++) {
        unsigned g = copies[k].glyph;
        if (g >= glyphs) {
            ok = false;
            break;
        }
        size_t len = c.charstrings.offsets[g + 1] - c.charstrings.offsets[g];
        extra[k] = malloc(len + 3);
        extra_len[k] = widened(cff + c.charstrings.offsets[g], len, &c.fds[c.fd_of[g]],
                               copies[k].extra, extra[k]);
        extra_bytes += extra_len[k];
    }
    size_t privates = 0;
    for (size_t f = 0; f < c.fdarray.count; f++)
        privates += c.fds[f].private_len;
    size_t bound = c.prefix_end + (c.fdarray.end - c.fdarray.offsets[0]) + 3 + 4 * 256 + privates +
                   1 + glyphs + copy_count + 3 + 4 * (glyphs + copy_count + 1) +
                   (c.charstrings.end - c.charstrings.offsets[0]) + extra_bytes;
    unsigned char *out = ok ? malloc(bound) : NULL;
    size_t at = 0;
    if (out) {
        memcpy(out, cff, c.prefix_end), at = c.prefix_end;
        /* FD dicts, each Private offset moved to where the Private goes */
        size_t fdarray_at = at;
        put_index(out, &at, &c.fdarray, cff, NULL, NULL, 0);
        size_t fd_data = fdarray_at + 3 + 4 * (c.fdarray.count + 1) - 1;
        for (size_t f = 0; f < c.fdarray.count; f++) {
            size_t fd_at = fd_data + 1 + (c.fdarray.offsets[f] - c.fdarray.offsets[0]);
            put32(out + fd_at + c.fds[f].offset_operand, (uint32_t)at);
            memcpy(out + at, cff + c.fds[f].private_at, c.fds[f].private_len);
            at += c.fds[f].private_len;
        }
        size_t fdselect_at = at;
        out[at++] = 0;
        memcpy(out + at, c.fd_of, glyphs), at += glyphs;
        for (size_t k = 0; k < copy_count; k++)
            out[at++] = c.fd_of[copies[k].glyph];
        size_t charstrings_at = at;
        put_index(out, &at, &c.charstrings, cff, extra_len, extra, copy_count);
        put32(out + c.charstrings_at, (uint32_t)charstrings_at);
        put32(out + c.fdselect_at, (uint32_t)fdselect_at);
        put32(out + c.fdarray_at, (uint32_t)fdarray_at);
        *out_size = at;
    }
    for (size_t k = 0; k < copy_count; k++)
        free(extra[k]);
    free(extra), free(extra_len);
    drop_parts(&c);
    return out;
}
