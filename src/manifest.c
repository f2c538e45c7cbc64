#include "manifest.h"

#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#ifndef JIANBAO_VERSION
#define JIANBAO_VERSION "0"
#endif

void json_put_string(FILE *out, const char *s)
{
    size_t len = strlen(s);
    fputc('"', out);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (!n)
            fprintf(out, "\\udc%02x", (unsigned char)s[i]), n = 1;
        else if (cp == '"' || cp == '\\')
            fprintf(out, "\\%c", (char)cp);
        else if (cp == '\n')
            fputs("\\n", out);
        else if (cp == '\t')
            fputs("\\t", out);
        else if (cp < 0x20 || cp == 0x7F)
            fprintf(out, "\\u%04x", (unsigned)cp);
        else if (cp == 0x2028 || cp == 0x2029) /* line ends to JavaScript */
            fprintf(out, "\\u%04x", (unsigned)cp);
        else
            fwrite(s + i, 1, n, out);
        i += n;
    }
    fputc('"', out);
}

static void put_key_string(FILE *out, const char *key, const char *value)
{
    fprintf(out, ",\"%s\":", key);
    if (value)
        json_put_string(out, value);
    else
        fputs("null", out);
}

static void put_sha256(FILE *out, const unsigned char *data, size_t size)
{
    struct sha256_ctx ctx;
    unsigned char digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, size, data);
    sha256_digest(&ctx, sizeof digest, digest);
    fputs(",\"sha256\":\"", out);
    for (size_t i = 0; i < sizeof digest; i++)
        fprintf(out, "%02x", digest[i]);
    fputc('"', out);
}

/* One message; m is NULL for a file's error outside its diagnostics. */
static void put_message(FILE *out, const char *file, const diagnostic *m, const char *text,
                        bool strict)
{
    fputs("{\"file\":", out);
    json_put_string(out, file);
    if (m && m->pos.line > 0)
        fprintf(out, ",\"line\":%d,\"column\":%d", m->pos.line, m->pos.col);
    else
        fputs(",\"line\":null,\"column\":null", out);
    put_key_string(out, "path", m && m->path && *m->path ? m->path : NULL);
    bool error = !m || m->severity == DIAG_ERROR || strict;
    put_key_string(out, "severity", error ? "error" : "warning");
    put_key_string(out, "message", text);
    fputc('}', out);
}

/* The messages in the order they are printed, then the count of those
 * past the ones kept. */
static void put_messages(FILE *out, const manifest_entry *e)
{
    fputs(",\"messages\":[", out);
    size_t count = 0;
    const diag_list *d = e->diags;
    const diagnostic **sorted = d ? diag_sorted(d) : NULL;
    for (size_t i = 0; sorted && i < d->count; i++) {
        fputs(count++ ? "," : "", out);
        put_message(out, sorted[i]->file ? sorted[i]->file : d->file, sorted[i], sorted[i]->message,
                    e->strict);
    }
    free(sorted);
    if (e->error) {
        fputs(count++ ? "," : "", out);
        put_message(out, e->input, NULL, e->error, e->strict);
    }
    fprintf(out, "],\"more_messages\":%zu", d ? d->unshown : 0);
}

void manifest_write_record(FILE *out, const manifest_entry *e)
{
    fputs("{\"input\":", out);
    json_put_string(out, e->input);
    put_key_string(out, "output", e->output);
    if (e->output && e->pdf)
        put_sha256(out, e->pdf, e->pdf_size);
    else
        fputs(",\"sha256\":null", out);
    if (e->output && e->pdf)
        fprintf(out, ",\"pages\":%zu,\"bytes\":%zu", e->pages, e->pdf_size);
    else
        fputs(",\"pages\":null,\"bytes\":null", out);
    put_key_string(out, "status", e->status);
    int errors = (e->diags ? e->diags->errors : 0) + (e->error != NULL);
    int warnings = e->diags ? e->diags->warnings : 0;
    if (e->strict)
        errors += warnings, warnings = 0;
    fprintf(out, ",\"errors\":%d,\"warnings\":%d", errors, warnings);
    put_messages(out, e);
    put_key_string(out, "template", e->template_file);
    fputs(",\"version\":\"" JIANBAO_VERSION "\"}\n", out);
}
