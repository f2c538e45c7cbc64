/* paths: where jianbao finds what it reads besides its input. The data
 * directory (templates/, fonts/, profiles/, schema/) is, in order: the
 * environment's JIANBAO_DATA_DIR; the installed one relative to the running
 * binary (bin/../share/jianbao, so a moved prefix still works); the source
 * tree when the binary is the one in its build tree. The locale directory
 * (message catalogues) is found the same way. */
#ifndef JIANBAO_PATHS_H
#define JIANBAO_PATHS_H

/* Both return a path that lives as long as the process. */
const char *data_dir(void);
const char *locale_dir(void);

#endif
