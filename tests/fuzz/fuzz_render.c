/* Fuzz target: the whole render of one input, to a PDF in memory. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../src/layout.h"
#include "../../src/load.h"
#include "../../src/pdf.h"
#include "../../src/template_load.h"

static const page_template *bulletin_template;
static template_set *templates; /* kept for the whole run */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!bulletin_template) {
        const char *dirs[] = {JIANBAO_DATA_DIR "/fonts"};
        templates = template_set_new(font_library_new(dirs, 1), JIANBAO_DATA_DIR "/templates");
        char error[512];
        bulletin_template = template_set_get(templates, "bulletin", NULL, error, sizeof error);
        if (!bulletin_template || !template_open_faces(bulletin_template, 0, error, sizeof error) ||
            !template_open_faces(bulletin_template, 1, error, sizeof error))
            abort();
    }
    arena a;
    arena_init(&a);
    diag_list d;
    diag_init(&d, &a, "fuzz.yaml");
    input_limits limits = {.depth = 64, .nodes = 20000};
    document *doc = load_document("fuzz.yaml", (const char *)data, size, &limits, &d);
    if (doc && !d.stop) {
        resolve_options o = {1, 0, NULL};
        bulletin *b = resolve_document(doc, &o, &d);
        laid_out *pages = d.errors ? NULL : layout_bulletin(b, bulletin_template, 200, &d);
        pdf_bytes pdf;
        char error[512];
        if (pages && render_pdf(pages, &(pdf_options){"fuzz", false, false, NULL, 0, false}, &pdf,
                                error, sizeof error) == 0)
            free(pdf.data);
    }
    arena_free(&a);
    return 0;
}
