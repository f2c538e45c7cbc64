/* template_internal: what the files reading templates share. template_load.c
 * reads a file's keys; template_chart.c its `chart` key. */
#ifndef JIANBAO_TEMPLATE_INTERNAL_H
#define JIANBAO_TEMPLATE_INTERNAL_H

#include "load_tree.h"
#include "template_load.h"

#define MM(x) ((x)*72.0 / 25.4)

typedef struct reader {
    template_set *set;
    diag_list *diags;
    const source_text *src; /* the template's text, for positions inside values */
    page_template *t;
    const char *dir;               /* the template's directory, for relative font paths */
    source_pos masthead_colour_at; /* where roles.masthead.color is set, if it is */
    source_pos palette_at;         /* where chart.palette is set, if it is */
} reader;

/* template_load.c */
const tree_node *get(const tree_node *map, const char *key);
bool want(reader *r, const tree_node *n, node_kind kind, const char *path, const char *what);
/* A length: a number in mm (mm set) or pt, or written with its unit (0.35mm, 12pt). */
bool length_value(reader *r, const tree_node *n, const char *path, bool mm, double *out);
bool colour_value(reader *r, const tree_node *n, const char *path, rgb *out);

/* template_chart.c */
void read_chart(reader *r, const tree_node *n);
/* `red` in the palette becomes the template's last red; then the palette's
 * greys are checked to stay apart. */
void settle_palette(reader *r);

#endif
