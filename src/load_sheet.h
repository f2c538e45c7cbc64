/* load_sheet: the part of `load` that reads spreadsheets (input format 1.1,
 * `from:`). Contract: a table's `from`, `sheet`, `range`, `header_rows`
 * (a number) and `total: sheet` become a grid of scalar nodes, as if the
 * cells had been written in YAML, each with its sheet_origin (the text
 * shown, the stored number, the cell's name for messages); hidden rows and
 * columns are left out and merged areas marked. A figure's value may come
 * from one cell. Paths are relative to the YAML file. Every message stands
 * at the `from:` and names the file and the cell. */
#ifndef JIANBAO_LOAD_SHEET_H
#define JIANBAO_LOAD_SHEET_H

#include "limits.h"
#include "source.h"

typedef struct sheet_cache sheet_cache;

typedef struct sheet_loader {
    arena *arena;
    diag_list *diags;
    const char *yaml_file; /* paths are relative to its folder */
    const input_limits *limits;
    sheet_cache *cache; /* sheets already read, by file and name */
} sheet_loader;

typedef struct sheet_grid {
    size_t columns, rows;    /* rows: header rows, body and the sheet's total */
    size_t header_rows;      /* the first rows */
    bool has_total;          /* the last row is the sheet's total (`total: sheet`) */
    const tree_node **cells; /* rows * columns, row by row */
} sheet_grid;

/* Reads the cells of a table mapping that has `from`. False after errors. */
bool sheet_table_grid(sheet_loader *sl, const tree_node *table_map, const char *path,
                      sheet_grid *grid);
/* The cells of `total: sum`: 合计 (合計), then `sum` under each column of numbers. */
const tree_node **sheet_sum_cells(sheet_loader *sl, const tree_node *total, const sheet_grid *grid,
                                  bool traditional);
/* A figure's number written {from, sheet, cell}: the number as plain
 * decimal text (15 significant digits), and the cell as a node whose value
 * is the text shown. */
bool sheet_figure_value(sheet_loader *sl, const tree_node *map, const char *path,
                        const char **number, const tree_node **cell);

#endif
