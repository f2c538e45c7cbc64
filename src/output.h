/* output: writing a PDF so that a reader never sees half of it. The bytes go
 * to a temporary file beside the target, then are renamed over it: a failed
 * run leaves the old file untouched and no temporary. There is no fsync (it
 * cost a fifth of a bulletin's time): file systems such as ext4 write a file
 * replaced by rename before the rename itself. */
#ifndef JIANBAO_OUTPUT_H
#define JIANBAO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Returns 0, or -1 with a sentence naming the path and the system's reason.
 * "-" and paths that are not regular files (pipes, terminals) are written
 * directly. A new file gets the mode the umask allows, a replaced one keeps
 * its mode; a read-only file is never replaced, nor one that is not a PDF
 * unless force is set. A symbolic link is written through: the file it
 * points to is replaced and the link stays. */
int write_atomically(const char *path, const unsigned char *data, size_t size, bool force,
                     char *error, size_t error_size);
/* Creates a directory and its parents; 0 or -1 with a reason. */
int make_directories(const char *path, char *error, size_t error_size);
/* Removes the temporary file being written, if any (for signal handlers). */
void output_abandon(void);
/* A handler for SIGINT and SIGTERM: abandons the temporary file, then lets
 * the signal end the process as it would have. */
void output_on_signal(int sig);

#endif
