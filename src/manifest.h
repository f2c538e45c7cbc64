/* manifest: what an archive keeps beside its PDFs. One JSON Lines record
 * per input: the input and output paths, the output's SHA-256, pages and
 * bytes, every message (file, line, column, key path, severity, text), the
 * template and the program's version. A record is built by the worker that
 * rendered the file; the batch writes them all, in input order, atomically. */
#ifndef JIANBAO_MANIFEST_H
#define JIANBAO_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

typedef struct manifest_entry {
    const char *input;
    const char *output;       /* NULL when nothing was written */
    const unsigned char *pdf; /* the bytes written, for the digest */
    size_t pdf_size;
    size_t pages;
    const char *status;        /* "rendered", "input error", "system error" */
    const char *template_file; /* the template's file; NULL when none was found */
    const diag_list *diags;    /* may be NULL */
    bool strict;               /* warnings are reported as errors */
    const char *error;         /* a file's error outside diags (a system error), or NULL */
} manifest_entry;

/* Writes s as a JSON string: quotes, backslashes and control characters
 * escaped. A byte that is not UTF-8 (a file name may hold one) is written
 * as the lone surrogate \udcNN, as Python's surrogateescape reads it, so
 * that the name can be had back byte for byte. */
void json_put_string(FILE *out, const char *s);

/* Writes one record and its closing newline. */
void manifest_write_record(FILE *out, const manifest_entry *e);

#endif
