/* ofd: the OFD renderer (GB/T 33190-2016): laid_out -> an OFD package, a zip
 * written with libzip whose XML parts are written with libxml2's
 * xmlTextWriter. Like every renderer it reads only boxes.h and the faces it
 * names. Contract: each glyph stands where the PDF puts it (positions in
 * ten-thousandths of a millimetre, the text's own units, with DeltaX summing
 * exactly); each face is embedded once as a font file holding only the
 * glyphs drawn, with a Unicode cmap, so TextCode is the text itself; the
 * package depends only on the laid_out pages: fixed zip times and order. */
#ifndef JIANBAO_OFD_H
#define JIANBAO_OFD_H

#include <stddef.h>

#include "boxes.h"

typedef struct ofd_bytes {
    unsigned char *data; /* malloc'd */
    size_t size;
} ofd_bytes;

typedef struct ofd_options {
    const char *creator;         /* DocInfo's Creator */
    const char *creator_version; /* and CreatorVersion */
} ofd_options;

/* Returns 0 on success; otherwise fills error and returns -1. */
int render_ofd(const laid_out *doc, const ofd_options *options, ofd_bytes *out, char *error,
               size_t error_size);

#endif
