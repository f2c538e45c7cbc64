#include "template_values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load.h"

/* template_faces: the `faces` a template names, opened from the fonts
 * library (beside the template first), and the chains of faces each role
 * draws with, resolved per language; a missing face makes its roles fall
 * back along their chains with one warning, a broken one is an error. */

static const font_face *open_face(reader *r, const tree_node *file, int index, const char *path,
                                  named_face *nf)
{
    char error[512];
    char *relative = arena_printf(r->diags->arena, "%s/%s", r->dir, file->value);
    const font_face *f = NULL;
    if (file->value[0] != '/' && access(relative, F_OK) == 0) {
        /* Beside the template: a broken file there is reported as such. */
        f = font_library_declare(template_set_fonts(r->set), relative, index, error, sizeof error);
        if (!f)
            diag_error(r->diags, file->pos, path, "%s", error);
        return f;
    }
    if (!f && font_library_has_file(template_set_fonts(r->set), file->value)) {
        /* There, but broken: an installation to mend, not a face to do without. */
        f = font_library_declare(template_set_fonts(r->set), file->value, index, error,
                                 sizeof error);
        if (!f)
            diag_error(r->diags, file->pos, path, "%s", error);
        return f;
    }
    if (!f) { /* missing: roles fall back, and the first to do so says so */
        font_library_declare(template_set_fonts(r->set), file->value, index, error, sizeof error);
        nf->missing = arena_strdup(r->diags->arena, error);
        nf->missing_at = file->pos;
    }
    return f;
}

/* A face number in a collection: digits only (no sign, point, exponent or 0x). */
static bool face_index(reader *r, const tree_node *n, const char *path, int *out)
{
    size_t digits = strspn(n->value, "0123456789");
    if (!n->len || digits != n->len || n->len > 4) {
        diag_error(r->diags, n->pos, path,
                   _("a face index is a whole number from 0 to 9999, such as 0 or 2; found `%s`"),
                   n->value);
        return false;
    }
    *out = atoi(n->value);
    return true;
}

static void read_face(reader *r, named_face *nf, const tree_node *n, const char *path)
{
    static const char *const keys[] = {"file", "index", "file_hant", "index_hant"};
    if (!want(r, n, NODE_MAPPING, path, N_("a mapping {file, index}")))
        return;
    report_unknown_keys(r->diags, n, path, keys, COUNT(keys));
    const tree_node *file = get(n, "file"), *file_hant = get(n, "file_hant");
    const tree_node *index = get(n, "index"), *index_hant = get(n, "index_hant");
    if (!file || file->kind != NODE_SCALAR) {
        diag_error(r->diags, n->pos, path, _("missing required key `file`"));
        return;
    }
    if ((index && !want(r, index, NODE_SCALAR, path, N_("a face number in the collection"))) ||
        (index_hant &&
         !want(r, index_hant, NODE_SCALAR, path, N_("a face number in the collection"))))
        return;
    int i = 0, ih;
    if (index && !face_index(r, index, path, &i))
        return;
    ih = i;
    if (index_hant && !face_index(r, index_hant, path, &ih))
        return;
    nf->face[0] = open_face(r, file, i, path, nf);
    if (file_hant || index_hant)
        nf->face[1] = open_face(r, file_hant ? file_hant : file, ih, path, nf);
    else
        nf->face[1] = nf->face[0];
}

void read_faces(reader *r, const tree_node *n)
{
    if (!want(r, n, NODE_MAPPING, "faces", N_("a mapping of face names")))
        return;
    page_template *t = r->t;
    named_face *all = arena_alloc(r->diags->arena, (t->face_count + n->count + 1) * sizeof *all);
    if (t->face_count)
        memcpy(all, t->faces, t->face_count * sizeof *all);
    size_t count = t->face_count;
    for (size_t i = 0; i < n->count; i++) {
        named_face nf = {n->keys[i]->value, {NULL, NULL}, NULL, {0}, false};
        read_face(r, &nf, n->items[i], arena_printf(r->diags->arena, "faces.%s", nf.name));
        size_t k = 0;
        while (k < count && strcmp(all[k].name, nf.name))
            k++;
        all[k] = nf; /* a face named again replaces the base's */
        if (k == count)
            count++;
    }
    t->faces = all;
    t->face_count = count;
}

void read_chain(reader *r, role_style *role, const tree_node *n, const char *path)
{
    if (!want(r, n, NODE_SEQUENCE, path, N_("a list of face names")))
        return;
    if (!n->count || n->count > MAX_CHAIN) {
        diag_error(r->diags, n->pos, path, _("a chain names 1 to %d faces"), MAX_CHAIN);
        return;
    }
    for (size_t i = 0; i < n->count; i++)
        role->chain[i] = text_value(r, n->items[i], path);
    role->chain_count = n->count;
    role->chain_at = n->pos;
}

static named_face *face_named(reader *r, const char *name)
{
    for (size_t k = 0; name && k < r->t->face_count; k++)
        if (!strcmp(r->t->faces[k].name, name))
            return &r->t->faces[k];
    return NULL;
}

/* Faces for one role's chain, from the faces this template (and its base)
 * define: a face named again in an extending template changes every role
 * that names it. A missing face is skipped, and the first role to skip it
 * says which face it uses instead. */
static void resolve_chain(reader *r, role_style *role, const char *path)
{
    size_t counts[2] = {0, 0};
    bool unknown = false;
    named_face *fell_back = NULL;
    for (size_t i = 0; i < role->chain_count; i++) {
        named_face *nf = face_named(r, role->chain[i]);
        if (!nf) {
            diag_error(r->diags, role->chain_at, path, _("no face named `%s` in faces"),
                       role->chain[i] ? role->chain[i] : "?");
            unknown = true;
            continue;
        }
        if (nf->missing && !nf->warned && !fell_back && !counts[0])
            fell_back = nf;
        for (int lang = 0; lang < 2; lang++)
            if (nf->face[lang])
                role->faces[lang][counts[lang]++] = nf->face[lang];
    }
    role->face_count[0] = counts[0], role->face_count[1] = counts[1];
    (void)unknown;
    if (fell_back && counts[0]) {
        const char *instead = "?";
        for (size_t k = 0; k < r->t->face_count; k++)
            if (r->t->faces[k].face[0] == role->faces[0][0])
                instead = r->t->faces[k].name;
        diag_warning(r->diags, fell_back->missing_at,
                     arena_printf(r->diags->arena, "faces.%s", fell_back->name),
                     _("%s; %s uses face `%s` instead"), fell_back->missing, path, instead);
        fell_back->warned = true;
    }
}

/* Roles left with no face at all: each missing file said once, then the
 * roles named together. */
static void report_faceless(reader *r)
{
    const char *const *names = template_role_names();
    const char *roles = "";
    source_pos at = {0};
    for (int i = 0; i < ROLE_COUNT; i++) {
        const role_style *role = &r->t->roles[i];
        if (!role->chain_count || (role->face_count[0] && role->face_count[1]))
            continue;
        bool named_unknown = false; /* already said */
        for (size_t c = 0; c < role->chain_count; c++)
            named_unknown |= !face_named(r, role->chain[c]);
        if (named_unknown)
            continue;
        /* TRANSLATORS: between the words of a list of keys or values */
        roles = arena_printf(r->diags->arena, "%s%s%s", roles, *roles ? _(", ") : "", names[i]);
        for (size_t c = 0; c < role->chain_count; c++) {
            named_face *nf = face_named(r, role->chain[c]);
            if (nf && nf->missing && !nf->warned) {
                diag_error(r->diags, nf->missing_at,
                           arena_printf(r->diags->arena, "faces.%s", nf->name), "%s", nf->missing);
                nf->warned = true;
                if (!at.line)
                    at = nf->missing_at;
            }
        }
        if (!at.line)
            at = role->chain_at;
    }
    if (*roles)
        diag_error(r->diags, at, "roles", _("no face of their chains could be loaded for %s"),
                   roles);
}

void resolve_chains(reader *r)
{
    const char *const *names = template_role_names();
    for (int i = 0; i < ROLE_COUNT; i++)
        if (r->t->roles[i].chain_count)
            resolve_chain(r, &r->t->roles[i],
                          arena_printf(r->diags->arena, "roles.%s.faces", names[i]));
    report_faceless(r);
}
