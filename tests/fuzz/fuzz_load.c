/* Fuzz target: the input loader with resolution (load -> resolve). */
#include <stddef.h>
#include <stdint.h>

#include "../../src/load.h"
#include "../../src/resolve.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    diag_list d;
    diag_init(&d, &a, "fuzz.yaml");
    input_limits limits = {.depth = 64, .nodes = 100000};
    document *doc = load_document("fuzz.yaml", (const char *)data, size, &limits, &d);
    if (doc && !d.stop) {
        resolve_options o = {1, 0, NULL};
        resolve_document(doc, &o, &d);
    }
    arena_free(&a);
    return 0;
}
