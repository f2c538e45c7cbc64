/* starter: `jianbao --new FILE.yaml` writes a bulletin to start from, with
 * every common key and a Chinese comment on each; it renders as written. */
#ifndef JIANBAO_STARTER_H
#define JIANBAO_STARTER_H

#include <stddef.h>

/* Writes the starter to path, never over an existing file. schema is the
 * JSON Schema an editor should check it with (NULL for none). Returns 0, or
 * -1 with a sentence naming the path and the reason. */
int write_starter(const char *path, const char *schema, char *error, size_t error_size);

/* --new: writes the starter naming the data directory's schema, reporting
 * on standard error; returns the exit status (0, or 3). */
int new_bulletin(const char *path);

#endif
