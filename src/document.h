/* document: the bulletin as written (input-format version 1), produced by
 * `load`. Every value keeps the YAML node it came from, so later stages can
 * point messages at the file. Text is still raw here: references, emphasis
 * and folding are `resolve`'s work. */
#ifndef JIANBAO_DOCUMENT_H
#define JIANBAO_DOCUMENT_H

#include <stdbool.h>

#include "number.h"
#include "source.h"

typedef struct date_value {
    int year, month, day;
    const tree_node *node;
} date_value;

typedef enum { COMPARE_NONE, COMPARE_YEAR, COMPARE_MONTH } compare_kind; /* 同比, 环比 */

typedef struct figure {
    const char *name;
    const char *path; /* figures.NAME */
    const tree_node *node;
    const tree_node *label;
    decimal value;
    const char *value_text; /* the number as written, for printing */
    const tree_node *value_node;
    const tree_node *unit;     /* may be NULL */
    const tree_node *approx;   /* may be NULL */
    const tree_node *share_of; /* may be NULL */
    const tree_node *stated_share;
    decimal stated_share_value;
    /* growth (1.1): previous may also come from compare_with, in resolve */
    const tree_node *previous; /* NULL when not given */
    decimal previous_value;
    const char *previous_text;
    compare_kind compare; /* COMPARE_NONE when not given */
    const tree_node *compare_node;
    const tree_node *stated_change;
    decimal stated_change_value;
} figure;

typedef enum { ALIGN_AUTO, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } cell_align;

typedef struct table_column {
    const tree_node *header;
    cell_align align;
    double width; /* share of the table's width, 0 when not given */
} table_column;

typedef struct table_row {
    const tree_node *node;
    const tree_node **cells;
    size_t count;
    const char *path;
} table_row;

typedef struct table {
    const char *path;
    const tree_node *node;
    const tree_node *title, *unit, *note;
    table_column *columns;
    size_t column_count;
    table_row *header_rows;
    size_t header_row_count;
    table_row *rows;
    size_t row_count;
    table_row *total;    /* NULL when not given */
    const tree_node *id; /* the name charts refer to it by; may be NULL */
} table;

typedef struct figure_table {
    const char *path;
    const tree_node *node;
    const tree_node *title, *unit;
    const tree_node **names;
    size_t count;
} figure_table;

typedef enum { CHART_BAR, CHART_BARH, CHART_LINE, CHART_PIE } chart_kind;

typedef struct chart_series {
    const char *path;
    const tree_node *name; /* may be NULL */
    const tree_node **values;
    size_t count;
} chart_series;

/* A chart: its data from exactly one source (checked by load). */
typedef struct chart {
    const char *path;
    const tree_node *node;
    chart_kind kind;
    const tree_node *title, *unit, *note;
    const tree_node *figures;    /* a list of figure names, or NULL */
    const tree_node *table_id;   /* a table's id, or NULL */
    const tree_node *columns;    /* with table_id: the series' headers, or NULL */
    const tree_node *from;       /* a spreadsheet's path, as written, or NULL */
    table *sheet_table;          /* with from: the range's cells, read as a table's */
    const tree_node *categories; /* written out, with series */
    chart_series *series;
    size_t series_count;
} chart;

typedef enum {
    BLOCK_PARAGRAPH,
    BLOCK_TABLE,
    BLOCK_FIGURE_TABLE,
    BLOCK_LIST,
    BLOCK_PAGE_BREAK,
    BLOCK_CHART
} block_kind;

typedef struct block {
    block_kind kind;
    const char *path;
    const tree_node *node;
    const tree_node *text;   /* paragraph: a string or a list of strings */
    const tree_node **items; /* list items */
    size_t item_count;
    table *table;
    figure_table *figure_table;
    chart *chart;
} block;

typedef struct section section;
struct section {
    const char *path;
    const tree_node *node;
    const tree_node *heading;
    bool numbered;
    int level; /* 1 to 4 */
    block *blocks;
    size_t block_count;
    section *sections;
    size_t section_count;
};

typedef struct masthead {
    const tree_node *node;
    const tree_node *name, *issuer, *classification;
    int year, issue; /* 0 when not given */
    const tree_node *year_node, *issue_node;
} masthead;

typedef struct distribution {
    const tree_node *node;
    const tree_node *report_to, *copy_to, *send_to; /* lists of strings */
    int copies;                                     /* 0 when not given */
    const tree_node *printed_by;
    date_value printed_on; /* year 0 when not given */
} distribution;

typedef struct document document;
struct document {
    const char *file;
    source_text src;
    const tree_node *root;
    const tree_node *template_name;
    bool traditional; /* lang: zh-Hant */
    const tree_node *title, *subtitle, *source, *author;
    date_value date;
    masthead *masthead;
    const tree_node *lead; /* text, may be NULL */
    figure *figures;
    size_t figure_count;
    section *sections;
    size_t section_count;
    const tree_node **footer;
    size_t footer_count;
    distribution *distribution;
    const tree_node *compare_with; /* the earlier bulletin's path, as written */
    const document *earlier;       /* loaded by the pipeline; NULL when not given */
};

#endif
