/* jianbao: YAML bulletins to typeset Chinese PDF. This file only reads the
 * command line and runs the pipeline (pipeline.h) on each input. */
#include <errno.h>
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
#include "jobs.h"
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
    N_("Usage: jianbao [OPTIONS] FILE.yaml|DIRECTORY...\n"
       "Typesets each YAML bulletin (input format version 1) as a PDF. A DIRECTORY\n"
       "stands for every *.yaml or *.yml below it (in any case); their PDFs keep its\n"
       "layout under -o DIR.\n"
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
       "      --force        replace an existing file that is not a PDF\n"
       "  -j N               render N files at a time (default: the processors, %ld)\n"
       "      --template NAME|PATH  the template to use, overriding the file's\n"
       "                     `template:`; a NAME is a file in %s/templates\n"
       "      --fonts DIR    look for faces a template names in DIR first (may be given\n"
       "                     more than once); then among the bundled ones in %s/fonts\n"
       "      --shard K/N    render only the K-th of N parts of the inputs (K from 1):\n"
       "                     those at places K, K+N, K+2N... of the inputs sorted\n"
       "                     by path, directories walked; the N parts make one run\n"
       "      --manifest FILE  write FILE (JSON Lines): for each input its output,\n"
       "                     SHA-256, pages, bytes, messages, template and version\n"
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
       "  3  system error: unreadable input or font, unwritable output\n");

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
    long shard, shards;   /* --shard K/N: 1 <= shard <= shards; 0/0 for all */
    const char *manifest; /* --manifest */
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

/* A --fonts that names no directory would leave the run on the bundled
 * faces without a word. */
static void add_font_dir(cli *c, const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        char message[4200];
        snprintf(message, sizeof message, _("--fonts %s: %s; name a directory of font files"), dir,
                 stat(dir, &st) != 0 ? strerror(errno) : _("not a directory"));
        print_error(message);
        exit(EXIT_USAGE);
    }
    if (c->font_dir_count == 8) {
        fprintf(stderr, _("jianbao: --fonts is given more than 8 times; put the faces in fewer "
                          "directories\n"));
        exit(EXIT_USAGE);
    }
    c->font_dirs[c->font_dir_count++] = dir;
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

/* --shard K/N, with K from 1 to N, as Slurm array indices and GNU
 * Parallel's job numbers count. */
static void parse_shard(const char *arg, cli *c)
{
    char *end;
    errno = 0;
    long k = strtol(arg, &end, 10), n = 0;
    bool ok = *arg >= '0' && *arg <= '9' && *end == '/' && errno != ERANGE;
    if (ok) {
        const char *rest = end + 1;
        n = strtol(rest, &end, 10);
        ok = *rest >= '0' && *rest <= '9' && !*end && errno != ERANGE && n >= 1 && n <= 1000000 &&
             k >= 1 && k <= n;
    }
    if (!ok) {
        fputs(_("jianbao: --shard takes K/N, two whole numbers with 1 <= K <= N (the K-th of N "
                "parts, counted from 1, such as 1/4 ... 4/4), not `"),
              stderr);
        put_visible(stderr, arg);
        fputs(_("`\nTry 'jianbao --help'.\n"), stderr);
        exit(EXIT_USAGE);
    }
    c->shard = k, c->shards = n;
}

/* The long options without a short form. */
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
    OPT_FORCE,
    OPT_FORMAT,
    OPT_SHARD,
    OPT_MANIFEST
};

/* What one option (with its argument, or NULL) sets: one short case per
 * option, so the switch is as long as the options are many. */
static void apply_option(cli *c, int opt, const char *arg)
{
    switch (opt) {
    case 'j':
        c->jobs = (int)number_arg(arg, "-j", MAX_JOBS);
        break;
    case 'o':
        if (!*arg) {
            fputs(_("jianbao: -o takes a path (or - for standard output), not an empty "
                    "string\n"),
                  stderr);
            exit(EXIT_USAGE);
        }
        c->output = arg;
        break;
    case OPT_CHECK:
        c->run.check_only = true;
        break;
    case OPT_STRICT:
        c->run.strict = true;
        break;
    case OPT_TEMPLATE:
        c->run.template_override = arg;
        break;
    case OPT_FONTS:
        add_font_dir(c, arg);
        break;
    case OPT_FORCE:
        c->run.force = true;
        break;
    case OPT_PDFA:
        c->run.pdfa = true;
        c->run.pdfa_tagged = arg && !strcmp(arg, "1a");
        if (arg && strcmp(arg, "1a") && strcmp(arg, "1b")) {
            fprintf(stderr, _("jianbao: --pdfa takes 1b or 1a, not `%s`: write --pdfa=1a\n"), arg);
            exit(EXIT_USAGE);
        }
        break;
    case OPT_PRINT:
        c->run.print = true;
        break;
    case OPT_MARKS:
        c->run.print = c->run.marks = true;
        break;
    case OPT_NEW:
        c->new_file = arg;
        break;
    case OPT_WATCH:
        c->watch = true;
        break;
    case OPT_FORMAT:
        c->format = arg;
        break;
    case OPT_SHARD:
        parse_shard(arg, c);
        break;
    case OPT_MANIFEST:
        if (!*arg) {
            fputs(_("jianbao: --manifest takes a file name, not an empty string\n"), stderr);
            exit(EXIT_USAGE);
        }
        if (job_is_input_name(arg)) {
            fputs(_("jianbao: --manifest names a .yaml file, which would be taken for an "
                    "input; name a .jsonl file\n"),
                  stderr);
            exit(EXIT_USAGE);
        }
        c->manifest = arg;
        break;
    case OPT_LIMIT: {
        char error[256];
        if (!set_limit(&c->run.limits, arg, error, sizeof error)) {
            print_error(error);
            exit(EXIT_USAGE);
        }
        break;
    }
    case OPT_VERSION:
        printf(_("jianbao %s\n"), JIANBAO_VERSION);
        exit(0);
    case 'h':
        printf(_(usage), sysconf(_SC_NPROCESSORS_ONLN), data_dir(), data_dir(), data_dir());
        exit(0);
    default:
        fprintf(stderr, _("Try 'jianbao --help'.\n"));
        exit(EXIT_USAGE);
    }
}

/* Options that make no sense together, and what every run needs. */
static void check_options(cli *c)
{
    if (c->new_file)
        exit(new_bulletin(c->new_file));
    if (c->watch && (c->shards || c->manifest)) {
        fputs(_("jianbao: --watch renders one file; it takes neither --shard nor --manifest\n"),
              stderr);
        exit(EXIT_USAGE);
    }
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
        fprintf(stderr, _("jianbao: no input files\nTry 'jianbao --help'.\n"));
        exit(EXIT_USAGE);
    }
    choose_format(c);
}

static void parse_options(int argc, char **argv, cli *c)
{
    static const struct option longs[] = {{"check", no_argument, NULL, OPT_CHECK},
                                          {"strict", no_argument, NULL, OPT_STRICT},
                                          {"template", required_argument, NULL, OPT_TEMPLATE},
                                          {"fonts", required_argument, NULL, OPT_FONTS},
                                          {"version", no_argument, NULL, OPT_VERSION},
                                          {"limit", required_argument, NULL, OPT_LIMIT},
                                          {"pdfa", optional_argument, NULL, OPT_PDFA},
                                          {"new", required_argument, NULL, OPT_NEW},
                                          {"watch", no_argument, NULL, OPT_WATCH},
                                          {"print", no_argument, NULL, OPT_PRINT},
                                          {"marks", no_argument, NULL, OPT_MARKS},
                                          {"force", no_argument, NULL, OPT_FORCE},
                                          {"format", required_argument, NULL, OPT_FORMAT},
                                          {"shard", required_argument, NULL, OPT_SHARD},
                                          {"manifest", required_argument, NULL, OPT_MANIFEST},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    int opt;
    while ((opt = getopt_long(argc, argv, "o:j:h", longs, NULL)) != -1)
        apply_option(c, opt, optarg);
    c->inputs = argv + optind;
    c->input_count = argc - optind;
    check_options(c);
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const job_list *sorting; /* qsort passes no user data */

static int by_input_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(sorting->items[x].input, sorting->items[y].input);
    return c ? c : (x > y) - (x < y);
}

/* Where each input goes: -o names a file for one input, else a directory. */
static char *prepare_output_dir(const cli *c)
{
    if (!c->output)
        return NULL;
    size_t len = strlen(c->output);
    bool dir = c->input_count > 1 || is_directory(c->output) || is_directory(c->inputs[0]) ||
               (len && c->output[len - 1] == '/');
    if (!dir)
        return NULL;
    if (!strcmp(c->output, "-")) {
        fprintf(stderr, _("jianbao: -o - writes one PDF to standard output; give one input file, "
                          "or -o DIR for several\n"));
        exit(EXIT_USAGE);
    }
    char error[512];
    if (!c->run.check_only && make_directories(c->output, error, sizeof error) != 0) {
        print_error(error);
        exit(EXIT_SYSTEM);
    }
    return strdup(c->output);
}

static job_list collect_jobs(const cli *c, const char *dir)
{
    job_list jobs = {0};
    jobs.extension = c->run.format == FORMAT_OFD ? ".ofd" : NULL;
    for (int i = 0; i < c->input_count; i++) {
        const char *input = c->inputs[i];
        if (is_directory(input)) {
            jobs_add_directory(&jobs, input, dir, stderr);
            continue;
        }
        const char *base = strrchr(input, '/');
        char *out = c->output && !dir
                        ? strdup(c->output)
                        : job_output_name(base ? base + 1 : input, dir, jobs.extension);
        jobs_add(&jobs, input, out);
    }
    return jobs;
}

/* The directories a batch's PDFs go into, below -o DIR. */
static void make_output_dirs(const job_list *jobs)
{
    for (size_t i = 0; i < jobs->count; i++) {
        char *out = jobs->items[i].output, *slash = strrchr(out, '/');
        if (!slash || slash == out)
            continue;
        *slash = 0;
        char error[512];
        if (make_directories(out, error, sizeof error) != 0)
            print_error(error);
        *slash = '/';
    }
}

/* Keeps the K-th of N parts of the jobs: those whose place in the jobs
 * sorted by input path is K-1 modulo N, in the order they were named.
 * Dealing every N-th file (not contiguous blocks) keeps the parts within one
 * file of each other, and spreads a county's or a year's files, which sort
 * together and cost alike, over every part. */
static void keep_shard(job_list *jobs, long shard, long shards)
{
    if (!shards)
        return;
    size_t *order = malloc((jobs->count ? jobs->count : 1) * sizeof *order);
    for (size_t i = 0; i < jobs->count; i++)
        order[i] = i;
    sorting = jobs;
    qsort(order, jobs->count, sizeof *order, by_input_index);
    sorting = NULL;
    bool *kept = calloc(jobs->count ? jobs->count : 1, sizeof *kept);
    for (size_t rank = (size_t)(shard - 1); rank < jobs->count; rank += (size_t)shards)
        kept[order[rank]] = true;
    size_t n = 0;
    for (size_t i = 0; i < jobs->count; i++) {
        if (kept[i]) {
            jobs->items[n++] = jobs->items[i];
            continue;
        }
        free((char *)jobs->items[i].input);
        free(jobs->items[i].output);
    }
    jobs->count = n;
    free(kept);
    free(order);
}

/* Writes the records, in the jobs' order, to path, atomically. */
static int write_manifest(const char *path, char **records, size_t count)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    if (!out)
        return -1;
    for (size_t i = 0; i < count; i++)
        if (records[i])
            fputs(records[i], out);
    fclose(out);
    char error[512];
    /* An earlier manifest is replaced, as a run replaces its PDFs; one that
     * would be an input is refused with the options. */
    int status =
        write_atomically(path, (const unsigned char *)text, size, true, error, sizeof error);
    if (status != 0)
        print_error(error);
    free(text);
    return status;
}

int main(int argc, char **argv)
{
    i18n_init();
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
        job_list one = {0};
        jobs_add(&one, c.inputs[0],
                 c.output ? strdup(c.output)
                          : job_output_name(base ? base + 1 : c.inputs[0], NULL,
                                            c.run.format == FORMAT_OFD ? ".ofd" : NULL));
        int status = jobs_find_collisions(&one, stderr)
                         ? EXIT_USAGE
                         : watch_file(&ctx, one.items[0].input, one.items[0].output);
        jobs_free(&one);
        run_context_free(&ctx);
        return status;
    }
    char *dir = prepare_output_dir(&c);
    job_list jobs = collect_jobs(&c, dir);
    if (!c.run.check_only && jobs_find_collisions(&jobs, stderr)) {
        fprintf(stderr, _("jianbao: nothing was rendered\n"));
        jobs_free(&jobs);
        free(dir);
        run_context_free(&ctx);
        return EXIT_USAGE;
    }
    keep_shard(&jobs, c.shard, c.shards);
    if (dir && !c.run.check_only)
        make_output_dirs(&jobs);
    int workers = c.jobs ? c.jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (workers > 1 && jobs.count > 1 && run_context_open_faces(&ctx, error, sizeof error) != 0) {
        print_error(error);
        return EXIT_SYSTEM;
    }
    char **records = c.manifest ? calloc(jobs.count ? jobs.count : 1, sizeof *records) : NULL;
    batch_totals t =
        run_batch(&ctx, jobs.items, jobs.count, workers, isatty(2) && jobs.count > 1, records);
    if (records) {
        if (write_manifest(c.manifest, records, jobs.count) != 0)
            t.status = EXIT_SYSTEM;
        for (size_t i = 0; i < jobs.count; i++)
            free(records[i]);
        free(records);
    }
    t.failed += jobs.skipped;
    if (jobs.status > t.status)
        t.status = jobs.status;
    if (jobs.count + (size_t)jobs.skipped > 1)
        fprintf(stderr,
                c.run.check_only
                    ? _("jianbao: %d checked, %d failed, %d with warnings, in %.1f s\n")
                    : _("jianbao: %d rendered, %d failed, %d with warnings, in %.1f s\n"),
                t.rendered, t.failed, t.warned, t.seconds);
    jobs_free(&jobs);
    free(dir);
    run_context_free(&ctx);
    return t.status;
}
