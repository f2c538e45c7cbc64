/* numfmt: numbers as a spreadsheet shows them. A number arrives as the
 * decimal text a file stores ("4210.5", "0.30000000000000004", "1.5E-3")
 * and leaves formatted by a number-format code ("#,##0.00", "0.0%",
 * "yyyy/m/d", General), rounded as Excel rounds: to 15 significant digits,
 * then half away from zero at the places shown. Dates print in Chinese form
 * (2023年3月1日). Shared by the loader (cells) and resolve (sums). */
#ifndef JIANBAO_NUMFMT_H
#define JIANBAO_NUMFMT_H

#include <stdbool.h>

#include "arena.h"

typedef struct numfmt_shown {
    const char *text; /* NULL: the number cannot be shown (a date out of range) */
    int decimals;     /* places shown after the point, of the number itself */
    bool is_date;
} numfmt_shown;

/* code NULL or "General" for General; date1904 picks the date system. */
numfmt_shown numfmt_show(arena *a, const char *code, const char *number, bool date1904);
/* Whether the code shows dates or times. */
bool numfmt_is_date(const char *code);
/* The code of a built-in format id of xlsx (zh-CN), or NULL for General. */
const char *numfmt_builtin(unsigned id);
/* A format code that shows numbers the way `shown` looks ("1,234.50" ->
 * "#,##0.00", "12.5%" -> "0.0%"), for files that store only shown text. */
const char *numfmt_guess(arena *a, const char *shown);
/* A plain number as decimal text ("1,234.5" -> "1234.5", "12.5%" ->
 * "0.125"), or NULL when `text` is not one. */
const char *numfmt_parse_shown(arena *a, const char *text);
/* A stored number as plain decimal text, rounded to the 15 significant
 * digits a spreadsheet keeps ("0.30000000000000004" -> "0.3", "1.5E-3" ->
 * "0.0015"), or NULL when it is not a number. */
const char *numfmt_plain(arena *a, const char *number);
/* A double as the shortest decimal text that reads back the same. */
const char *numfmt_from_double(arena *a, double v);

#endif
