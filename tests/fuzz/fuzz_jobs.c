/* Fuzz target: a batch's file handling. The input is a list of paths, one a
 * line; a first line starting with "-o " names an output directory. Each
 * path is named as a directory walk names it, then the collision check runs
 * over the list. Every PDF name must end in .pdf, and two jobs given the
 * same PDF name must always be reported. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/jobs.h"

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How many jobs share a PDF name with an earlier one: the fewest reports. */
static size_t repeated_outputs(const job_list *l)
{
    char **names = malloc((l->count + 1) * sizeof *names);
    for (size_t i = 0; i < l->count; i++)
        names[i] = l->items[i].output;
    qsort(names, l->count, sizeof *names, by_string);
    size_t repeats = 0;
    for (size_t i = 1; i < l->count; i++)
        repeats += !strcmp(names[i], names[i - 1]);
    free(names);
    return repeats;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, 0, size))
        return 0;
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    const char *out_dir = NULL;
    char *line = text;
    if (!strncmp(line, "-o ", 3)) {
        char *eol = strchr(line, '\n');
        out_dir = line + 3;
        line = eol ? (*eol = 0, eol + 1) : line + size;
    }
    job_list jobs = {0};
    while (*line && jobs.count < 256) {
        char *eol = strchr(line, '\n'), *next = eol ? (*eol = 0, eol + 1) : line + strlen(line);
        if (*line) {
            const char *slash = strrchr(line, '/');
            char *out = job_output_name(out_dir ? line : slash ? slash + 1 : line, out_dir, NULL);
            size_t len = strlen(out);
            if (len < 4 || strcmp(out + len - 4, ".pdf"))
                abort();
            jobs_add(&jobs, line, out);
        }
        line = next;
    }
    FILE *sink = fopen("/dev/null", "w");
    size_t found = jobs_find_collisions(&jobs, sink);
    fclose(sink);
    if (found < repeated_outputs(&jobs))
        abort();
    jobs_free(&jobs);
    free(text);
    return 0;
}
