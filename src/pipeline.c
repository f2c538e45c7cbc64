#include "pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "layout.h"
#include "load.h"
#include "manifest.h"
#include "packages.h"
#include "output.h"
#include "pdf.h"
#include "resolve.h"

#ifndef JIANBAO_VERSION
#define JIANBAO_VERSION "0"
#endif

/* Reads a whole input; *too_large tells a bound passed from a system error. */
static char *read_file(const char *path, size_t limit, size_t *size, bool *too_large, char *error,
                       size_t error_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(error, error_size, _("cannot read %s: %s"), path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(error, error_size, _("cannot read %s: it is a directory"), path);
        fclose(f);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (limit && len > limit) {
            *too_large = true;
            snprintf(error, error_size,
                     _("%s is larger than %zu bytes; raise the bound with --limit file-size=N"),
                     path, limit);
            fclose(f);
            free(buf);
            return NULL;
        }
        if (len < cap)
            break;
        cap *= 2;
        char *grown = realloc(buf, cap + 1);
        if (!grown) {
            snprintf(error, error_size, _("cannot read %s: out of memory"), path);
            fclose(f);
            free(buf);
            return NULL;
        }
        buf = grown;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        snprintf(error, error_size, _("cannot read %s: %s"), path, strerror(errno));
        free(buf);
        return NULL;
    }
    buf[len] = 0;
    *size = len;
    return buf;
}

int run_context_init(run_context *ctx, const run_options *options, const char *data_dir,
                     const char *const *font_dirs, size_t font_dir_count, char *error,
                     size_t error_size)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->options = options;
    ctx->fonts = font_library_new(font_dirs, font_dir_count);
    if (!ctx->fonts) {
        snprintf(error, error_size, _("cannot start FreeType"));
        return -1;
    }
    char templates[4096];
    snprintf(templates, sizeof templates, "%s/profiles/sRGB.icc", data_dir);
    bool too_large = false;
    ctx->icc = (unsigned char *)read_file(templates, 1 << 20, &ctx->icc_size, &too_large, error,
                                          error_size);
    if (!ctx->icc)
        return -1;
    snprintf(templates, sizeof templates, "%s/templates", data_dir);
    ctx->templates = template_set_new(ctx->fonts, templates);
    /* The default template is loaded up front: a broken one stops the run. */
    return template_set_get(ctx->templates, "bulletin", NULL, error, error_size) ? 0 : -1;
}

int run_context_open_faces(run_context *ctx, char *error, size_t error_size)
{
    /* OFD's writer is a module: opened before the workers fork, they share
     * it; should it be missing, each file says so */
    char unused[512];
    if (ctx->options->format == FORMAT_OFD)
        (void)packages_open(unused, sizeof unused);
    const char *name = ctx->options->template_override;
    const page_template *t =
        template_set_get(ctx->templates, name ? name : "bulletin", NULL, error, error_size);
    if (!t)
        return 0; /* each file that uses it says why */
    return template_open_faces(t, 0, error, error_size) &&
                   template_open_faces(t, 1, error, error_size)
               ? 0
               : -1;
}

void run_context_free(run_context *ctx)
{
    template_set_free(ctx->templates);
    free(ctx->icc);
    font_library_free(ctx->fonts);
}

static char *input_dir(arena *a, const char *input)
{
    const char *slash = strrchr(input, '/');
    return slash ? arena_strndup(a, input, (size_t)(slash - input)) : NULL;
}

static bool same_file(const char *a, const char *b)
{
    struct stat x, y;
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static const char *relative_to(arena *a, const char *file, const char *path)
{
    const char *dir = input_dir(a, file);
    return dir && path[0] != '/' ? arena_printf(a, "%s/%s", dir, path) : path;
}

static bool has_yaml_name(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && !strcmp(path + n - 5, ".yaml")) || (n > 4 && !strcmp(path + n - 4, ".yml"));
}

/* A YAML mapping holding title and date, or a file named *.yaml or *.yml:
 * only then are its messages shown. */
static bool looks_like_bulletin(const document *d)
{
    if (!d || !d->root || d->root->kind != NODE_MAPPING)
        return false;
    bool title = false, date = false;
    for (size_t i = 0; i < d->root->count; i++) {
        title = title || !strcmp(d->root->keys[i]->value, "title");
        date = date || !strcmp(d->root->keys[i]->value, "date");
    }
    return title && date;
}

static int date_order(const date_value *d)
{
    return d->year * 10000 + d->month * 100 + d->day;
}

/* compare_with: the earlier bulletin, loaded with the same checks; its own
 * messages name its file. A bulletin compares only with an earlier date, so
 * a chain of compare_with can never come back round; one that names this
 * file again is reported as the loop it is. */
void load_compared_bulletin(document *doc, const char *input, const input_limits *limits,
                            diag_list *diags)
{
    const tree_node *with = doc->compare_with;
    if (!with)
        return;
    arena *a = diags->arena;
    const char *path = relative_to(a, input, with->value);
    if (same_file(path, input)) {
        diag_error(diags, with->pos, "compare_with",
                   _("compare_with names this bulletin itself; name the earlier one"));
        return;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) { /* a FIFO would hang the read */
        diag_error(diags, with->pos, "compare_with",
                   _("%s is not a file; name an earlier bulletin's YAML file"), path);
        return;
    }
    char error[600];
    size_t size = 0;
    bool too_large = false;
    char *bytes = read_file(path, limits->file_size, &size, &too_large, error, sizeof error);
    if (!bytes) {
        diag_error(diags, with->pos, "compare_with", "%s", error);
        return;
    }
    char *kept = arena_strndup(a, bytes, size);
    free(bytes);
    diag_list earlier_diags;
    diag_init(&earlier_diags, a, path);
    document *earlier = load_document(path, kept, size, limits, &earlier_diags);
    if (!looks_like_bulletin(earlier) && !has_yaml_name(path)) {
        /* Its messages could quote any file's content: say only what it is not. */
        diag_error(diags, with->pos, "compare_with",
                   _("%s is not a bulletin in this format (a mapping with title and date); "
                     "name an earlier bulletin's YAML file"),
                   path);
        return;
    }
    diag_append(diags, &earlier_diags);
    if (!earlier || earlier_diags.errors) {
        diag_error(diags, with->pos, "compare_with",
                   _("%s has errors, so nothing can be compared with it"), path);
        return;
    }
    if (earlier->compare_with &&
        same_file(relative_to(a, path, earlier->compare_with->value), input)) {
        diag_error(diags, with->pos, "compare_with",
                   _("%s compares with this bulletin in turn (%s → %s → %s); a bulletin "
                     "compares only with an earlier one"),
                   path, input, path, input);
        return;
    }
    if (date_order(&earlier->date) >= date_order(&doc->date)) {
        diag_error(diags, with->pos, "compare_with",
                   _("%s is dated %d-%02d-%02d, not before this bulletin (%d-%02d-%02d); name an "
                     "earlier bulletin"),
                   path, earlier->date.year, earlier->date.month, earlier->date.day, doc->date.year,
                   doc->date.month, doc->date.day);
        return;
    }
    doc->earlier = earlier;
}

/* --template, else the file's template: key (relative to the file), else bulletin. */
static const page_template *pick_template(const run_context *ctx, const tree_node *template_name,
                                          const char *input, diag_list *diags)
{
    const char *name = ctx->options->template_override;
    const char *base = NULL;
    source_pos pos = {0};
    if (!name && template_name) {
        name = template_name->value;
        base = input_dir(diags->arena, input);
        pos = template_name->pos;
    }
    char error[600];
    const page_template *t =
        template_set_get(ctx->templates, name ? name : "bulletin", base, error, sizeof error);
    if (!t)
        diag_error(diags, pos, name && pos.line ? "template" : NULL, "%s", error);
    else if (t->warnings && ctx->options->strict)
        diag_error(diags, pos, name && pos.line ? "template" : NULL,
                   _("template %s has warnings, and --strict makes them errors"), t->path);
    return t;
}

static file_result finish(diag_list *diags, const run_options *o, file_status status,
                          FILE *messages)
{
    diag_print(diags, messages, o->strict);
    file_result r = {status, diags->warnings};
    if (status == FILE_RENDERED && (diags->errors || (o->strict && diags->warnings)))
        r.status = FILE_INPUT_ERROR;
    return r;
}

/* PDF/A-1b and CMYK for the press, asked for by options or the template. */
static void refuse_pdfa_print(diag_list *diags, const run_options *o, const page_template *t,
                              const tree_node *template_name)
{
    const char *asked =
        o->print
            ? arena_printf(diags->arena, _("--print, and template %s has `pdfa: true`"), t->path)
        : o->pdfa
            ? arena_printf(diags->arena, _("--pdfa, and template %s has `print: true`"), t->path)
            : arena_printf(diags->arena, _("template %s has both `print: true` and `pdfa: true`"),
                           t->path);
    source_pos at = template_name && !o->template_override ? template_name->pos : (source_pos){0};
    diag_error(diags, at, at.line ? "template" : NULL,
               _("%s: PDF/A-1b with CMYK colour needs a CMYK output intent profile, and none "
                 "ships with jianbao; write the archive copy (PDF/A) and the press copy "
                 "(--print) in two runs, with a template that asks for neither"),
               asked);
}

/* The laid-out pages in the format asked for. A template's `pdfa: true`
 * concerns PDF only: OFD has no such variant, so it is not consulted. */
static int render_pages(const run_context *ctx, const page_template *t, const laid_out *pages,
                        unsigned char **bytes, size_t *size, char *error, size_t error_size)
{
    const run_options *o = ctx->options;
    if (o->format == FORMAT_OFD) {
        const packages *writer = packages_open(error, error_size);
        if (!writer)
            return -1;
        ofd_options oo = {"jianbao", JIANBAO_VERSION};
        ofd_bytes ofd;
        int status = writer->render_ofd(pages, &oo, &ofd, error, error_size);
        *bytes = ofd.data, *size = ofd.size;
        return status;
    }
    pdf_options po = {"jianbao " JIANBAO_VERSION,
                      o->pdfa || t->pdfa,
                      o->marks,
                      ctx->icc,
                      ctx->icc_size,
                      o->pdfa_tagged};
    pdf_bytes pdf;
    int status = render_pdf(pages, &po, &pdf, error, error_size);
    *bytes = pdf.data, *size = pdf.size;
    return status;
}

/* A file's error outside its diagnostics (a path, a system error), quoted
 * like every message so that a file name cannot act on the terminal. */
static void print_file_error(FILE *out, const char *input, const char *error)
{
    put_visible(out, input);
    fprintf(out, ": %s: ", _("error"));
    put_visible(out, error);
    fputc('\n', out);
}

/* What became of one file, for its manifest record. */
typedef struct outcome {
    diag_list diags;
    const char *template_file; /* the template used, or NULL */
    size_t pages;
    pdf_bytes pdf;     /* what was written; data NULL when nothing was */
    const char *error; /* a system error outside the diagnostics, or NULL */
    char error_text[512];
} outcome;

static file_result fail_system(outcome *out, const run_options *o, const char *input,
                               FILE *messages)
{
    diag_print(&out->diags, messages, o->strict);
    print_file_error(messages, input, out->error_text);
    out->error = out->error_text;
    free(out->pdf.data);
    out->pdf.data = NULL;
    return (file_result){FILE_SYSTEM_ERROR, out->diags.warnings};
}

static file_result run(const run_context *ctx, const char *input, const char *output_path,
                       const char *source, size_t size, FILE *messages, outcome *out)
{
    const run_options *o = ctx->options;
    diag_list *diags = &out->diags;
    document *doc = load_document(input, source, size, &o->limits, diags);
    if (!doc || diags->stop)
        return finish(diags, o, FILE_INPUT_ERROR, messages);
    load_compared_bulletin(doc, input, &o->limits, diags);
    if (diags->stop)
        return finish(diags, o, FILE_INPUT_ERROR, messages);
    /* The template decides the decimals of shares, so it is found first. */
    const page_template *t = pick_template(ctx, doc->template_name, input, diags);
    out->template_file = t ? t->path : NULL;
    page_template press;
    if (t && !t->print && o->print) { /* the template as --print prints it */
        press = *t;
        press.print = true;
        t = &press;
    }
    if (t && t->print && (o->pdfa || t->pdfa)) {
        refuse_pdfa_print(diags, o, t, doc->template_name);
        return finish(diags, o, FILE_INPUT_ERROR, messages);
    }
    resolve_options ro = {t ? t->share_decimals : 1, o->limits.paragraph, t ? t->numbering : NULL};
    bulletin *b = resolve_document(doc, &ro, diags);
    if (diags->errors || !t)
        return finish(diags, o, FILE_INPUT_ERROR, messages);
    if (!template_open_faces(t, b->traditional, out->error_text, sizeof out->error_text))
        return fail_system(out, o, input, messages);
    laid_out *pages = layout_bulletin(b, t, o->limits.pages, diags);
    if (!pages || diags->errors || (o->strict && diags->warnings) || o->check_only)
        return finish(diags, o, pages ? FILE_RENDERED : FILE_INPUT_ERROR, messages);
    out->pages = pages->page_count;
    if (render_pages(ctx, t, pages, &out->pdf.data, &out->pdf.size, out->error_text,
                     sizeof out->error_text) != 0) {
        out->pdf.data = NULL;
        return fail_system(out, o, input, messages);
    }
    if (write_atomically(output_path, out->pdf.data, out->pdf.size, o->force, out->error_text,
                         sizeof out->error_text) != 0)
        return fail_system(out, o, input, messages);
    return finish(diags, o, FILE_RENDERED, messages);
}

static const char *status_name(file_status status)
{
    return status == FILE_RENDERED      ? "rendered"
           : status == FILE_INPUT_ERROR ? "input error"
                                        : "system error";
}

static void write_record(const run_context *ctx, const char *input, const char *output_path,
                         const outcome *out, file_result r, FILE *record)
{
    manifest_entry e = {input,
                        out->pdf.data ? output_path : NULL,
                        out->pdf.data,
                        out->pdf.size,
                        out->pages,
                        status_name(r.status),
                        out->template_file,
                        &out->diags,
                        ctx->options->strict,
                        out->error};
    manifest_write_record(record, &e);
}

file_result render_file(const run_context *ctx, const char *input, const char *output_path,
                        FILE *messages)
{
    return render_file_recorded(ctx, input, output_path, messages, NULL);
}

file_result render_file_recorded(const run_context *ctx, const char *input, const char *output_path,
                                 FILE *messages, FILE *record)
{
    outcome out = {0};
    size_t size = 0;
    bool too_large = false;
    char *source = read_file(input, ctx->options->limits.file_size, &size, &too_large,
                             out.error_text, sizeof out.error_text);
    if (!source) {
        print_file_error(messages, input, out.error_text);
        out.error = out.error_text;
        file_result r = {too_large ? FILE_INPUT_ERROR : FILE_SYSTEM_ERROR, 0};
        if (record)
            write_record(ctx, input, output_path, &out, r, record);
        return r;
    }
    arena a;
    arena_init(&a);
    diag_init(&out.diags, &a, input);
    file_result r = run(ctx, input, output_path, source, size, messages, &out);
    if (record)
        write_record(ctx, input, output_path, &out, r, record);
    free(out.pdf.data);
    arena_free(&a);
    free(source);
    return r;
}
