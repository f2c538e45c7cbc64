/* jobs: which files a run renders and where each PDF goes. A directory
 * stands for every regular file below it named *.yaml or *.yml (in any
 * case); a symbolic link to such a file is followed, one to a directory is
 * not (with a warning), and anything else named like an input (a FIFO, a
 * socket, a dangling link) is reported and skipped. Before anything is
 * rendered, two inputs whose PDFs would be one file, and a PDF that would be
 * written over an input, are found and reported. */
#ifndef JIANBAO_JOBS_H
#define JIANBAO_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "batch.h"

typedef struct job_list {
    batch_job *items;
    size_t count, cap;
    int skipped;           /* inputs found and not taken (reported) */
    int status;            /* 0, or the exit status those reports call for */
    const char *extension; /* of the outputs a directory gives: ".pdf" (NULL) or ".ofd" */
} job_list;

/* Whether a name ends in .yaml or .yml, in any case. */
bool job_is_input_name(const char *name);
/* DIR/REL.pdf for REL.yaml (REL.pdf without dir), or another extension
 * (".ofd"; NULL for ".pdf"); the caller frees it. */
char *job_output_name(const char *relative, const char *dir, const char *extension);

/* Adds input, written to output (which the list then owns). */
void jobs_add(job_list *l, const char *input, char *output);
/* Adds the inputs below dir, sorted, their PDFs under out_dir keeping the
 * layout (or named after their files in the current directory). What is
 * skipped is reported to messages. */
void jobs_add_directory(job_list *l, const char *dir, const char *out_dir, FILE *messages);
/* Reports to messages each file that two jobs would write, and each PDF
 * that would be written over an input; returns how many it found. */
size_t jobs_find_collisions(const job_list *l, FILE *messages);
void jobs_free(job_list *l);

#endif
