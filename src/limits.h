/* limits: the bounds one input may not pass, so that a hostile or broken
 * file ends fast with a clear message instead of exhausting the machine.
 * Each can be raised with --limit NAME=N; a bound of 0 means none. */
#ifndef JIANBAO_LIMITS_H
#define JIANBAO_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct input_limits {
    size_t depth;     /* YAML nesting */
    size_t nodes;     /* YAML nodes, aliases expanded */
    size_t text;      /* characters of keys and values, aliases expanded */
    size_t file_size; /* bytes */
    size_t figures;
    size_t sections;  /* at all levels */
    size_t rows;      /* of one table */
    size_t cells;     /* of one table */
    size_t paragraph; /* characters in one paragraph */
    size_t pages;
    size_t sheet_size;  /* bytes inflated from one spreadsheet file */
    size_t sheet_cells; /* cells read from one sheet */
} input_limits;

extern const input_limits default_limits;

/* Applies "name=N"; returns false with a reason when it is not one. */
bool set_limit(input_limits *l, const char *assignment, char *error, size_t error_size);

#endif
