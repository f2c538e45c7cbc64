/* number: numbers as office staff write them, read exactly and added,
 * compared and divided as decimals (never through floating point), so that
 * a printed total or rate is exactly what the written numbers give.
 * Accepted forms (input format 1.1): digits with an optional point
 * (0.5, 1234, 12.50), optional thousands grouping with ASCII commas
 * (1,234 or 12,345.6), an optional leading minus where the caller allows it,
 * and a trailing % where the caller asks for a percent. Everything else is
 * refused with a reason the caller turns into a message. */
#ifndef JIANBAO_NUMBER_H
#define JIANBAO_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* Digits a number may be written with; beyond it a number is refused. */
#define NUMBER_MAX_DIGITS 30
/* Digits a computed decimal may hold (sums and scaled quotients). */
#define DECIMAL_CAPACITY 160

typedef struct decimal {
    bool negative;
    int len;                               /* digits held; 0 for zero */
    int scale;                             /* digits after the point */
    unsigned char digit[DECIMAL_CAPACITY]; /* least significant first, 0-9 */
} decimal;

typedef enum {
    NUMBER_OK,
    NUMBER_EMPTY,
    NUMBER_NOT_A_NUMBER, /* text, or a number followed by something else */
    NUMBER_MAGNITUDE,    /* 3.5万, 2亿 */
    NUMBER_UNIT,         /* 60份, 1500元 */
    NUMBER_GROUPING,     /* 1,23 or 12,34,567 */
    NUMBER_LEADING_ZERO, /* 00012 */
    NUMBER_NEGATIVE_ZERO,
    NUMBER_NEGATIVE,   /* a minus where none is allowed */
    NUMBER_PLUS,       /* +5 */
    NUMBER_EXPONENT,   /* 1e5 */
    NUMBER_BARE_POINT, /* .5 or 5. */
    NUMBER_FULL_WIDTH, /* １２３, 1，234 or 3。5: `ascii` holds the fix */
    NUMBER_PERCENT,    /* a % where none is allowed */
    NUMBER_TOO_LONG,
} number_status;

typedef struct number_reading {
    number_status status;
    decimal value;
    bool grouped;       /* written with thousands separators */
    bool percent;       /* ended in % (or ％) */
    const char *number; /* NUMBER_MAGNITUDE, NUMBER_UNIT: the number part */
    const char *suffix; /* NUMBER_MAGNITUDE, NUMBER_UNIT: what follows it */
    const char *ascii;  /* NUMBER_FULL_WIDTH: the text in ASCII, when that is a number */
    const char *text;   /* the number as written, without surrounding spaces */
} number_reading;

typedef enum {
    NUMBER_ALLOW_NEGATIVE = 1,
    NUMBER_ALLOW_PERCENT = 2, /* a trailing % is accepted (and noted) */
} number_flags;

/* Reads text (len bytes) as a number written by a person. */
number_reading number_read(arena *a, const char *text, size_t len, int flags);

/* The reason a reading failed, as a sentence saying what to write instead,
 * for the statuses whose advice does not depend on where the number stands
 * (not NUMBER_MAGNITUDE, NUMBER_UNIT, NUMBER_NOT_A_NUMBER, NUMBER_NEGATIVE). */
const char *number_problem(arena *a, const char *text, const number_reading *r);

/* True when `text` is one of the "no figure" marks of a summed column. */
bool number_is_blank_mark(const char *text);

void decimal_zero(decimal *d);
bool decimal_is_zero(const decimal *d);
/* out = a + b; false when the result would not fit (it cannot within the bounds). */
bool decimal_add(const decimal *a, const decimal *b, decimal *out);
bool decimal_sub(const decimal *a, const decimal *b, decimal *out);
/* -1, 0, 1 by value (12.50 equals 12.5). */
int decimal_cmp(const decimal *a, const decimal *b);
/* out = num / den × 10^shift, rounded half away from zero to `decimals`
 * places (shift 2 gives a percentage). den must not be zero. */
bool decimal_ratio(const decimal *num, const decimal *den, int shift, int decimals, decimal *out);
/* Text with exactly d->scale decimals; with `grouped`, thousands separated by commas. */
const char *decimal_format(arena *a, const decimal *d, bool grouped);
/* Multiplies by 10^places (the scale goes down, or zeros are added). */
bool decimal_shift(decimal *d, int places);
/* NUMBER_MAGNITUDE: the number with its 万 or 亿 written out (0.42万 → 4200), or NULL. */
const char *number_magnitude_written_out(arena *a, const number_reading *r);
/* A whole number that fits in a long, or false. */
bool decimal_to_long(const decimal *d, long *out);

#endif
