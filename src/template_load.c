#include "template_load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "load.h"
#include "load_tree.h"
#include "template_values.h"

typedef struct cached {
    char *path;
    page_template *template; /* NULL: it failed, and said why once */
    char *failure;
} cached;

struct template_set {
    arena arena; /* templates live as long as the run */
    font_library *fonts;
    char *dir;
    cached *items;
    size_t count, cap;
    const char *loading[9]; /* the `extends` chain being loaded, against loops */
    int depth;
};

template_set *template_set_new(font_library *fonts, const char *templates_dir)
{
    template_set *s = calloc(1, sizeof *s);
    arena_init(&s->arena);
    s->fonts = fonts;
    s->dir = arena_strdup(&s->arena, templates_dir);
    return s;
}

font_library *template_set_fonts(template_set *set)
{
    return set->fonts;
}

void template_set_free(template_set *set)
{
    if (!set)
        return;
    arena_free(&set->arena);
    free(set);
}

/* ---- sections of a template file ------------------------------------------ */

/* The keys of a template's top level. */
static const char *const top_keys[] = {
    "extends",        "page",   "faces",     "roles",       "colors",
    "page_number",    "rules",  "masthead",  "closing",     "table",
    "labels",         "grid",   "numbering", "source_line", "issue_format",
    "share_decimals", "pdfa",   "latin_gap", "footer",      "line_start_opening",
    "print",          "duplex", "chart"};

/* PDF (and libharu) take pages from 3 to 14,400 points (5,080 mm) a side. */
static void page_side(reader *r, const tree_node *n, const char *path, double *out)
{
    double v;
    if (!length_value(r, n, path, true, &v))
        return;
    if (v < MM(50) || v > 14400) {
        diag_error(r->diags, n->pos, path,
                   _("a page side from 50 to 5080 mm, such as 210; found `%s`"), n->value);
        return;
    }
    *out = v;
}

static void read_page(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"size", "margins"};
    static const char *const sides[] = {"top", "bottom", "left", "right"};
    if (!want(r, n, NODE_MAPPING, "page", N_("a mapping {size, margins}")))
        return;
    report_unknown_keys(r->diags, n, "page", keys, COUNT(keys));
    const tree_node *size = get(n, "size");
    if (size && size->kind == NODE_SCALAR && !strcmp(size->value, "A4"))
        r->t->page_width = MM(210), r->t->page_height = MM(297);
    else if (size && size->kind == NODE_SCALAR && !strcmp(size->value, "A5"))
        r->t->page_width = MM(148), r->t->page_height = MM(210);
    else if (size && size->kind == NODE_SEQUENCE && size->count == 2) {
        page_side(r, size->items[0], "page.size[0]", &r->t->page_width);
        page_side(r, size->items[1], "page.size[1]", &r->t->page_height);
    } else if (size)
        diag_error(r->diags, size->pos, "page.size", _("expected A4, A5 or [width, height] in mm"));
    const tree_node *m = get(n, "margins");
    if (!m || !want(r, m, NODE_MAPPING, "page.margins", N_("a mapping {top, bottom, left, right}")))
        return;
    report_unknown_keys(r->diags, m, "page.margins", sides, COUNT(sides));
    double *slots[] = {&r->t->margin_top, &r->t->margin_bottom, &r->t->margin_left,
                       &r->t->margin_right};
    for (size_t i = 0; i < COUNT(sides); i++) {
        const tree_node *v = get(m, sides[i]);
        if (v)
            length_value(r, v, arena_printf(r->diags->arena, "page.margins.%s", sides[i]), true,
                         slots[i]);
    }
}

/* A size that leaves fewer than four characters to a line, or four lines to
 * the text block, gives no page that can be read. */
static void check_size(reader *r, const role_style *role, const tree_node *n, const char *path)
{
    const page_template *t = r->t;
    double width = t->page_width - t->margin_left - t->margin_right;
    double height = t->page_height - t->margin_top - t->margin_bottom;
    if (role->size * 4 > width || role->size * 4 > height)
        diag_error(r->diags, n->pos, arena_printf(r->diags->arena, "%s.size", path),
                   _("a size of %g pt leaves room for fewer than 4 characters a line or 4 lines "
                     "in the text block (%.0f × %.0f pt); make it at most %.0f pt"),
                   role->size, width, height, floor((width < height ? width : height) / 4));
}

static void read_role(reader *r, role_style *role, const tree_node *n, const char *path)
{
    static const char *const keys[] = {"faces", "size", "pitch", "color"};
    if (!want(r, n, NODE_MAPPING, path, N_("a mapping {faces, size, pitch, color}")))
        return;
    report_unknown_keys(r->diags, n, path, keys, COUNT(keys));
    const tree_node *v;
    arena *a = r->diags->arena;
    if ((v = get(n, "faces")))
        read_chain(r, role, v, arena_printf(a, "%s.faces", path));
    const tree_node *size = get(n, "size"), *pitch = get(n, "pitch");
    if (size && size_value(r, size, arena_printf(a, "%s.size", path), &role->size))
        check_size(r, role, size, path);
    if (pitch)
        length_value(r, pitch, arena_printf(a, "%s.pitch", path), false, &role->pitch);
    if ((size || pitch) && role->pitch < role->size)
        diag_error(r->diags, (pitch ? pitch : size)->pos,
                   arena_printf(a, "%s.%s", path, pitch ? "pitch" : "size"),
                   _("a pitch of %g pt is less than the size, %g pt: the lines would overprint; "
                     "make the pitch at least the size"),
                   role->pitch, role->size);
    if ((v = get(n, "color"))) {
        role->color_red = v->kind == NODE_SCALAR && !strcmp(v->value, "red");
        if (!role->color_red)
            colour_value(r, v, arena_printf(a, "%s.color", path), &role->color);
        if (role == &r->t->roles[ROLE_MASTHEAD])
            r->masthead_colour_at = v->pos;
    }
}

static void read_roles(reader *r, const tree_node *n)
{
    const char *const *names = template_role_names();
    if (!want(r, n, NODE_MAPPING, "roles", N_("a mapping of roles")))
        return;
    report_unknown_keys(r->diags, n, "roles", names, ROLE_COUNT);
    for (int i = 0; i < ROLE_COUNT; i++) {
        const tree_node *v = get(n, names[i]);
        if (v)
            read_role(r, &r->t->roles[i], v, arena_printf(r->diags->arena, "roles.%s", names[i]));
    }
}

static void read_page_number(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"format", "place", "gap"};
    if (!want(r, n, NODE_MAPPING, "page_number", N_("a mapping {format, place, gap}")))
        return;
    report_unknown_keys(r->diags, n, "page_number", keys, COUNT(keys));
    const tree_node *v;
    const char *formats[2];
    static const char *const fields[] = {"{page}", "{pages}"};
    if ((v = get(n, "format")) &&
        format_forms(r, v, "page_number.format", formats, fields, COUNT(fields))) {
        if (!strstr(formats[0], "{page}") || !strstr(formats[1], "{page}"))
            diag_error(r->diags, v->pos, "page_number.format", _("the format must hold {page}"));
        else
            memcpy(r->t->page_number_format, formats, sizeof formats);
    }
    if ((v = get(n, "place")) &&
        want(r, v, NODE_SCALAR, "page_number.place", N_("outer or center"))) {
        if (!strcmp(v->value, "outer"))
            r->t->page_number_place = PAGE_NUMBER_OUTER;
        else if (!strcmp(v->value, "center") || !strcmp(v->value, "centre"))
            r->t->page_number_place = PAGE_NUMBER_CENTER;
        else
            diag_error(r->diags, v->pos, "page_number.place",
                       _("expected outer or center, found `%s`"), v->value);
    }
    if ((v = get(n, "gap")))
        length_value(r, v, "page_number.gap", true, &r->t->page_number_gap);
}

static void read_rules(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"masthead", "thick", "thin"};
    if (!want(r, n, NODE_MAPPING, "rules", N_("a mapping {masthead, thick, thin}")))
        return;
    report_unknown_keys(r->diags, n, "rules", keys, COUNT(keys));
    double *slots[] = {&r->t->masthead_rule, &r->t->thick_rule, &r->t->thin_rule};
    for (size_t i = 0; i < COUNT(keys); i++) {
        const tree_node *v = get(n, keys[i]);
        if (v)
            length_value(r, v, arena_printf(r->diags->arena, "rules.%s", keys[i]), false, slots[i]);
    }
}

static void read_colours(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"red", "red_cmyk"};
    if (!want(r, n, NODE_MAPPING, "colors", N_("a mapping {red, red_cmyk}")))
        return;
    report_unknown_keys(r->diags, n, "colors", keys, COUNT(keys));
    const tree_node *v = get(n, "red");
    if (v)
        colour_value(r, v, "colors.red", &r->t->red);
    if ((v = get(n, "red_cmyk")))
        cmyk_value(r, v, "colors.red_cmyk", &r->t->red_cmyk);
}

static bool same_colour(colour a, colour b)
{
    return a.space == b.space && !memcmp(a.v, b.v, sizeof a.v);
}

/* `color: red` means the red the template ends with, also when a template
 * that extends this one changes colors.red. The masthead's name and the
 * rule under it (always colors.red) must be one red. */
static void settle_reds(reader *r)
{
    page_template *t = r->t;
    for (int i = 0; i < ROLE_COUNT; i++)
        if (t->roles[i].color_red)
            t->roles[i].color = t->red;
    if (r->masthead_colour_at.line && t->masthead != MASTHEAD_NONE &&
        !same_colour(t->roles[ROLE_MASTHEAD].color, t->red))
        diag_warning(r->diags, r->masthead_colour_at, "roles.masthead.color",
                     _("the masthead's name would print in another red than the rule under "
                       "it; set the red once, as colors.red, and write `color: red` here"));
}

static void read_labels(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"report", "copy", "send", "printed"};
    if (!want(r, n, NODE_MAPPING, "labels", N_("a mapping {report, copy, send, printed}")))
        return;
    report_unknown_keys(r->diags, n, "labels", keys, COUNT(keys));
    for (int i = 0; i < 4; i++) {
        const tree_node *v = get(n, keys[i]);
        const char *forms[2];
        if (v && text_forms(r, v, arena_printf(r->diags->arena, "labels.%s", keys[i]), forms))
            r->t->labels[0][i] = forms[0], r->t->labels[1][i] = forms[1];
    }
}

static void read_grid(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"lines", "chars"};
    if (!want(r, n, NODE_MAPPING, "grid", N_("a mapping {lines, chars}")))
        return;
    report_unknown_keys(r->diags, n, "grid", keys, COUNT(keys));
    int *slots[] = {&r->t->grid_lines, &r->t->grid_chars};
    for (int i = 0; i < 2; i++) {
        const tree_node *v = get(n, keys[i]);
        if (!v)
            continue;
        char *end;
        long value = v->kind == NODE_SCALAR ? strtol(v->value, &end, 10) : -1;
        if (v->kind != NODE_SCALAR || *end || value < 5 || value > 200)
            diag_error(r->diags, v->pos, arena_printf(r->diags->arena, "grid.%s", keys[i]),
                       _("expected a whole number from 5 to 200"));
        else
            *slots[i] = (int)value;
    }
}

static void read_numbering(reader *r, const tree_node *n)
{
    if (n->kind == NODE_SCALAR && !strcmp(n->value, "none")) {
        memset(r->t->numbering, 0, sizeof r->t->numbering);
        return;
    }
    if (!want(r, n, NODE_SEQUENCE, "numbering",
              N_("none, or a list of four formats such as {cn}、")))
        return;
    if (n->count != 4) {
        diag_error(r->diags, n->pos, "numbering",
                   _("expected four formats, one per heading level"));
        return;
    }
    for (int i = 0; i < 4; i++) {
        const char *path = arena_printf(r->diags->arena, "numbering[%d]", i);
        static const char *const fields[] = {"{cn}", "{n}"};
        const char *f = text_value(r, n->items[i], path);
        if (f && strcmp(f, "none") != 0 &&
            !known_fields(r, n->items[i], path, fields, COUNT(fields)))
            f = NULL;
        if (f && (strstr(f, "{cn}") || strstr(f, "{n}")))
            r->t->numbering[i] = f;
        else if (f && !strcmp(f, "none"))
            r->t->numbering[i] = NULL;
        else if (f)
            diag_error(r->diags, n->items[i]->pos, path,
                       _("a format holds {cn} (一 二 三) or {n} (1 2 3), or is none"));
    }
}

static void read_footer(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"place", "align", "rule"};
    static const char *const places[] = {"text_block", "margin"};
    static const char *const aligns[] = {"center", "left", "right"};
    static const char *const yes_no[] = {"false", "true"};
    if (!want(r, n, NODE_MAPPING, "footer", N_("a mapping {place, align, rule}")))
        return;
    report_unknown_keys(r->diags, n, "footer", keys, COUNT(keys));
    const tree_node *v;
    int k;
    if ((v = get(n, "place")) && (k = choice_value(r, v, "footer.place", places, 2)) >= 0)
        r->t->footer_place = (footer_place)k;
    if ((v = get(n, "align")) && (k = choice_value(r, v, "footer.align", aligns, 3)) >= 0)
        r->t->footer_align = k;
    if ((v = get(n, "rule")) && (k = choice_value(r, v, "footer.rule", yes_no, 2)) >= 0)
        r->t->footer_rule = k == 1;
}

static void read_layout_choices(reader *r, const tree_node *root)
{
    static const char *const heads[] = {"bulletin", "official", "none"};
    static const char *const tables[] = {"grid", "three_line"};
    const tree_node *v;
    int k;
    if ((v = get(root, "masthead")) && (k = choice_value(r, v, "masthead", heads, 3)) >= 0)
        r->t->masthead = (masthead_style)k;
    if ((v = get(root, "closing")) && (k = choice_value(r, v, "closing", heads, 3)) >= 0)
        r->t->closing = (closing_style)k;
    if ((v = get(root, "table")) && (k = choice_value(r, v, "table", tables, 2)) >= 0)
        r->t->table = (table_style)k;
    static const char *const source_fields[] = {"{source}", "{author}", "{date}", "{date_iso}"};
    static const char *const issue_fields[] = {"{year}", "{issue}"};
    if ((v = get(root, "source_line")))
        format_forms(r, v, "source_line", r->t->source_line, source_fields, COUNT(source_fields));
    static const char *const yes_no[] = {"false", "true"};
    if ((v = get(root, "pdfa")) && (k = choice_value(r, v, "pdfa", yes_no, 2)) >= 0)
        r->t->pdfa = k == 1;
    if ((v = get(root, "print")) && (k = choice_value(r, v, "print", yes_no, 2)) >= 0)
        r->t->print = k == 1;
    if ((v = get(root, "duplex")) && (k = choice_value(r, v, "duplex", yes_no, 2)) >= 0)
        r->t->duplex = k == 1;
    if ((v = get(root, "latin_gap")) &&
        want(r, v, NODE_SCALAR, "latin_gap", N_("a share of an em"))) {
        char *end;
        double g = strtod(v->value, &end);
        if (*end || end == v->value || g < 0 || g > 1)
            diag_error(r->diags, v->pos, "latin_gap",
                       _("expected a share of an em from 0 to 1, such as 0.25"));
        else
            r->t->latin_gap = g;
    }
    static const char *const widths[] = {"full", "half"};
    if ((v = get(root, "line_start_opening")) &&
        (k = choice_value(r, v, "line_start_opening", widths, 2)) >= 0)
        r->t->half_opening = k == 1;
    if ((v = get(root, "issue_format")))
        format_forms(r, v, "issue_format", r->t->issue_format, issue_fields, COUNT(issue_fields));
    if ((v = get(root, "labels")))
        read_labels(r, v);
    if ((v = get(root, "grid")))
        read_grid(r, v);
    if ((v = get(root, "numbering")))
        read_numbering(r, v);
    if ((v = get(root, "footer")))
        read_footer(r, v);
}

static void read_template(reader *r, const tree_node *root)
{
    report_unknown_keys(r->diags, root, "", top_keys, COUNT(top_keys));
    const tree_node *v;
    if ((v = get(root, "page")))
        read_page(r, v);
    if ((v = get(root, "colors")))
        read_colours(r, v);
    if ((v = get(root, "faces")))
        read_faces(r, v);
    if ((v = get(root, "roles")))
        read_roles(r, v);
    if ((v = get(root, "page_number")))
        read_page_number(r, v);
    if ((v = get(root, "rules")))
        read_rules(r, v);
    if ((v = get(root, "chart")))
        read_chart(r, v);
    read_layout_choices(r, root);
    resolve_chains(r);
    if ((v = get(root, "share_decimals")) &&
        want(r, v, NODE_SCALAR, "share_decimals", N_("0 to 4"))) {
        char *end;
        long d = strtol(v->value, &end, 10);
        if (*end || d < 0 || d > 4)
            diag_error(r->diags, v->pos, "share_decimals",
                       _("expected a whole number from 0 to 4"));
        else
            r->t->share_decimals = (int)d;
    }
}

/* Every role must end up with a face and a size, and the text block must fit. */
static void check_complete(reader *r)
{
    const char *const *names = template_role_names();
    page_template *t = r->t;
    for (int i = 0; i < ROLE_COUNT; i++)
        if (!t->roles[i].chain_count)
            diag_error(r->diags, (source_pos){0}, "roles",
                       _("role `%s` has no face; name one under roles.%s.faces"), names[i],
                       names[i]);
    if (t->margin_left + t->margin_right >= t->page_width - 72 ||
        t->margin_top + t->margin_bottom >= t->page_height - 72)
        diag_error(r->diags, (source_pos){0}, "page.margins",
                   _("the margins leave less than an inch of text block"));
}

/* ---- files ---------------------------------------------------------------- */

/* A template is a short text file: anything else (a device, a FIFO, a
 * file of many megabytes) is refused before it is read. */
#define TEMPLATE_MAX_BYTES (1 << 20)

static char *read_all(const char *path, size_t *len, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    *why = NULL;
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > TEMPLATE_MAX_BYTES) {
        *why = fstat(fd, &st) != 0    ? strerror(errno)
               : !S_ISREG(st.st_mode) ? _("it is not a regular file")
                                      : _("it is larger than 1 MiB; a template is a short file");
        close(fd);
        return NULL;
    }
    char *buf = malloc((size_t)st.st_size + 1);
    size_t n = 0;
    ssize_t got = 1;
    while (buf && n < (size_t)st.st_size &&
           ((got = read(fd, buf + n, (size_t)st.st_size - n)) > 0 || (got < 0 && errno == EINTR)))
        n += got > 0 ? (size_t)got : 0;
    int saved = errno;
    close(fd);
    if (!buf || got < 0) {
        free(buf);
        errno = buf ? saved : ENOMEM;
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* Whether a text names a template key at the start of a line. A file that
 * does not is not a template, and nothing of it is quoted in messages. */
static bool looks_like_template(const char *text, size_t len)
{
    for (size_t at = 0; at < len;) {
        size_t p = at;
        while (p < len && (text[p] == ' ' || text[p] == '-'))
            p++;
        for (size_t k = 0; k < COUNT(top_keys); k++) {
            size_t n = strlen(top_keys[k]);
            if (p + n < len && !memcmp(text + p, top_keys[k], n) && text[p + n] == ':')
                return true;
        }
        const char *eol = memchr(text + at, '\n', len - at);
        at = eol ? (size_t)(eol - text) + 1 : len;
    }
    return false;
}

static char *dir_of(arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? arena_strndup(a, path, (size_t)(slash - path)) : arena_strdup(a, ".");
}

static bool is_path(const char *name)
{
    size_t len = strlen(name);
    return strchr(name, '/') || (len > 5 && !strcmp(name + len - 5, ".yaml"));
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "bulletin, gbt9704": the templates the directory offers, sorted. */
static const char *template_names(template_set *s)
{
    DIR *d = opendir(s->dir);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml") && e->d_name[0] != '.')
            names[n++] = arena_strndup(&s->arena, e->d_name, len - 5);
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    const char *list = "";
    for (size_t i = 0; i < n; i++)
        /* TRANSLATORS: between the words of a list of keys or values */
        list = arena_printf(&s->arena, "%s%s%s", list, i ? _(", ") : "", names[i]);
    return list;
}

static char *resolve_path(template_set *s, const char *name, const char *base_dir)
{
    if (!is_path(name))
        return arena_printf(&s->arena, "%s/%s.yaml", s->dir, name);
    if (name[0] == '/' || !base_dir)
        return arena_strdup(&s->arena, name);
    return arena_printf(&s->arena, "%s/%s", base_dir, name);
}

page_template *template_parse(template_set *s, const char *path, const char *text, size_t len,
                              diag_list *diags)
{
    if (!looks_like_template(text, len)) {
        diag_error(diags, (source_pos){0}, NULL,
                   _("this is not a template: no line starts with a template key (extends, page, "
                     "faces, roles, …); nothing of the file is shown"));
        return NULL;
    }
    input_limits limits = {.depth = 32, .nodes = 100000, .text = 1000000};
    source_text src;
    const tree_node *root = load_tree(text, len, &limits, &src, diags);
    if (!root || root->kind != NODE_MAPPING) {
        if (root)
            diag_error(diags, root->pos, "",
                       _("a template is a mapping of keys (page, faces, roles, …)"));
        return NULL;
    }
    page_template *t = arena_alloc(&s->arena, sizeof *t);
    template_set_defaults(t);
    const tree_node *extends = get(root, "extends");
    if (extends && extends->kind == NODE_SCALAR) {
        char error[512];
        const page_template *base =
            template_set_get(s, extends->value, dir_of(&s->arena, path), error, sizeof error);
        if (!base) {
            diag_error(diags, extends->pos, "extends", "%s", error);
            return NULL;
        }
        *t = *base;
    }
    t->name = arena_strdup(&s->arena, path);
    t->path = t->name;
    reader r = {s, diags, &src, t, dir_of(&s->arena, path), {0, 0}, {0, 0}};
    read_template(&r, root);
    settle_reds(&r);
    settle_palette(&r);
    check_complete(&r);
    return diags->errors ? NULL : t;
}

const page_template *template_set_get(template_set *s, const char *name_or_path,
                                      const char *base_dir, char *error, size_t error_size)
{
    char *path = resolve_path(s, name_or_path, base_dir);
    for (size_t i = 0; i < s->count; i++)
        if (!strcmp(s->items[i].path, path)) {
            if (!s->items[i].template)
                snprintf(error, error_size, "%s", s->items[i].failure);
            return s->items[i].template;
        }
    for (int i = 0; i < s->depth; i++)
        if (!strcmp(s->loading[i], path)) {
            const char *chain = "";
            for (int k = i; k < s->depth; k++)
                chain = arena_printf(&s->arena, "%s%s → ", chain, s->loading[k]);
            snprintf(error, error_size, _("`extends` makes a loop: %s%s"), chain, path);
            return NULL;
        }
    if (s->depth >= 8) {
        snprintf(error, error_size, _("template %s: `extends` goes more than 8 deep"), path);
        return NULL;
    }
    size_t len;
    const char *why;
    char *text = read_all(path, &len, &why);
    cached c = {path, NULL, NULL};
    if (!text && why) {
        c.failure = arena_printf(&s->arena, _("cannot read template %s: %s"), path, why);
    } else if (!text && !is_path(name_or_path)) {
        c.failure = arena_printf(&s->arena, _("unknown template `%s`; the templates are: %s"),
                                 name_or_path, template_names(s));
    } else if (!text) {
        c.failure =
            arena_printf(&s->arena, _("cannot read template %s: %s"), path, strerror(errno));
    } else {
        diag_list diags;
        diag_init(&diags, &s->arena, path);
        s->loading[s->depth++] = path;
        c.template = template_parse(s, path, text, len, &diags);
        s->depth--;
        if (c.template)
            c.template->warnings = diags.warnings;
        diag_print(&diags, stderr, false);
        free(text);
        if (!c.template)
            c.failure = arena_printf(&s->arena, _("template %s has errors"), path);
        else /* the file text is gone: keep what points into it */
            for (int i = 0; i < 2; i++)
                c.template->page_number_format[i] =
                    arena_strdup(&s->arena, c.template->page_number_format[i]);
    }
    ARENA_PUSH(&s->arena, s->items, s->count, s->cap, c);
    if (!c.template)
        snprintf(error, error_size, "%s", c.failure);
    return c.template;
}
