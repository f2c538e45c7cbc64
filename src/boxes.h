/* boxes: the contract between `layout` and the renderers (pdf.c). Pages of
 * positioned glyphs, rules and shapes (the paths of charts) in PDF points,
 * origin at the bottom left; every glyph carries the code point it stands
 * for, so the text can be read back, whether the next glyph continues its
 * line (no word space between them), and the structure element (heading,
 * paragraph, table cell…) it belongs to; the document lists those elements
 * in reading order. Rules are drawn first, then shapes in their order, then
 * glyphs. A renderer needs this header and the faces it names (fonts.h), nothing of
 * the stages before it. */
#ifndef JIANBAO_BOXES_H
#define JIANBAO_BOXES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fonts.h"

/* A colour in the device space the output is to print it in: black and
 * greys as DeviceGray (pure K on press, never a four-colour black), other
 * colours as DeviceRGB on screen or DeviceCMYK for the press. Layout decides
 * the space; a renderer writes it as it is. Components run from 0 to 1. */
typedef enum { COLOUR_GRAY, COLOUR_RGB, COLOUR_CMYK } colour_space;

typedef struct colour {
    colour_space space; /* zero: DeviceGray, and all-zero is black */
    float v[4];         /* gray: v[0] (0 black, 1 white); r g b; c m y k */
} colour;

/* The document's logical structure, for a tagged PDF: what each glyph
 * belongs to. Elements are listed in reading order (the document's). */
typedef enum {
    STRUCT_DOCUMENT,
    STRUCT_H1,
    STRUCT_H2,
    STRUCT_H3,
    STRUCT_H4,
    STRUCT_P,
    STRUCT_L,
    STRUCT_LI,
    STRUCT_TABLE,
    STRUCT_TR,
    STRUCT_TH,
    STRUCT_TD,
    STRUCT_CAPTION,
    STRUCT_FIGURE,
    STRUCT_TITLE /* the bulletin's title: PDF 2.0's Title, role-mapped to H1 */
} struct_kind;

typedef struct struct_node {
    struct_kind kind;
    size_t parent;   /* an earlier element; the document (element 0) for itself */
    const char *alt; /* a Figure's text read in its place (a chart's data), or NULL */
    /* The element's text as readers are to take it, when it is one line whose
     * parts stand apart (the 版记's issuer and date, a table row's cells):
     * readers that order text by where it stands would read the parts as
     * columns. NULL for most. */
    const char *actual_text;
} struct_node;

typedef struct placed_glyph {
    const font_face *face;
    float size;
    colour color;
    float x, y;     /* baseline origin */
    float advance;  /* the glyph's natural advance at this size */
    uint32_t cp;    /* what the glyph stands for */
    unsigned glyph; /* glyph id in face */
    /* The next glyph of the page continues this one's line of text: the room
     * between them (a gap between Chinese and Latin, justification) is no
     * word space, and a renderer keeps it out of the text readers see. */
    bool joins_next;
    /* The structure element it belongs to; 0, the document itself, for page
     * furniture (footer lines, page numbers, repeated table headers). */
    size_t node;
} placed_glyph;

typedef struct rule_box {
    float x0, y0, x1, y1;
    float width;
    colour color;
} rule_box;

/* A path: move, straight line, cubic Bézier curve (three points: two
 * controls and the end) or closing the figure. */
typedef enum { PATH_MOVE, PATH_LINE, PATH_CURVE, PATH_CLOSE } path_op;

typedef struct path_segment {
    path_op op;
    float x[3], y[3]; /* one point, or three for a curve */
} path_segment;

/* A filled and/or stroked path: a bar, a line of values, a pie wedge. */
typedef struct shape_box {
    path_segment *segments;
    size_t segment_count;
    bool filled;
    colour fill;
    float stroke_width; /* 0: not stroked */
    colour stroke;
    size_t node; /* the element it belongs to (a chart's Figure), as glyphs' */
} shape_box;

typedef struct page_box {
    placed_glyph *glyphs;
    size_t glyph_count, glyph_cap;
    rule_box *rules;
    size_t rule_count, rule_cap;
    shape_box *shapes;
    size_t shape_count, shape_cap;
} page_box;

typedef struct outline_entry {
    int level; /* 1 to 4 */
    const char *title;
    size_t page; /* 0-based */
    float y;
} outline_entry;

typedef struct laid_out {
    float page_width, page_height;
    page_box *pages;
    size_t page_count;
    outline_entry *outline;
    size_t outline_count;
    struct_node *nodes; /* nodes[0] is the document; rules are never content */
    size_t node_count, node_cap;
    const char *title, *author, *subject, *lang;
    int year, month, day;
} laid_out;

/* A hash of the title and of what the pages show (each glyph's character
 * and place): the same bulletin gives the same value in every run, another
 * bulletin another. Renderers take their document IDs from it. */
void laid_out_fingerprint(const laid_out *d, uint64_t out[2]);

#endif
