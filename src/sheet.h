/* sheet: one sheet of a spreadsheet file (.xlsx, .ods, .csv) as the cells
 * its program shows. Contract: the file's kind is told from its bytes (an
 * OLE2 .xls is refused with what to do instead); CSV in UTF-8 or GB18030 is
 * told apart without being told; each cell carries the text shown (in its
 * number format; dates in Chinese form), and a number's stored decimal text
 * beside it; merged ranges and hidden rows and columns are listed. Bounds:
 * bytes inflated from the file and cells read. XML entities and DTDs are
 * never expanded or fetched. A broken file is an error, never a crash.
 * Cells whose value cannot be used (a formula without a stored result, an
 * error value) are kept with a reason, so that only the cells a table takes
 * are refused. Readers: sheet_xlsx.c, sheet_ods.c, sheet_csv.c. */
#ifndef JIANBAO_SHEET_H
#define JIANBAO_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum { SHEET_TEXT, SHEET_NUMBER, SHEET_BOOL, SHEET_DATE } sheet_value_kind;

typedef struct sheet_cell {
    uint32_t row, col; /* from 0 */
    sheet_value_kind kind;
    const char *shown;   /* as the spreadsheet shows it */
    const char *number;  /* NUMBER: the stored number as decimal text ("4210.5") */
    const char *format;  /* NUMBER: the number format code; NULL for General */
    int decimals;        /* NUMBER: places shown, of the number itself */
    const char *problem; /* why the value cannot be used; NULL when it can */
} sheet_cell;

typedef struct sheet_area {
    uint32_t row0, col0, row1, col1; /* inclusive */
} sheet_area;

typedef struct sheet_span {
    uint32_t first, last; /* inclusive */
} sheet_span;

typedef struct sheet {
    const char *name;  /* NULL for CSV */
    sheet_cell *cells; /* sorted by row, then column */
    size_t count, cap;
    sheet_area *merges;
    size_t merge_count, merge_cap;
    sheet_span *hidden_rows, *hidden_cols;
    size_t hidden_row_count, hidden_row_cap, hidden_col_count, hidden_col_cap;
    uint32_t rows, cols; /* the used extent: one past the last cell */
    bool date1904;
} sheet;

typedef struct sheet_limits {
    size_t bytes; /* inflated from the file (xlsx, ods), or the file (csv); 0: none */
    size_t cells; /* read from one sheet; 0: none */
} sheet_limits;

typedef enum { SHEET_OK, SHEET_BROKEN, SHEET_TOO_LARGE } sheet_status;

/* Reads the sheet named `name` (NULL: the first visible sheet) from a
 * file's bytes; `file_name` tells a CSV by its extension. On failure,
 * `error` says why, in a sentence meant for the user after "FILE: ". */
sheet_status sheet_read(arena *a, const char *file_name, const unsigned char *bytes, size_t len,
                        const char *name, const sheet_limits *limits, sheet **out, char *error,
                        size_t error_size);

/* Reads a file for sheet_read: regular files only (a device or a FIFO is
 * refused, never waited on), at most max_bytes (0: no bound). Returns a
 * malloc'd buffer, or NULL with a reason; *too_large when over the bound. */
unsigned char *sheet_load_file(const char *path, size_t max_bytes, size_t *len, bool *too_large,
                               char *error, size_t error_size);

/* "C7" for row 6, column 2 (from 0). */
const char *sheet_cell_name(arena *a, uint32_t row, uint32_t col);
/* Parses "C7" (letters, then digits); false when it is not a cell name. */
bool sheet_parse_cell(const char *s, size_t len, uint32_t *row, uint32_t *col);
/* Parses "A3:E15" (or one cell); false when it is not a range. */
bool sheet_parse_area(const char *s, sheet_area *area);
/* The cell at row, col, or NULL when it is empty. */
const sheet_cell *sheet_find(const sheet *s, uint32_t row, uint32_t col);
bool sheet_row_hidden(const sheet *s, uint32_t row);
bool sheet_col_hidden(const sheet *s, uint32_t col);
/* The merged area whose top-left cell or inside holds row, col, or NULL. */
const sheet_area *sheet_merge_at(const sheet *s, uint32_t row, uint32_t col);

/* For the readers: a cell appended (false past the cell bound), spans and merges. */
bool sheet_add_cell(arena *a, sheet *s, const sheet_limits *limits, sheet_cell cell);
/* The places after the decimal point in a number as shown (1,234.50: 2). */
int sheet_places_shown(const char *shown);
void sheet_add_hidden(arena *a, sheet_span **spans, size_t *count, size_t *cap, uint32_t first,
                      uint32_t last);
void sheet_add_merge(arena *a, sheet *s, sheet_area area);
/* Sorts the cells and sets the extent; call once the reader is done. */
void sheet_finish(sheet *s);

/* The readers, from bytes already told apart by sheet_read. */
sheet_status sheet_read_xlsx(arena *a, const unsigned char *bytes, size_t len, const char *name,
                             const sheet_limits *limits, sheet **out, char *error,
                             size_t error_size);
sheet_status sheet_read_ods(arena *a, const unsigned char *bytes, size_t len, const char *name,
                            const sheet_limits *limits, sheet **out, char *error,
                            size_t error_size);
sheet_status sheet_read_csv(arena *a, const unsigned char *bytes, size_t len,
                            const sheet_limits *limits, sheet **out, char *error,
                            size_t error_size);

/* Largest rows and columns any reader accepts (those of xlsx). */
#define SHEET_MAX_ROWS 1048576u
#define SHEET_MAX_COLS 16384u

#endif
