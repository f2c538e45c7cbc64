/* pdf: the PDF renderer: laid_out -> PDF bytes, through libharu. Like every
 * renderer it reads only boxes.h and the faces it names.
 * Contract: each face is embedded once per document as a subset holding only
 * the glyphs drawn, addressed by codes 1..N of its own (so characters beyond
 * U+FFFF are drawn like any other), with a ToUnicode map that gives every
 * code's text back; the outline and document information are UTF-16 text
 * strings. Colours are written in the device space each one names (boxes.h):
 * `g`/`G` for gray, `rg`/`RG`, `k`/`K`. Output depends only on the laid_out
 * pages and these options: no clock, no path. */
#ifndef JIANBAO_PDF_H
#define JIANBAO_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "boxes.h"

typedef struct pdf_bytes {
    unsigned char *data; /* malloc'd */
    size_t size;
} pdf_bytes;

typedef struct pdf_options {
    const char *creator;      /* the document information's Creator */
    bool pdfa;                /* PDF/A-1b: XMP metadata and an sRGB output intent */
    bool marks;               /* crop marks, with TrimBox and a 3 mm BleedBox */
    const unsigned char *icc; /* the sRGB profile, for pdfa */
    size_t icc_size;
    bool pdfa_tagged; /* claim PDF/A-1a (level A: the tagged structure) instead */
} pdf_options;

/* Returns 0 on success; otherwise fills error and returns -1. */
int render_pdf(const laid_out *doc, const pdf_options *options, pdf_bytes *out, char *error,
               size_t error_size);

#endif
