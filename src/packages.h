/* packages: the readers and the writer of zip packages of XML (.xlsx and
 * .ods in, OFD out). They need libzip and libxml2, and behind those ICU,
 * OpenSSL, bzip2, xz and zstd; loading all that costs a run about 9 ms and
 * 4 MiB before it reads a byte. So they are built as a module that the
 * binary opens the first time a run reads a spreadsheet package or writes
 * OFD; a run from YAML to PDF never loads it. Tests and fuzzers link the
 * same code in (packages_linked.c), the binary opens the module
 * (packages_module.c). Contract: packages_open returns the table, or NULL
 * with a sentence in error saying which file could not be loaded and why. */
#ifndef JIANBAO_PACKAGES_H
#define JIANBAO_PACKAGES_H

#include <stddef.h>

#include "ofd.h"
#include "sheet.h"

typedef struct packages {
    const char *version; /* of the build that made the module; must be ours */
    sheet_status (*read_xlsx)(arena *a, const unsigned char *bytes, size_t len, const char *name,
                              const sheet_limits *limits, sheet **out, char *error,
                              size_t error_size);
    sheet_status (*read_ods)(arena *a, const unsigned char *bytes, size_t len, const char *name,
                             const sheet_limits *limits, sheet **out, char *error,
                             size_t error_size);
    int (*render_ofd)(const laid_out *doc, const ofd_options *options, ofd_bytes *out, char *error,
                      size_t error_size);
} packages;

/* The name the module's table is exported under. */
#define PACKAGES_SYMBOL "jianbao_packages"
/* The module's file name, in module_dir() (paths.h). */
#define PACKAGES_MODULE "jianbao-packages.so"

const packages *packages_open(char *error, size_t error_size);

#endif
