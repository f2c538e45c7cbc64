/* template_values: the values of template keys (lengths, sizes, colours,
 * choices, texts and formats), each checked and reported with its key path
 * when wrong; shared by the parts of template_load. */
#ifndef JIANBAO_TEMPLATE_VALUES_H
#define JIANBAO_TEMPLATE_VALUES_H

#include <stdbool.h>
#include <string.h>

#include "i18n.h"
#include "load_tree.h"
#include "template_load.h"

#define MM(x)    ((x)*72.0 / 25.4)
#define COUNT(a) (sizeof(a) / sizeof *(a))

typedef struct reader {
    template_set *set;
    diag_list *diags;
    const source_text *src; /* the template's text, for positions inside values */
    page_template *t;
    const char *dir;               /* the template's directory, for relative font paths */
    source_pos masthead_colour_at; /* where roles.masthead.color is set, if it is */
    source_pos palette_at;         /* where chart.palette is set, if it is */
} reader;

static inline const tree_node *get(const tree_node *map, const char *key)
{
    for (size_t i = 0; i < map->count; i++)
        if (!strcmp(map->keys[i]->value, key))
            return map->items[i];
    return NULL;
}

static inline bool want(reader *r, const tree_node *n, node_kind kind, const char *path,
                        const char *what)
{
    if (n->kind == kind)
        return true;
    diag_error(r->diags, n->pos, path, _("expected %s"), _(what));
    return false;
}

/* A length: a number in mm (page sizes and margins) or pt, or written with
 * its unit (0.35mm, 12pt). */
bool length_value(reader *r, const tree_node *n, const char *path, bool mm, double *out);
/* A type size: points, or a Chinese size name (初号 … 八号). */
bool size_value(reader *r, const tree_node *n, const char *path, double *out);
/* #RRGGBB (DeviceGray when grey), or `red`: the template's red. */
bool colour_value(reader *r, const tree_node *n, const char *path, colour *out);
/* Four percentages of cyan, magenta, yellow and black. */
bool cmyk_value(reader *r, const tree_node *n, const char *path, colour *out);
const char *text_value(reader *r, const tree_node *n, const char *path);
/* Text with a simplified and a traditional form: one string for both, or a
 * mapping {hans, hant}; a form left out is the other one. */
bool text_forms(reader *r, const tree_node *n, const char *path, const char *out[2]);
/* Every {field} in the format v is one of `fields`: anything else in braces
 * would be printed as it is written. */
bool known_fields(reader *r, const tree_node *v, const char *path, const char *const *fields,
                  size_t field_count);
/* text_forms of a format, each form holding only the {fields} listed. */
bool format_forms(reader *r, const tree_node *n, const char *path, const char *out[2],
                  const char *const *fields, size_t field_count);
/* One of a few words; returns its index, or -1 after an error. */
int choice_value(reader *r, const tree_node *n, const char *path, const char *const *words,
                 int count);

/* The fonts library templates open their faces from (template_load.c). */
font_library *template_set_fonts(template_set *set);

/* Faces (template_faces.c): `faces:`, a role's `faces:` chain, and the
 * chains resolved to faces once the whole template is read. */
void read_faces(reader *r, const tree_node *n);
void read_chain(reader *r, role_style *role, const tree_node *n, const char *path);
void resolve_chains(reader *r);
/* ---- template_chart.c: the `chart` key ---------------------------------------- */

void read_chart(reader *r, const tree_node *n);
/* `red` in the palette becomes the template's last red; then the palette's
 * greys are checked to stay apart. */
void settle_palette(reader *r);

#endif
