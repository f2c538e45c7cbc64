/* paths: where jianbao finds what it reads besides its input. The data
 * directory (templates/, fonts/, profiles/, schema/) is, in order: the
 * environment's JIANBAO_DATA_DIR; the installed one relative to the running
 * binary (bin/../share/jianbao, so a moved prefix still works); the source
 * tree when the binary is the one in its build tree. The locale directory
 * (message catalogues) and the module directory (packages.h) are found the
 * same way. */
#ifndef JIANBAO_PATHS_H
#define JIANBAO_PATHS_H

#include <stddef.h>

/* Both return a path that lives as long as the process. */
const char *data_dir(void);
const char *locale_dir(void);
const char *module_dir(void);

/* The system's font directories a distribution's build names (meson option
 * font_dirs), searched after the data directory's fonts/: a package that
 * depends on font packages finds their faces there. Fills at most max
 * entries; returns how many. */
size_t system_font_dirs(const char **dirs, size_t max);

#endif
