/* subset: a face cut down to the glyphs one document draws (HarfBuzz's
 * hb-subset), with a cmap of its own that maps the document's codes 1..N to
 * them. Part of `render`: libharu then embeds the small face as it is; the
 * OFD renderer embeds a whole font file with a Unicode cmap. */
#ifndef JIANBAO_SUBSET_H
#define JIANBAO_SUBSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts.h"

/* What one document draws with a face: entry i is glyphs[i], drawn with
 * code i + 1. Where extra (may be NULL) gives entry i a width of extra[i]
 * font units more, code i + 1 draws a copy of the glyph with that advance
 * (see widen.h). Entries with needs_ink[i] (may be NULL) must have an
 * outline. */
typedef struct subset_request {
    const unsigned *glyphs;
    const int *extra;
    const bool *needs_ink;
    size_t count;
} subset_request;

/* new_glyphs[i] receives entry i's glyph id in the subset. Returns malloc'd
 * font bytes: a TrueType font whose cmap maps the codes, or for a CFF face a
 * bare CID-keyed CFF program whose CIDs are the codes (when glyphs repeat,
 * the first code of each). Returns NULL when the face cannot be subset, or
 * when an entry needing ink has no outline in it (glyph data cut short or
 * broken): *inkless is then the first such entry, else count. */
unsigned char *subset_face(const font_face *face, const subset_request *r, unsigned *new_glyphs,
                           size_t *size, size_t *inkless);

/* The same, cut from the whole face rather than from the document's glyphs
 * read apart (subset_source.h); the tests check that the two agree. */
unsigned char *subset_face_whole(const font_face *face, const subset_request *r,
                                 unsigned *new_glyphs, size_t *size, size_t *inkless);

/* A font file standing alone, as OFD embeds it: the glyphs[i] of the face
 * and a Unicode cmap mapping cps[i] (ascending, distinct) to them. TrueType
 * faces give a TrueType font, CFF faces an OpenType font around the subset's
 * CFF table. Returns malloc'd bytes, or NULL. */
unsigned char *subset_face_file(const font_face *face, const uint32_t *cps, const unsigned *glyphs,
                                size_t count, size_t *size);

#endif
