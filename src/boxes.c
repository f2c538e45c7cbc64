#include "boxes.h"

#include <math.h>
#include <string.h>

static uint64_t fnv(uint64_t h, const void *data, size_t size)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < size; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

void laid_out_fingerprint(const laid_out *d, uint64_t out[2])
{
    uint64_t h[2] = {1469598103934665603ull, 1099511628211ull * 7};
    for (int k = 0; k < 2; k++) {
        h[k] = fnv(h[k], d->title ? d->title : "", d->title ? strlen(d->title) : 0);
        for (size_t p = 0; p < d->page_count; p++)
            for (size_t i = 0; i < d->pages[p].glyph_count; i++) {
                const placed_glyph *g = &d->pages[p].glyphs[i];
                long where[3] = {(long)g->cp, lroundf(g->x * 100), lroundf(g->y * 100)};
                h[k] = fnv(h[k], where, sizeof where);
            }
        out[k] = h[k];
    }
}
