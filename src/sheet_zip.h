/* sheet_zip: the parts of a zip package (xlsx, ods) as streams of XML,
 * for the readers of sheet.h. Contract: every byte inflated counts against
 * one bound for the whole package, checked as it is read, so a zip bomb
 * stops at the bound whatever its headers claim; XML is read with libxml2's
 * streaming reader, never loading a DTD, expanding an entity or touching the
 * network, and a document that declares a DTD is refused. */
#ifndef JIANBAO_SHEET_ZIP_H
#define JIANBAO_SHEET_ZIP_H

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct zip zip_t;
typedef struct zip_source zip_source_t;
typedef struct zip_file zip_file_t;

typedef struct sheet_package {
    zip_t *zip;
    size_t budget; /* bytes that may still be inflated; SIZE_MAX for no bound */
    bool over;     /* the bound was passed */
    bool broken;   /* an XML or zip error */
    char problem[160];
} sheet_package;

typedef struct sheet_part {
    sheet_package *package;
    zip_file_t *file;
    xmlTextReaderPtr xml;
} sheet_part;

/* Opens the zip in bytes (kept by reference). False when it is no zip. */
bool package_open(sheet_package *p, const unsigned char *bytes, size_t len, size_t max_bytes);
void package_close(sheet_package *p);
/* Opens a part by name (case-insensitive); false when it is absent. */
bool part_open(sheet_package *p, const char *name, sheet_part *part);
void part_close(sheet_part *part);
/* Moves to the next node: 1, 0 at the end, -1 on an error (see package). */
int part_next(sheet_part *part);

/* The current node, for the readers. */
bool part_is_start(const sheet_part *part, const char *local_name);
bool part_is_end(const sheet_part *part, const char *local_name);
/* An attribute by local name (any namespace), copied into the arena; NULL when absent. */
const char *part_attribute(const sheet_part *part, arena *a, const char *local_name);
/* Whether some attribute of that local name (in any namespace) has `value`. */
bool part_has_attribute(const sheet_part *part, const char *local_name, const char *value);
/* The text inside the current element (its descendants' text, in order),
 * skipping elements named `skip` (NULL for none). Leaves the reader on the
 * element's end. */
const char *part_text(sheet_part *part, arena *a, const char *skip);

#endif
