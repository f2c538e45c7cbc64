/* widen: copies of glyphs with a wider advance, added to a subset. Text
 * readers (poppler, MuPDF, pdf.js) take a gap between two glyphs wider than
 * a tenth of an em for a space; the gap between Chinese and Latin text is
 * put into the advance of a copy of the glyph before it, so that the program's
 * width and the PDF's agree and no reader sees a gap there. Part of `render`. */
#ifndef JIANBAO_WIDEN_H
#define JIANBAO_WIDEN_H

#include <hb.h>
#include <stddef.h>

typedef struct glyph_copy {
    unsigned glyph; /* in the subset */
    int extra;      /* font units added to its advance */
} glyph_copy;

/* A face of the subset's TrueType outline and metric tables (glyf, loca,
 * hmtx, hhea, maxp, head, OS/2, name, post) with copy k as glyph
 * count + k; NULL when its tables are not as hb-subset writes them. */
hb_face_t *truetype_with_copies(hb_face_t *small, const glyph_copy *copies, size_t copy_count);

/* A CID-keyed CFF program rebuilt with copy k as glyph count + k (same
 * outline and font dict, its width `extra` more); NULL when the program is
 * not laid out as hb-subset writes one. The charset is left to the caller. */
unsigned char *cff_with_copies(const unsigned char *cff, size_t size, const glyph_copy *copies,
                               size_t copy_count, size_t *out_size);

#endif
