/* jianbao: YAML bulletins to typeset Chinese PDF. This file only reads the
 * command line and runs the pipeline (pipeline.h) on each input. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "pipeline.h"

#ifndef JIANBAO_VERSION
#define JIANBAO_VERSION "0"
#endif
#ifndef JIANBAO_DATA_DIR
#define JIANBAO_DATA_DIR "."
#endif

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };

static const char usage[] =
    "Usage: jianbao [OPTIONS] FILE.yaml...\n"
    "Typesets each YAML bulletin (input format version 1) as a PDF.\n"
    "\n"
    "Options:\n"
    "  -o PATH            the PDF for one input, or the directory for several\n"
    "                     (created when missing); default NAME.pdf here\n"
    "      --check        load and check only: print every error and warning,\n"
    "                     write nothing\n"
    "      --strict       warnings count as errors\n"
    "      --template NAME|PATH  the template to use, overriding the file's\n"
    "                     `template:`; a NAME is a file in %s/templates\n"
    "      --fonts DIR    where the bundled faces are (default: %s/fonts)\n"
    "      --max-nodes N  bound on YAML nodes after alias expansion (default 1000000)\n"
    "      --max-depth N  bound on YAML nesting (default 64)\n"
    "      --version      print the version and exit\n"
    "  -h, --help         print this help and exit\n"
    "\n"
    "Messages go to standard error as FILE:LINE:COL: error: KEY.PATH: message.\n"
    "\n"
    "Exit status:\n"
    "  0  every file rendered (or checked) without error\n"
    "  1  some input had errors; the other files were still rendered\n"
    "  2  usage error\n"
    "  3  system error: unreadable input or font, unwritable output\n";

typedef struct cli {
    run_options run;
    const char *output;
    const char *font_dir;
    char **inputs;
    int input_count;
} cli;

static void on_signal(int sig)
{
    output_abandon();
    signal(sig, SIG_DFL);
    raise(sig);
}

static long number_arg(const char *s, const char *name)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v <= 0) {
        fprintf(stderr, "jianbao: %s takes a positive whole number, not `%s`\n", name, s);
        exit(EXIT_USAGE);
    }
    return v;
}

static void parse_options(int argc, char **argv, cli *c)
{
    enum {
        OPT_CHECK = 256,
        OPT_STRICT,
        OPT_TEMPLATE,
        OPT_FONTS,
        OPT_VERSION,
        OPT_NODES,
        OPT_DEPTH
    };
    static const struct option longs[] = {{"check", no_argument, NULL, OPT_CHECK},
                                          {"strict", no_argument, NULL, OPT_STRICT},
                                          {"template", required_argument, NULL, OPT_TEMPLATE},
                                          {"fonts", required_argument, NULL, OPT_FONTS},
                                          {"version", no_argument, NULL, OPT_VERSION},
                                          {"max-nodes", required_argument, NULL, OPT_NODES},
                                          {"max-depth", required_argument, NULL, OPT_DEPTH},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "o:h", longs, NULL)) != -1) {
        switch (opt) {
        case 'o':
            c->output = optarg;
            break;
        case OPT_CHECK:
            c->run.check_only = true;
            break;
        case OPT_STRICT:
            c->run.strict = true;
            break;
        case OPT_TEMPLATE:
            c->run.template_override = optarg;
            break;
        case OPT_FONTS:
            c->font_dir = optarg;
            break;
        case OPT_NODES:
            c->run.limits.max_nodes = (size_t)number_arg(optarg, "--max-nodes");
            break;
        case OPT_DEPTH:
            c->run.limits.max_depth = (size_t)number_arg(optarg, "--max-depth");
            break;
        case OPT_VERSION:
            printf("jianbao %s\n", JIANBAO_VERSION);
            exit(0);
        case 'h':
            printf(usage, JIANBAO_DATA_DIR, JIANBAO_DATA_DIR);
            exit(0);
        default:
            fprintf(stderr, "Try 'jianbao --help'.\n");
            exit(EXIT_USAGE);
        }
    }
    c->inputs = argv + optind;
    c->input_count = argc - optind;
    if (!c->input_count) {
        fprintf(stderr, "jianbao: no input files\nTry 'jianbao --help'.\n");
        exit(EXIT_USAGE);
    }
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* NAME.pdf for NAME.yaml, in dir (or here). */
static char *output_for(const char *input, const char *dir)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    size_t len = strlen(base);
    if (len > 5 && !strcmp(base + len - 5, ".yaml"))
        len -= 5;
    else if (len > 4 && !strcmp(base + len - 4, ".yml"))
        len -= 4;
    size_t n = (dir ? strlen(dir) + 1 : 0) + len + 5;
    char *out = malloc(n);
    snprintf(out, n, "%s%s%.*s.pdf", dir ? dir : "", dir ? "/" : "", (int)len, base);
    return out;
}

/* Where each input goes: -o names a file for one input, else a directory. */
static char *prepare_output_dir(const cli *c)
{
    if (!c->output)
        return NULL;
    bool dir =
        c->input_count > 1 || is_directory(c->output) || c->output[strlen(c->output) - 1] == '/';
    if (!dir)
        return NULL;
    char error[512];
    if (!c->run.check_only && make_directories(c->output, error, sizeof error) != 0) {
        fprintf(stderr, "jianbao: %s\n", error);
        exit(EXIT_SYSTEM);
    }
    return strdup(c->output);
}

int main(int argc, char **argv)
{
    cli c = {.run.limits = {64, 1000000}, .font_dir = JIANBAO_DATA_DIR "/fonts"};
    parse_options(argc, argv, &c);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    run_context ctx;
    char error[512];
    if (run_context_init(&ctx, &c.run, JIANBAO_DATA_DIR, c.font_dir, error, sizeof error) != 0) {
        fprintf(stderr, "jianbao: %s\n", error);
        return EXIT_SYSTEM;
    }
    char *dir = prepare_output_dir(&c);
    int status = 0, rendered = 0, failed = 0, warned = 0;
    for (int i = 0; i < c.input_count; i++) {
        char *out = c.output && !dir ? strdup(c.output) : output_for(c.inputs[i], dir);
        file_result r = render_file(&ctx, c.inputs[i], out);
        free(out);
        if (r.status == FILE_RENDERED)
            rendered++;
        else
            failed++;
        if (r.warnings)
            warned++;
        if ((int)r.status > status)
            status = (int)r.status;
    }
    if (c.input_count > 1)
        fprintf(stderr, "jianbao: %d %s, %d failed, %d with warnings\n", rendered,
                c.run.check_only ? "checked" : "rendered", failed, warned);
    free(dir);
    run_context_free(&ctx);
    return status;
}
