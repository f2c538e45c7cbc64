/* subset: a face cut down to the glyphs one document draws (HarfBuzz's
 * hb-subset), with a cmap of its own that maps the document's codes 1..N to
 * them. Part of `render`: libharu then embeds the small face as it is; the
 * OFD renderer embeds a whole font file with a Unicode cmap. */
#ifndef JIANBAO_SUBSET_H
#define JIANBAO_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "fonts.h"

/* glyphs[i] is drawn with code i + 1; new_glyphs[i] receives its glyph id in
 * the subset. Returns malloc'd font bytes, or NULL: a TrueType font whose
 * cmap maps the codes, or for a CFF face a bare CID-keyed CFF program whose
 * CIDs are the codes (when glyphs repeat, the first code of each). Where
 * extra (may be NULL) gives entry i a width of extra[i] font units more,
 * code i + 1 draws a copy of the glyph with that advance (see widen.h). */
unsigned char *subset_face(const font_face *face, const unsigned *glyphs, const int *extra,
                           size_t count, unsigned *new_glyphs, size_t *size);

/* A font file standing alone, as OFD embeds it: the glyphs[i] of the face
 * and a Unicode cmap mapping cps[i] (ascending, distinct) to them. TrueType
 * faces give a TrueType font, CFF faces an OpenType font around the subset's
 * CFF table. Returns malloc'd bytes, or NULL. */
unsigned char *subset_face_file(const font_face *face, const uint32_t *cps, const unsigned *glyphs,
                                size_t count, size_t *size);

#endif
