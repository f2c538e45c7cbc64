/* source: the input as positioned YAML nodes, shared by every stage so that
 * any stage can point a message at the file, line and column it concerns. */
#ifndef JIANBAO_SOURCE_H
#define JIANBAO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

typedef enum { NODE_SCALAR, NODE_SEQUENCE, NODE_MAPPING } node_kind;
typedef enum { SCALAR_PLAIN, SCALAR_QUOTED, SCALAR_LITERAL, SCALAR_FOLDED } scalar_style;

/* A value read from a spreadsheet rather than written in YAML: the loader
 * makes it a scalar holding the text the spreadsheet shows, placed at the
 * `from:` that named the file. */
typedef struct sheet_origin {
    const char *path;   /* key path and cell, for messages: table.from: 数据/a.xlsx:资金!C7 */
    const char *number; /* a number's stored decimal text ("4210.5"); NULL for other cells */
    const char *format; /* its number format code; NULL for General */
    int decimals;       /* places shown */
    bool merged_left;   /* inside a merged area, right of its first column */
    bool merged_above;  /* inside a merged area, below its first row */
} sheet_origin;

typedef struct tree_node tree_node;
struct tree_node {
    node_kind kind;
    source_pos pos;            /* where the node starts */
    size_t src_begin, src_end; /* its bytes in the source text */
    scalar_style style;
    const char *value; /* scalar content, NUL-terminated */
    size_t len;
    tree_node **items; /* sequence items, or mapping values */
    tree_node **keys;  /* mapping keys (scalars) */
    size_t count;
    size_t weight;             /* nodes in this subtree, for the alias bound */
    size_t chars;              /* characters of text in this subtree, for the text bound */
    const sheet_origin *sheet; /* NULL unless read from a spreadsheet */
};

typedef struct source_text {
    const char *bytes; /* the whole file */
    size_t len;
    size_t *line_starts; /* byte offset of each line (0-based index) */
    size_t line_count;
} source_text;

/* Position of byte offset `at` in the source (line and column from 1). */
source_pos source_position(const source_text *src, size_t at);
/* Position of the content byte `offset` of a scalar, found by walking the
 * scalar's source text alongside its content (folding and quotes aside). */
source_pos scalar_char_position(const source_text *src, const tree_node *scalar, size_t offset);
/* A walk through one scalar kept between calls, so that positions asked in
 * increasing order cost the distance between them, not a walk from the
 * scalar's start and a count from the line's start. Zero it before use. */
typedef struct scalar_cursor {
    const tree_node *scalar;
    size_t s, c;               /* source byte and content byte reached */
    size_t line, line_at, col; /* a known position: line (from 1, 0 none), byte, column */
} scalar_cursor;
source_pos scalar_char_position_from(const source_text *src, const tree_node *scalar, size_t offset,
                                     scalar_cursor *cur);

#endif
