/* load_internal: what the files of the load stage share. load.c reads the
 * document's structure; load_figures.c reads numbers as people write them
 * and the figures; load_chart.c reads charts. */
#ifndef JIANBAO_LOAD_INTERNAL_H
#define JIANBAO_LOAD_INTERNAL_H

#include "load.h"
#include "load_sheet.h"

typedef struct loader {
    arena *arena;
    diag_list *diags;
    document *doc;
    const input_limits *limits;
    size_t sections;     /* so far, at every level */
    sheet_loader sheets; /* spreadsheets read for `from:` (load_sheet.c) */
} loader;

/* load.c */
bool over_limit(loader *l, size_t count, size_t limit, const tree_node *n, const char *path,
                const char *what, const char *name);
const char *child_path(loader *l, const char *path, const char *key);
const char *index_path(loader *l, const char *path, size_t i);
bool expect_kind(loader *l, const tree_node *n, node_kind kind, const char *path, const char *what);
void check_keys(loader *l, const tree_node *map, const char *path, const char *const *known,
                size_t count);
const tree_node *key_value(const tree_node *map, const char *key);
const tree_node *key_required(loader *l, const tree_node *map, const char *key, const char *path);
bool is_null(const tree_node *n);
/* A text value: any scalar but null. */
const tree_node *string_value(loader *l, const tree_node *n, const char *path, bool required);

/* load_figures.c */
/* Where a number stands, for the advice when a unit or magnitude is written
 * inside it: the key (value, previous, copies) and the figure's unit. */
typedef struct number_place {
    const char *key;
    const tree_node *unit;
} number_place;
/* A number as people write it (input format 1.1), or an error saying what
 * to write instead. `place` may be NULL where no unit can stand beside it. */
bool read_number(loader *l, const tree_node *n, const char *path, int flags,
                 const number_place *place, number_reading *out);
bool integer_value(loader *l, const tree_node *n, const char *path, long lo, long hi, int *out);
/* In a flow collection YAML ends a plain scalar at a comma, so {value: 1,234}
 * arrives as the value 1 and a key 234: true when `next` is such a piece. */
bool split_at_comma(const loader *l, const tree_node *number, const tree_node *next);
void report_split(loader *l, const tree_node *number, const char *path, const char *joined,
                  const char *brackets);
/* The mapping with {key: 1,234} put back together (and reported). */
const tree_node *join_split_numbers(loader *l, const tree_node *map, const char *path);
void load_figures(loader *l, const tree_node *n);

/* load.c: the columns, rows and total of a table (or a chart) mapping with `from`. */
void load_table_from(loader *l, table *t, const tree_node *n, const char *path);
/* load_table.c: a `table:` block and a `figure_table:` block. */
table *load_table(loader *l, const tree_node *n, const char *path);
figure_table *load_figure_table(loader *l, const tree_node *n, const char *path);

/* load_chart.c: a chart, or NULL after its errors are reported. */
chart *load_chart(loader *l, const tree_node *n, const char *path);

#endif
