#include "load_tree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "i18n.h"
#include "slips.h"
#include "utf8.h"

typedef struct anchor {
    const char *name;
    tree_node *node;
} anchor;

typedef struct frame {
    tree_node *node;
    tree_node *pending_key; /* mappings: a key waiting for its value */
    const char *anchor_name;
    size_t cap;
} frame;

typedef struct builder {
    arena *arena;
    diag_list *diags;
    source_text *src;
    const input_limits *limits;
    frame *stack;
    size_t depth, stack_cap;
    anchor *anchors; /* open addressing by name: a later anchor replaces one of its name */
    size_t anchor_count, anchor_slots;
    size_t expanded;       /* nodes counted with alias expansion */
    size_t expanded_chars; /* characters of text, likewise */
    tree_node *root;
    bool failed;
    size_t good_line[2]; /* 0-based lines where the last two events started */
} builder;

/* Length of the line break at s[i], or 0: libyaml ends lines at LF, CR,
 * CR LF, NEL, LS and PS, and its marks count lines the same way. */
static size_t line_break_at(const char *s, size_t len, size_t i)
{
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0x85)
        return 2;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
        return 3;
    return 0;
}

static void index_lines(arena *a, source_text *src)
{
    size_t count = 1;
    for (size_t i = 0; i < src->len; i++)
        if (src->bytes[i] == '\n' || src->bytes[i] == '\r' || (unsigned char)src->bytes[i] >= 0xC2)
            count++; /* at least as many slots as breaks */
    src->line_starts = arena_alloc(a, count * sizeof *src->line_starts);
    src->line_count = 0;
    src->line_starts[src->line_count++] = 0;
    for (size_t i = 0; i < src->len;) {
        size_t n = line_break_at(src->bytes, src->len, i);
        if (n)
            src->line_starts[src->line_count++] = i + n;
        i += n ? n : 1;
    }
}

/* libyaml marks count lines and characters; turn one into a byte offset. */
static size_t mark_offset(const source_text *src, yaml_mark_t m)
{
    if (m.line >= src->line_count)
        return src->len;
    size_t at = src->line_starts[m.line];
    size_t line_end = m.line + 1 < src->line_count ? src->line_starts[m.line + 1] : src->len;
    if (m.line == 0 && src->len >= 3 && memcmp(src->bytes, "\xEF\xBB\xBF", 3) == 0)
        at = 3;
    for (size_t c = 0; c < m.column && at < line_end; c++) {
        at++;
        while (at < src->len && ((unsigned char)src->bytes[at] & 0xC0) == 0x80)
            at++;
    }
    return at;
}

static source_pos mark_pos(yaml_mark_t m)
{
    source_pos p = {(int)m.line + 1, (int)m.column + 1};
    return p;
}

static tree_node *new_node(builder *b, node_kind kind, const yaml_event_t *ev)
{
    tree_node *n = arena_alloc(b->arena, sizeof *n);
    n->kind = kind;
    n->pos = mark_pos(ev->start_mark);
    n->src_begin = mark_offset(b->src, ev->start_mark);
    n->src_end = mark_offset(b->src, ev->end_mark);
    n->weight = 1;
    return n;
}

static bool count_nodes(builder *b, size_t n, source_pos pos)
{
    b->expanded += n;
    if (b->limits->nodes && b->expanded > b->limits->nodes) {
        diag_error(b->diags, pos, NULL,
                   _("the document expands to more than %zu nodes (aliases counted); "
                     "raise the bound with --limit nodes=N if the file is genuine"),
                   b->limits->nodes);
        b->diags->stop = true;
        return false;
    }
    return true;
}

static bool count_text(builder *b, size_t chars, source_pos pos)
{
    b->expanded_chars += chars;
    if (b->limits->text && b->expanded_chars > b->limits->text) {
        diag_error(b->diags, pos, NULL,
                   _("the document's text expands to more than %zu characters (aliases "
                     "counted); raise the bound with --limit text=N if the file is genuine"),
                   b->limits->text);
        b->diags->stop = true;
        return false;
    }
    return true;
}

static void attach(builder *b, tree_node *node)
{
    if (b->depth == 0) {
        b->root = node;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    tree_node *parent = f->node;
    if (parent->kind == NODE_SEQUENCE) {
        size_t count = parent->count, cap = f->cap;
        tree_node **items = parent->items;
        ARENA_PUSH(b->arena, items, count, cap, node);
        parent->items = items;
        parent->count = count;
        f->cap = cap;
        parent->weight += node->weight;
        parent->chars += node->chars;
        return;
    }
    if (!f->pending_key) {
        if (node->kind != NODE_SCALAR) {
            diag_error(b->diags, node->pos, NULL,
                       node->kind == NODE_MAPPING
                           ? _("a mapping key must be a plain word such as `title`, not a mapping")
                           : _("a mapping key must be a plain word such as `title`, not a list"));
            b->failed = true;
        }
        f->pending_key = node;
        return;
    }
    /* keys and items grow together: keys first into a mirror array */
    size_t count = parent->count, cap = f->cap;
    tree_node **keys = parent->keys;
    ARENA_PUSH(b->arena, keys, count, cap, f->pending_key);
    parent->keys = keys;
    count = parent->count, cap = f->cap;
    tree_node **items = parent->items;
    ARENA_PUSH(b->arena, items, count, cap, node);
    parent->items = items;
    parent->count = count;
    f->cap = cap;
    parent->weight += node->weight + 1;
    parent->chars += node->chars + f->pending_key->chars;
    f->pending_key = NULL;
}

static size_t anchor_hash(const char *name)
{
    size_t h = 14695981039346656037u;
    for (; *name; name++)
        h = (h ^ (unsigned char)*name) * 1099511628211u;
    return h;
}

/* The slot of `name`, or the empty slot where it would go. */
static anchor *anchor_slot(anchor *slots, size_t slot_count, const char *name)
{
    size_t i = anchor_hash(name) & (slot_count - 1);
    while (slots[i].name && strcmp(slots[i].name, name) != 0)
        i = (i + 1) & (slot_count - 1);
    return &slots[i];
}

static void remember_anchor(builder *b, const char *name, tree_node *node)
{
    if (!name)
        return;
    if (2 * (b->anchor_count + 1) > b->anchor_slots) {
        size_t slots = b->anchor_slots ? 2 * b->anchor_slots : 64;
        anchor *grown = arena_alloc(b->arena, slots * sizeof *grown);
        for (size_t i = 0; i < b->anchor_slots; i++)
            if (b->anchors[i].name)
                *anchor_slot(grown, slots, b->anchors[i].name) = b->anchors[i];
        b->anchors = grown;
        b->anchor_slots = slots;
    }
    anchor *a = anchor_slot(b->anchors, b->anchor_slots, name);
    if (!a->name)
        b->anchor_count++;
    *a = (anchor){name, node};
}

static int by_key_then_order(const void *x, const void *y)
{
    const tree_node *a = *(const tree_node *const *)x, *b = *(const tree_node *const *)y;
    if (a->kind != NODE_SCALAR || b->kind != NODE_SCALAR) /* refused already: kept apart */
        return a->kind != b->kind ? (a->kind < b->kind ? -1 : 1)
                                  : (a->src_begin > b->src_begin) - (a->src_begin < b->src_begin);
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    int c = a->len ? memcmp(a->value, b->value, a->len) : 0;
    if (c)
        return c;
    return a->src_begin < b->src_begin ? -1 : a->src_begin > b->src_begin;
}

/* Duplicate keys of a complete mapping, found by sorting a copy of its keys
 * (a mapping of 100,000 keys must not take quadratic time). */
static void report_duplicate_keys(builder *b, const tree_node *map)
{
    if (map->count < 2)
        return;
    const tree_node **sorted = malloc(map->count * sizeof *sorted);
    if (!sorted)
        return;
    memcpy(sorted, map->keys, map->count * sizeof *sorted);
    qsort(sorted, map->count, sizeof *sorted, by_key_then_order);
    for (size_t first = 0, i = 1; i < map->count; i++) {
        const tree_node *k = sorted[i], *f = sorted[first];
        if (k->kind != NODE_SCALAR || f->kind != NODE_SCALAR || k->len != f->len ||
            memcmp(k->value, f->value, k->len) != 0) {
            first = i;
            continue;
        }
        diag_error(b->diags, k->pos, NULL,
                   _("duplicate key `%s` (first given at line %d); remove one of them"), k->value,
                   f->pos.line);
        b->failed = true;
    }
    free(sorted);
}

/* NUL would cut a key or value short where it is read as a C string. */
static bool refuse_nul(builder *b, const tree_node *n)
{
    const char *nul = memchr(n->value, 0, n->len);
    if (!nul)
        return true;
    diag_error(b->diags, scalar_char_position(b->src, n, (size_t)(nul - n->value)), NULL,
               _("a NUL character (\\0) in a key or value; remove it"));
    b->failed = true;
    return false;
}

static void push(builder *b, tree_node *node, const char *anchor_name)
{
    frame f = {node, NULL, anchor_name, 0};
    ARENA_PUSH(b->arena, b->stack, b->depth, b->stack_cap, f);
}

static scalar_style style_of(const yaml_event_t *ev)
{
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        return SCALAR_QUOTED;
    case YAML_LITERAL_SCALAR_STYLE:
        return SCALAR_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE:
        return SCALAR_FOLDED;
    default:
        return ev->data.scalar.tag ? SCALAR_QUOTED : SCALAR_PLAIN;
    }
}

static bool on_scalar(builder *b, const yaml_event_t *ev)
{
    if (!count_nodes(b, 1, mark_pos(ev->start_mark)))
        return false;
    tree_node *n = new_node(b, NODE_SCALAR, ev);
    n->value = arena_strndup(b->arena, (const char *)ev->data.scalar.value, ev->data.scalar.length);
    n->len = ev->data.scalar.length;
    n->chars = utf8_length(n->value, n->len);
    if (!count_text(b, n->chars, n->pos))
        return false;
    n->style = style_of(ev);
    refuse_nul(b, n);
    remember_anchor(b,
                    ev->data.scalar.anchor
                        ? arena_strdup(b->arena, (const char *)ev->data.scalar.anchor)
                        : NULL,
                    n);
    attach(b, n);
    return true;
}

static bool on_collection_start(builder *b, const yaml_event_t *ev)
{
    if (!count_nodes(b, 1, mark_pos(ev->start_mark)))
        return false;
    if (b->limits->depth && b->depth >= b->limits->depth) {
        diag_error(b->diags, mark_pos(ev->start_mark), NULL,
                   _("nesting deeper than %zu levels; a bulletin needs far fewer "
                     "(--limit depth=N raises the bound)"),
                   b->limits->depth);
        b->diags->stop = true;
        return false;
    }
    bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
    tree_node *n = new_node(b, seq ? NODE_SEQUENCE : NODE_MAPPING, ev);
    const yaml_char_t *name = seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
    push(b, n, name ? arena_strdup(b->arena, (const char *)name) : NULL);
    return true;
}

static bool on_collection_end(builder *b, const yaml_event_t *ev)
{
    frame f = b->stack[--b->depth];
    f.node->src_end = mark_offset(b->src, ev->end_mark);
    if (f.node->kind == NODE_MAPPING)
        report_duplicate_keys(b, f.node);
    remember_anchor(b, f.anchor_name, f.node);
    attach(b, f.node);
    return true;
}

static bool on_alias(builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    const anchor *a = b->anchor_slots ? anchor_slot(b->anchors, b->anchor_slots, name) : NULL;
    if (a && a->name) {
        if (!count_nodes(b, a->node->weight, mark_pos(ev->start_mark)) ||
            !count_text(b, a->node->chars, mark_pos(ev->start_mark)))
            return false;
        attach(b, a->node);
        return true;
    }
    diag_error(b->diags, mark_pos(ev->start_mark), NULL,
               _("alias *%s names no anchor defined before it"), name);
    b->failed = true;
    return false;
}

static bool handle_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return on_collection_start(b, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_collection_end(b, ev);
    case YAML_ALIAS_EVENT:
        return on_alias(b, ev);
    case YAML_DOCUMENT_START_EVENT:
        if (b->root) {
            diag_error(b->diags, mark_pos(ev->start_mark), NULL,
                       _("a second YAML document; one file holds one bulletin"));
            b->failed = true;
            return false;
        }
        return true;
    default:
        return true;
    }
}

/* libyaml stops where the grammar breaks; the slip that broke it is looked
 * for between the last event it read and that place. */
static void report_parser_error(builder *b, const yaml_parser_t *p, size_t bom)
{
    /* The reader (control characters, noncharacters) gives a byte offset, no mark. */
    if (p->error == YAML_READER_ERROR) {
        source_pos at = source_position(b->src, bom + p->problem_offset);
        if (p->problem_value >= 0 && p->problem && strstr(p->problem, "control characters"))
            diag_error(b->diags, at, NULL,
                       _("U+%04X is a control character or a noncharacter, which YAML does not "
                         "allow; remove it"),
                       (unsigned)p->problem_value);
        else
            diag_error(b->diags, at, NULL, _("YAML syntax: %s"), yaml_problem_in_words(p->problem));
        return;
    }
    yaml_mark_t stop = p->problem ? p->problem_mark : p->context_mark;
    slip s;
    if (p->context && strstr(p->context, "quoted scalar")) {
        s = unclosed_quote(b->arena, b->src, mark_offset(b->src, p->context_mark));
    } else {
        size_t first = b->good_line[0] < b->good_line[1] ? b->good_line[0] : b->good_line[1];
        if (p->context && p->context_mark.line < first)
            first = p->context_mark.line;
        if (!find_slip(b->arena, b->src, first, stop.line, &s)) {
            diag_error(b->diags, mark_pos(stop), NULL, _("YAML syntax: %s"),
                       yaml_problem_in_words(p->problem));
            return;
        }
    }
    diag_error(b->diags, source_position(b->src, s.at), s.key, "%s", s.message);
}

static bool check_encoding(builder *b)
{
    size_t bad = utf8_first_invalid(b->src->bytes, b->src->len);
    if (bad < b->src->len) {
        diag_error(b->diags, source_position(b->src, bad), NULL,
                   _("invalid UTF-8 (byte 0x%02X); save the file as UTF-8"),
                   (unsigned char)b->src->bytes[bad]);
        return false;
    }
    return true;
}

tree_node *load_tree(const char *bytes, size_t len, const input_limits *limits, source_text *src,
                     diag_list *diags)
{
    builder b = {.arena = diags->arena, .diags = diags, .src = src, .limits = limits};
    src->bytes = bytes;
    src->len = len;
    index_lines(diags->arena, src);
    if (!check_encoding(&b))
        return NULL;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_error(diags, (source_pos){0}, NULL, _("cannot start the YAML parser"));
        return NULL;
    }
    /* The BOM is skipped here so that columns on line 1 do not count it. */
    size_t bom = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    yaml_parser_set_input_string(&parser, (const unsigned char *)bytes + bom, len - bom);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(&b, &parser, bom);
            b.failed = true;
            break;
        }
        b.good_line[0] = b.good_line[1];
        b.good_line[1] = ev.start_mark.line;
        bool ok = handle_event(&b, &ev);
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (!ok) {
            b.failed = true;
            break;
        }
    }
    yaml_parser_delete(&parser);
    if (b.failed)
        return NULL;
    if (!b.root)
        diag_error(diags, source_position(src, 0), NULL,
                   _("the file is empty; a bulletin needs at least title, date and sections"));
    return b.root;
}
