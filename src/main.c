/* jianbao: YAML bulletins to typeset Chinese PDF. This file only reads the
 * command line and runs the pipeline (pipeline.h) on each input. */
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "diag.h"
#include "i18n.h"
#include "output.h"
#include "paths.h"
#include "pipeline.h"
#include "starter.h"
#include "watch.h"

#ifndef JIANBAO_VERSION
#define JIANBAO_VERSION "0"
#endif

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SYSTEM = 3 };
/* More workers than this only wait on each other and on open-file limits. */
enum { MAX_JOBS = 1024 };

static const char usage[] =
    "Usage: jianbao [OPTIONS] FILE.yaml|DIRECTORY...\n"
    "Typesets each YAML bulletin (input format version 1) as a PDF. A DIRECTORY\n"
    "stands for every *.yaml below it; their PDFs keep its layout under -o DIR.\n"
    "\n"
    "Options:\n"
    "  -o PATH            the PDF for one input (- for standard output), or the\n"
    "                     directory for several (created when missing);\n"
    "                     default NAME.pdf here\n"
    "      --check        load, check and lay out only: print every error and\n"
    "                     warning, write nothing\n"
    "      --strict       warnings count as errors\n"
    "      --format pdf|ofd  write PDF (the default) or an OFD package (GB/T\n"
    "                     33190-2016); -o NAME.ofd or NAME.pdf says it too\n"
    "      --pdfa         write PDF/A-1b (XMP metadata, sRGB output intent)\n"
    "      --print        write for the press: the red in CMYK (colors.red_cmyk),\n"
    "                     black and greys on the black plate, nothing in RGB\n"
    "      --marks        --print with crop marks and a 3 mm bleed (TrimBox,\n"
    "                     BleedBox), for print shops that trim\n"
    "  -j N               render N files at a time (default: the processors, %ld)\n"
    "      --template NAME|PATH  the template to use, overriding the file's\n"
    "                     `template:`; a NAME is a file in %s/templates\n"
    "      --fonts DIR    look for faces a template names in DIR first (may be given\n"
    "                     more than once); then among the bundled ones in %s/fonts\n"
    "      --new FILE.yaml  write a starter bulletin to FILE.yaml (never over an\n"
    "                     existing file), with a Chinese comment on each key\n"
    "      --watch        render the one input again each time it is saved, until\n"
    "                     interrupted; a failed render keeps the last good PDF\n"
    "      --limit NAME=N raise (or lower) a bound on one input; NAME is one of\n"
    "                     depth (64), nodes (2000000, aliases expanded),\n"
    "                     text (1000000 characters, aliases expanded),\n"
    "                     file-size (33554432 bytes), figures (10000),\n"
    "                     sections (10000), rows (100000 in a table),\n"
    "                     cells (1000000 in a table), paragraph (100000\n"
    "                     characters), pages (5000), sheet-size (268435456\n"
    "                     bytes inflated from one spreadsheet), sheet-cells\n"
    "                     (2000000 read from one sheet); 0 means no bound\n"
    "      --version      print the version and exit\n"
    "  -h, --help         print this help and exit\n"
    "\n"
    "Messages go to standard error as FILE:LINE:COL: error: KEY.PATH: message.\n"
    "\n"
    "Environment:\n"
    "  JIANBAO_DATA_DIR   where templates/, fonts/ and profiles/ are (now %s)\n"
    "\n"
    "Exit status:\n"
    "  0  every file rendered (or checked) without error\n"
    "  1  some input had errors; the other files were still rendered\n"
    "  2  usage error\n"
    "  3  system error: unreadable input or font, unwritable output\n";

typedef struct cli {
    run_options run;
    const char *output;
    const char *font_dirs[16]; /* --fonts, the bundled faces, the system's */
    int font_dir_count;
    char **inputs;
    int input_count;
    int jobs;
    const char *new_file; /* --new */
    bool watch;           /* --watch */
    const char *format;   /* --format, as given */
} cli;

/* A whole number from 1 to `most`, checked for overflow. */
/* "jianbao: MESSAGE" with anything quoted from a path shown visibly. */
static void print_error(const char *message)
{
    fputs("jianbao: ", stderr);
    put_visible(stderr, message);
    fputc('\n', stderr);
}

static long number_arg(const char *s, const char *name, long most)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || errno == ERANGE || v <= 0 || v > most) {
        fprintf(stderr, _("jianbao: %s takes a whole number from 1 to %ld, not `"), name, most);
        put_visible(stderr, s);
        fputs("`\n", stderr);
        exit(EXIT_USAGE);
    }
    return v;
}

static bool has_suffix(const char *name, const char *suffix)
{
    size_t len = strlen(name), n = strlen(suffix);
    return len > n && !strcasecmp(name + len - n, suffix);
}

/* --format, else the name -o gives (NAME.ofd), else PDF. A name and a
 * --format that disagree, and --pdfa with OFD, are usage errors. */
static void choose_format(cli *c)
{
    bool named_ofd = c->output && has_suffix(c->output, ".ofd");
    bool named_pdf = c->output && has_suffix(c->output, ".pdf");
    if (c->format && strcmp(c->format, "pdf") && strcmp(c->format, "ofd")) {
        fprintf(stderr, _("jianbao: --format takes pdf or ofd, not `%s`\n"), c->format);
        exit(EXIT_USAGE);
    }
    if (c->format &&
        ((named_ofd && !strcmp(c->format, "pdf")) || (named_pdf && !strcmp(c->format, "ofd")))) {
        fprintf(stderr,
                _("jianbao: -o %s and --format %s disagree; name the file .%s or leave "
                  "out --format\n"),
                c->output, c->format, c->format);
        exit(EXIT_USAGE);
    }
    c->run.format = (c->format ? !strcmp(c->format, "ofd") : named_ofd) ? FORMAT_OFD : FORMAT_PDF;
    if (c->run.format == FORMAT_OFD && c->run.pdfa) {
        fprintf(stderr, _("jianbao: --pdfa makes PDF/A, a kind of PDF; an OFD package has no "
                          "such variant: leave out --pdfa, or write PDF\n"));
        exit(EXIT_USAGE);
    }
    if (c->run.format == FORMAT_OFD && c->run.marks) {
        fprintf(stderr, _("jianbao: --marks adds crop marks and a bleed to a PDF for the print "
                          "shop; an OFD package has no such boxes: leave out --marks (--print "
                          "alone writes the colours for the press), or write PDF\n"));
        exit(EXIT_USAGE);
    }
}

static void parse_options(int argc, char **argv, cli *c)
{
    enum {
        OPT_CHECK = 256,
        OPT_STRICT,
        OPT_TEMPLATE,
        OPT_FONTS,
        OPT_VERSION,
        OPT_LIMIT,
        OPT_PDFA,
        OPT_NEW,
        OPT_WATCH,
        OPT_PRINT,
        OPT_MARKS,
        OPT_FORMAT
    };
    static const struct option longs[] = {{"check", no_argument, NULL, OPT_CHECK},
                                          {"strict", no_argument, NULL, OPT_STRICT},
                                          {"template", required_argument, NULL, OPT_TEMPLATE},
                                          {"fonts", required_argument, NULL, OPT_FONTS},
                                          {"version", no_argument, NULL, OPT_VERSION},
                                          {"limit", required_argument, NULL, OPT_LIMIT},
                                          {"pdfa", no_argument, NULL, OPT_PDFA},
                                          {"new", required_argument, NULL, OPT_NEW},
                                          {"watch", no_argument, NULL, OPT_WATCH},
                                          {"print", no_argument, NULL, OPT_PRINT},
                                          {"marks", no_argument, NULL, OPT_MARKS},
                                          {"format", required_argument, NULL, OPT_FORMAT},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "o:j:h", longs, NULL)) != -1) {
        switch (opt) {
        case 'j':
            c->jobs = (int)number_arg(optarg, "-j", MAX_JOBS);
            break;
        case 'o':
            if (!*optarg) {
                fputs(_("jianbao: -o takes a path (or - for standard output), not an empty "
                        "string\n"),
                      stderr);
                exit(EXIT_USAGE);
            }
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
            if (c->font_dir_count < 8)
                c->font_dirs[c->font_dir_count++] = optarg;
            break;
        case OPT_PDFA:
            c->run.pdfa = true;
            break;
        case OPT_PRINT:
            c->run.print = true;
            break;
        case OPT_MARKS:
            c->run.print = c->run.marks = true;
            break;
        case OPT_NEW:
            c->new_file = optarg;
            break;
        case OPT_WATCH:
            c->watch = true;
            break;
        case OPT_FORMAT:
            c->format = optarg;
            break;
        case OPT_LIMIT: {
            char error[256];
            if (!set_limit(&c->run.limits, optarg, error, sizeof error)) {
                print_error(error);
                exit(EXIT_USAGE);
            }
            break;
        }
        case OPT_VERSION:
            printf("jianbao %s\n", JIANBAO_VERSION);
            exit(0);
        case 'h':
            printf(usage, sysconf(_SC_NPROCESSORS_ONLN), data_dir(), data_dir(), data_dir());
            exit(0);
        default:
            fprintf(stderr, "Try 'jianbao --help'.\n");
            exit(EXIT_USAGE);
        }
    }
    c->inputs = argv + optind;
    c->input_count = argc - optind;
    if (c->new_file)
        exit(new_bulletin(c->new_file));
    if (c->watch && c->input_count != 1) {
        fprintf(stderr, _("jianbao: --watch takes one FILE.yaml\nTry 'jianbao --help'.\n"));
        exit(EXIT_USAGE);
    }
    if (c->run.pdfa && c->run.print) {
        fprintf(stderr,
                _("jianbao: %s and --pdfa cannot be combined: PDF/A-1b with CMYK colour "
                  "needs a CMYK output intent profile, and none ships with jianbao; write "
                  "the archive copy with --pdfa and the press copy with %s\n"),
                c->run.marks ? "--marks" : "--print", c->run.marks ? "--marks" : "--print");
        exit(EXIT_USAGE);
    }
    if (!c->input_count) {
        fprintf(stderr, "jianbao: no input files\nTry 'jianbao --help'.\n");
        exit(EXIT_USAGE);
    }
    choose_format(c);
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The jobs of one run: each input file, and every *.yaml below each directory. */
typedef struct job_list {
    batch_job *items;
    size_t count, cap;
    const char *out_dir; /* NULL: the current directory, or -o names one file */
    const char *root;    /* the directory being walked */
    output_format format;
} job_list;

static bool has_yaml_suffix(const char *name)
{
    size_t len = strlen(name);
    return (len > 5 && !strcmp(name + len - 5, ".yaml")) ||
           (len > 4 && !strcmp(name + len - 4, ".yml"));
}

/* OUT/REL.pdf (or .ofd) for IN/REL.yaml */
static char *output_for(const char *relative, const char *dir, output_format format)
{
    size_t len = strlen(relative);
    if (len > 5 && !strcmp(relative + len - 5, ".yaml"))
        len -= 5;
    else if (len > 4 && !strcmp(relative + len - 4, ".yml"))
        len -= 4;
    size_t n = (dir ? strlen(dir) + 1 : 0) + len + 5;
    char *out = malloc(n);
    snprintf(out, n, "%s%s%.*s%s", dir ? dir : "", dir ? "/" : "", (int)len, relative,
             format == FORMAT_OFD ? ".ofd" : ".pdf");
    return out;
}

static void add_job(job_list *l, const char *input, char *output)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = (batch_job){strdup(input), output};
}

static int by_input(const void *a, const void *b)
{
    return strcmp(((const batch_job *)a)->input, ((const batch_job *)b)->input);
}

static job_list *walking; /* nftw passes no user data */

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (type == FTW_F && has_yaml_suffix(path)) {
        const char *relative = path + strlen(walking->root);
        while (*relative == '/')
            relative++;
        char *out = output_for(relative, walking->out_dir, walking->format);
        char *slash = strrchr(out, '/');
        if (slash && walking->out_dir) { /* keep the directory's layout */
            *slash = 0;
            char error[512];
            if (make_directories(out, error, sizeof error) != 0)
                print_error(error);
            *slash = '/';
        }
        add_job(walking, path, out);
    }
    return 0;
}

static void add_directory(job_list *l, const char *dir)
{
    size_t first = l->count;
    l->root = dir;
    walking = l;
    if (nftw(dir, visit, 16, FTW_PHYS) != 0) {
        char message[4200];
        snprintf(message, sizeof message, _("cannot read directory %s"), dir);
        print_error(message);
    }
    walking = NULL;
    qsort(l->items + first, l->count - first, sizeof *l->items, by_input);
}

/* Where each input goes: -o names a file for one input, else a directory. */
static char *prepare_output_dir(const cli *c)
{
    if (!c->output)
        return NULL;
    bool dir = c->input_count > 1 || is_directory(c->output) || is_directory(c->inputs[0]) ||
               c->output[strlen(c->output) - 1] == '/';
    if (!dir)
        return NULL;
    char error[512];
    if (!c->run.check_only && make_directories(c->output, error, sizeof error) != 0) {
        print_error(error);
        exit(EXIT_SYSTEM);
    }
    return strdup(c->output);
}

static job_list collect_jobs(const cli *c, const char *dir)
{
    job_list jobs = {NULL, 0, 0, dir, NULL, c->run.format};
    for (int i = 0; i < c->input_count; i++) {
        const char *input = c->inputs[i];
        if (is_directory(input)) {
            add_directory(&jobs, input);
            continue;
        }
        const char *base = strrchr(input, '/');
        char *out = c->output && !dir ? strdup(c->output)
                                      : output_for(base ? base + 1 : input, dir, c->run.format);
        add_job(&jobs, input, out);
    }
    return jobs;
}

int main(int argc, char **argv)
{
    cli c = {.run.limits = default_limits};
    parse_options(argc, argv, &c);
    /* Large buffers come and go for every document (font tables, the PDF):
     * keep them on the heap to be reused, not mapped and unmapped each time. */
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    signal(SIGINT, output_on_signal);
    signal(SIGTERM, output_on_signal);
    run_context ctx;
    char error[512];
    char fonts[4200];
    snprintf(fonts, sizeof fonts, "%s/fonts", data_dir());
    c.font_dirs[c.font_dir_count++] = fonts;
    c.font_dir_count +=
        (int)system_font_dirs(c.font_dirs + c.font_dir_count, (size_t)(16 - c.font_dir_count));
    if (run_context_init(&ctx, &c.run, data_dir(), c.font_dirs, (size_t)c.font_dir_count, error,
                         sizeof error) != 0) {
        print_error(error);
        run_context_free(&ctx);
        return EXIT_SYSTEM;
    }
    if (c.watch) {
        const char *base = strrchr(c.inputs[0], '/');
        char *out = c.output ? strdup(c.output)
                             : output_for(base ? base + 1 : c.inputs[0], NULL, c.run.format);
        int status = watch_file(&ctx, c.inputs[0], out);
        free(out);
        run_context_free(&ctx);
        return status;
    }
    char *dir = prepare_output_dir(&c);
    job_list jobs = collect_jobs(&c, dir);
    int workers = c.jobs ? c.jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    batch_totals t = run_batch(&ctx, jobs.items, jobs.count, workers, isatty(2) && jobs.count > 1);
    if (jobs.count > 1)
        fprintf(stderr, "jianbao: %d %s, %d failed, %d with warnings, in %.1f s\n", t.rendered,
                c.run.check_only ? "checked" : "rendered", t.failed, t.warned, t.seconds);
    for (size_t i = 0; i < jobs.count; i++) {
        free((char *)jobs.items[i].input);
        free(jobs.items[i].output);
    }
    free(jobs.items);
    free(dir);
    run_context_free(&ctx);
    return t.status;
}
