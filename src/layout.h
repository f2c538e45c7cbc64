/* layout: bulletin + template -> laid_out (pages of positioned glyphs).
 * Contract: picks a face for every character from its role's chain (a
 * character no face can draw is an error naming it and its position),
 * breaks lines at Unicode break opportunities refined by the Chinese
 * line-start and line-end rules, justifies, builds tables and the masthead,
 * and paginates (headings kept with what follows, table headers repeated).
 * Returns NULL when errors were reported. */
#ifndef JIANBAO_LAYOUT_H
#define JIANBAO_LAYOUT_H

#include "boxes.h"
#include "resolve.h"
#include "template.h"

/* max_pages: a bound on the pages (0 for none), an error when passed. */
laid_out *layout_bulletin(const bulletin *b, const page_template *t, size_t max_pages,
                          diag_list *diags);

#endif
