/* batch: many inputs through the pipeline, several at a time. Workers are
 * processes forked after fonts and the default template are loaded, so they
 * share those read-only pages, and one input that crashes its worker fails
 * alone. Each file's messages are printed whole, never interleaved; on a
 * terminal a progress line shows files done, failed, rate and time left. */
#ifndef JIANBAO_BATCH_H
#define JIANBAO_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

typedef struct batch_job {
    const char *input;
    char *output;
} batch_job;

typedef struct batch_totals {
    int rendered, failed, warned;
    int status; /* the worst file_status */
    double seconds;
} batch_totals;

/* workers: how many files at a time (1 renders in this process). records:
 * NULL, or count slots that receive each job's manifest record (malloc'd;
 * NULL for a job never run, when the batch was interrupted). */
batch_totals run_batch(const run_context *ctx, const batch_job *jobs, size_t count, int workers,
                       bool progress, char **records);

#endif
