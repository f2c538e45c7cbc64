/* pipeline: one input file through load -> resolve -> layout -> render, and
 * the result written. The resources a run shares (fonts, templates) are
 * loaded once into a run_context and only read by each file. */
#ifndef JIANBAO_PIPELINE_H
#define JIANBAO_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "document.h"
#include "fonts.h"
#include "load_tree.h"
#include "template_load.h"

/* What render_file writes. */
typedef enum { FORMAT_PDF, FORMAT_OFD } output_format;

typedef struct run_options {
    bool check_only;               /* load, resolve and lay out; write nothing */
    bool strict;                   /* warnings count as errors */
    const char *template_override; /* --template */
    bool pdfa;                     /* --pdfa */
    bool print;                    /* --print (and --marks): CMYK for the press */
    bool marks;                    /* --marks: crop marks and bleed */
    bool force;                    /* --force: replace a file that is not a PDF */
    output_format format;          /* -o NAME.ofd or --format */
    bool pdfa_tagged;              /* --pdfa=1a */
    input_limits limits;
} run_options;

typedef struct run_context {
    const run_options *options;
    font_library *fonts;
    template_set *templates;
    unsigned char *icc; /* the sRGB profile for PDF/A output intents */
    size_t icc_size;
} run_context;

typedef enum { FILE_RENDERED = 0, FILE_INPUT_ERROR = 1, FILE_SYSTEM_ERROR = 3 } file_status;

typedef struct file_result {
    file_status status;
    int warnings;
} file_result;

/* Loads what every file shares. Returns -1 with a reason when it cannot. */
int run_context_init(run_context *ctx, const run_options *options, const char *data_dir,
                     const char *const *font_dirs, size_t font_dir_count, char *error,
                     size_t error_size);
/* Opens the faces of the default template (or --template's) in both
 * languages, and for OFD the module that writes it, so that the workers of a
 * batch, forked afterwards, share them rather than each opening its own. -1
 * with the reason when a face cannot be opened. */
int run_context_open_faces(run_context *ctx, char *error, size_t error_size);
void run_context_free(run_context *ctx);

/* compare_with: reads and loads the earlier bulletin that doc names into
 * doc->earlier, with its own messages (naming its file) added to diags. */
void load_compared_bulletin(document *doc, const char *input, const input_limits *limits,
                            diag_list *diags);

/* Renders input to output_path (not written under check_only); the file's
 * messages go to `messages`. */
file_result render_file(const run_context *ctx, const char *input, const char *output_path,
                        FILE *messages);
/* The same, and when record is not NULL, the file's manifest record
 * (manifest.h) is written to it. */
file_result render_file_recorded(const run_context *ctx, const char *input, const char *output_path,
                                 FILE *messages, FILE *record);

#endif
