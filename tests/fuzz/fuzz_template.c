/* Fuzz target: the template loader. */
#include <stddef.h>
#include <stdint.h>

#include "../../src/template_load.h"

static font_library *fonts;
static template_set *templates;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fonts) {
        const char *dirs[] = {JIANBAO_DATA_DIR "/fonts"};
        fonts = font_library_new(dirs, 1);
        templates = template_set_new(fonts, JIANBAO_DATA_DIR "/templates");
    }
    arena a;
    arena_init(&a);
    diag_list d;
    diag_init(&d, &a, "fuzz.yaml");
    template_parse(templates, "fuzz.yaml", (const char *)data, size, &d);
    arena_free(&a);
    return 0;
}
