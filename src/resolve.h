/* resolve: document -> bulletin, the content ready to lay out.
 * Contract: figures are checked and formatted (shares computed, stated
 * shares compared, share_of loops and zero bases refused); references
 * {name} {name.value} {name.share} {name.label}, {{ }} and **emphasis** are
 * expanded; paragraphs are split and folding spaces between Chinese
 * characters dropped; headings numbered; tables numbered, checked and
 * summed; charts numbered, their data found (figures, a table by its id,
 * or written out) and checked, pie shares computed. Every span keeps the node it came from, for
 * later messages. Nothing here knows about fonts or pages. */
#ifndef JIANBAO_RESOLVE_H
#define JIANBAO_RESOLVE_H

#include "document.h"

typedef struct span {
    const char *text;
    size_t len;
    bool emphasis;
    const tree_node *origin; /* the scalar it came from; NULL for template text */
    size_t origin_offset;    /* content offset of text[0] in origin */
    bool literal;            /* text[i] stands at origin_offset + i; else at origin_offset */
    const char *path;        /* key path of the origin, for messages */
} span;

typedef struct rich_text {
    span *spans;
    size_t count;
} rich_text;

typedef struct rcell {
    rich_text text;
    cell_align align;
    bool numeric;
    int colspan;             /* 1 normally; 0 for a cell covered by its left neighbour */
    bool covered_from_above; /* header cells: merged into the cell above */
} rcell;

typedef struct rtable {
    int number; /* 表N */
    rich_text title;
    rich_text unit;
    size_t columns;
    double *widths; /* shares of the text width; 0 = from content */
    rcell *header;  /* header_rows * columns */
    size_t header_rows;
    rcell *body; /* body_rows * columns; the total row, if any, is last */
    size_t body_rows;
    bool has_total;
    rich_text note;
} rtable;

/* A chart's data, numbered and checked: categories × series values. */
typedef struct rchart {
    int number; /* 图N */
    chart_kind kind;
    source_pos pos; /* the chart's, for layout's messages */
    const char *path;
    rich_text title, unit, note; /* unit: 单位：万元, or empty */
    size_t categories, series;
    rich_text *category_names;
    rich_text *series_names;  /* empty when a series has no name */
    double *values;           /* [series * categories + category], to draw to scale */
    const char **value_texts; /* the same, as printed */
    const char **shares;      /* pie: each category's share (35.2%), as {name.share} computes */
} rchart;

typedef enum {
    RB_HEADING,
    RB_PARAGRAPH,
    RB_TABLE,
    RB_LIST_ITEM,
    RB_PAGE_BREAK,
    RB_CHART
} rblock_kind;

typedef struct rblock {
    rblock_kind kind;
    int level;         /* headings 1 to 4 */
    const char *label; /* 一、 （一） 1. （1）, list 1. ; may be NULL */
    rich_text text;
    rtable *table;
    rchart *chart;
} rblock;

typedef struct bulletin {
    const char *file;
    const source_text *src;
    bool traditional;
    const tree_node *template_name; /* NULL: the default */
    bool has_masthead;
    rich_text masthead_name, issue_line, issuer, classification;
    int masthead_year, masthead_issue; /* 0 when not given */
    rich_text title;                   /* may hold '\n' for a forced break */
    rich_text subtitle, source, author;
    const char *date_text; /* 2022年8月1日 */
    int year, month, day;
    rich_text *lead;
    size_t lead_count;
    rblock *blocks;
    size_t block_count;
    rich_text *footer;
    size_t footer_count;
    bool has_distribution;
    rich_text report_to, copy_to, send_to, printed_by; /* lists joined with ， */
    const char *printed_on_text;                       /* NULL when not given */
    int copies;
    /* plain strings for the PDF's document information */
    const char *info_title, *info_author, *info_subject;
} bulletin;

typedef struct resolve_options {
    int share_decimals;           /* places after the point in {name.share}; default 1 */
    size_t paragraph_limit;       /* characters in one paragraph; 0 for none */
    const char *const *numbering; /* 4 heading formats ({cn}, {n}); NULL: 一、 （一） 1. （1） */
} resolve_options;

/* Returns the bulletin; errors and warnings go to diags. */
bulletin *resolve_document(const document *doc, const resolve_options *options, diag_list *diags);

/* Plain UTF-8 of a rich text, for document information and tests. */
const char *rich_text_plain(arena *a, const rich_text *t);

#endif
