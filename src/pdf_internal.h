/* pdf_internal: what the parts of the PDF renderer share: pdf.c (fonts,
 * pages, outline, the document), pdf_archive.c (the document ID and PDF/A's
 * metadata and output intent), pdf_tags.c (the structure tree), pdf_marks.c
 * (trim and bleed boxes, crop marks) and pdf_paths.c (the shapes of charts).
 * Like pdf.c, they read only boxes.h and the faces it names. */
#ifndef JIANBAO_PDF_INTERNAL_H
#define JIANBAO_PDF_INTERNAL_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "pdf.h"

/* One face's codes in this document: code i + 1 draws glyphs[i] for cps[i].
 * A CFF program has one CID per glyph, so there a code point whose glyph an
 * earlier one already has is drawn with that one's code (first[i] + 1) and
 * its text is given by an ActualText span. */
typedef struct face_codes {
    const font_face *face;
    uint32_t *cps;
    int *extra;           /* thousandths of an em added to the advance (see widen.h) */
    unsigned *glyphs;     /* in the face */
    unsigned *new_glyphs; /* in the subset */
    size_t *first;        /* the entry whose code draws entry i */
    size_t count;
    HPDF_Dict font; /* the Type0 font */
} face_codes;

typedef struct renderer {
    HPDF_Doc pdf;
    const laid_out *doc;
    face_codes *faces;
    size_t face_count;
    HPDF_Array registration; /* the colour space of crop marks, once made */
    int **extras;            /* per page, per glyph: see gap_extra */
    struct pdf_tags *tags;
    HPDF_STATUS error_code;
    char *error;
    size_t error_size;
} renderer;

/* A number as PDF writes it, up to three decimals, at *p; advances *p. */
void put_number(char **p, float v);
/* The operator setting colour c for filling or stroking, in c's own device space, at *p. */
void put_colour(char **p, colour c, bool stroke);
/* A stream object holding data deflated with libdeflate. */
HPDF_Dict compressed_stream(renderer *r, const unsigned char *data, size_t size);

/* ---- pdf_archive.c ---------------------------------------------------------- */

/* The document ID: a hash of what the pages show. */
void add_document_id(renderer *r);
/* XMP metadata saying what the document information says, and PDF/A-1b
 * (PDF/A-1a, level A, when tagged). */
void add_metadata(renderer *r, const char *creator, bool tagged);
/* The sRGB output intent that PDF/A asks for the device colours used. */
void add_output_intent(renderer *r, const pdf_options *o);

/* A PDF text string in UTF-16BE with its byte-order mark. */
HPDF_Binary pdf_text_string(HPDF_Doc pdf, const char *utf8);
/* The outline of the headings, and the document information. */
void add_outline(renderer *r, HPDF_Page *pages);
void add_info(renderer *r, const char *creator);

/* ---- pdf_tags.c: the tagged PDF's logical structure ------------------------------
 * Each page's text is marked content: a run of glyphs of one structure
 * element is a sequence with its own MCID, page furniture an Artifact. The
 * structure tree (Document, Title mapped to H1, H1-H4, P, L/LI,
 * Table/TR/TH/TD, Caption, Figure) lists the elements in the document's
 * order, each with its MCIDs; the parent tree maps each page's MCIDs back to
 * their elements. */

typedef struct pdf_tags pdf_tags;

/* cp as UTF-16BE in hex digits (4, or 8 for a surrogate pair) into out[9]. */
void utf16_hex(uint32_t cp, char *out);

pdf_tags *tags_new(const laid_out *doc);
void tags_free(pdf_tags *t);

/* Writes to out the operator that opens the marked content of element `node`
 * on page `page` (0-based): "/P <</MCID 3>> BDC", followed, for text, by a
 * Span with the element's ActualText when it has one; "/Artifact BMC" for
 * node 0. tags_close ends what it opened. */
void tags_open(pdf_tags *t, size_t page, size_t node, bool text, HPDF_Stream out);
void tags_close(const pdf_tags *t, size_t node, bool text, HPDF_Stream out);
/* Whether the element's content is inside a Span with its ActualText. */
bool tags_spanned(const pdf_tags *t, size_t node);
/* The element whose ActualText a Span around this one's marked content
 * carries (a table row around its cells), or 0; tags_open_wrapper opens that
 * Span, which an EMC closes. */
size_t tags_wrapper(const pdf_tags *t, size_t node);
void tags_open_wrapper(const pdf_tags *t, size_t wrapper, HPDF_Stream out);

/* Adds the structure tree, the parent tree, /StructParents on each page and
 * /MarkInfo to the document. */
void tags_finish(pdf_tags *t, HPDF_Doc pdf, HPDF_Page *pages);
/* ---- pdf_paths.c ------------------------------------------------------------ */

/* The page's shapes in their order, each filled, then stroked, as it says,
 * in the marked content of the elements they belong to. */
void draw_shapes(renderer *r, HPDF_Page page, size_t page_index);

/* ---- pdf_marks.c ------------------------------------------------------------ */

/* The page trimmed to its size (TrimBox), a bleed around it (BleedBox) and
 * a MediaBox wide enough for the crop marks, which are drawn at its corners
 * in the registration colour (every plate). */
void add_crop_marks(renderer *r, HPDF_Page page);

#endif
