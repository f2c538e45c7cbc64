/* subset_source: what one document's subset is cut from (part of `render`).
 * A CJK face is 17 to 23 MB with its outlines scattered through it; were
 * hb-subset to read the glyphs a document draws straight from the mapped
 * file, the kernel would map the 64 KB around every glyph touched, and a
 * run would hold megabytes of the file. So the outline tables (glyf and
 * loca, or CFF's CharStrings) are rebuilt with pread to hold only the
 * document's glyphs, glyph ids unchanged, and the face's other tables are
 * shown as they are. Contract: a subset of the source has the same bytes as
 * a subset of the face (tests/test_subset.c). */
#ifndef JIANBAO_SUBSET_SOURCE_H
#define JIANBAO_SUBSET_SOURCE_H

#include <hb.h>
#include <stddef.h>

#include "fonts.h"

/* A face to give hb-subset for glyphs[0..count) (and glyph 0), destroyed by
 * the caller; NULL when the face's tables are not laid out as expected, and
 * the face itself is to be subset. */
hb_face_t *subset_source_face(const font_face *face, const unsigned *glyphs, size_t count);

#endif
