/* resolve_internal: what the files of the resolve stage share. resolve.c
 * walks the document; resolve_figures.c checks figures and computes shares
 * and growth; resolve_text.c expands references and builds rich text;
 * resolve_tables.c builds tables and their totals; resolve_charts.c finds
 * and checks charts' data. */
#ifndef JIANBAO_RESOLVE_INTERNAL_H
#define JIANBAO_RESOLVE_INTERNAL_H

#include <stdint.h>

#include "resolve.h"

typedef struct figure_state {
    const figure *f;
    const figure *base; /* share_of target, when valid */
    bool has_share;
    int visit; /* 0 new, 1 on the path, 2 done: share_of loop detection */
    /* growth: from the figure's previous, or from the compare_with bulletin */
    bool has_previous;
    decimal previous;
    const char *previous_text;
    compare_kind compare;
} figure_state;

typedef struct resolver {
    arena *arena;
    diag_list *diags;
    const document *doc;
    const resolve_options *options;
    figure_state *figures;
    figure_state **by_name; /* the figures sorted by name */
    size_t figure_count;
    bulletin *out;
    rblock *blocks;
    size_t block_count, block_cap;
    int table_number;
    int chart_number;
} resolver;

typedef struct text_builder {
    resolver *r;
    span *spans;
    size_t count, cap;
    bool emphasis;
    uint32_t last; /* last code point written, for the folding rule */
    const char *path;
    scalar_cursor cursor; /* positions for messages, in increasing order */
} text_builder;

typedef enum { MODE_PARAGRAPH, MODE_LINE } text_mode;

/* resolve.c */
void add_block(resolver *r, rblock b);

/* resolve_figures.c */
void resolve_figures(resolver *r);
figure_state *find_figure(resolver *r, const char *name, size_t len);
const char *suggest_figure(resolver *r, const char *name);
const char *no_figure_message(resolver *r, const char *name);
/* value, qualifier and unit */
const char *format_figure(resolver *r, const figure *f);
/* The share at the template's decimals, or NULL when it has none. */
const char *share_text(resolver *r, const figure_state *s);
/* The rate of change with its sign (-2.1%), or NULL when it has none. */
const char *change_rate_text(resolver *r, const figure_state *s);
/* What {name.FIELD} prints, or NULL after an error at pos. */
const char *figure_field(resolver *r, figure_state *s, const char *field, size_t len,
                         source_pos pos, const char *path);

/* resolve_text.c */
/* Where a message about content byte `at` of node points, going on from
 * `cursor` (NULL: from the scalar's start); nothing when the message would
 * only be counted (past DIAG_SHOWN), so no walk is spent on it. */
source_pos char_pos(resolver *r, scalar_cursor *cursor, const tree_node *node, size_t at);
void emit_text(text_builder *tb, const tree_node *origin, size_t offset, const char *text,
               size_t len, bool literal);
void parse_inline(text_builder *tb, const tree_node *node, size_t begin, size_t end, text_mode mode,
                  const char *path);
rich_text finish(text_builder *tb);
rich_text line_text(resolver *r, const tree_node *node, const char *path);
rich_text template_text(resolver *r, const char *text);
void paragraphs(resolver *r, const tree_node *node, const char *path, rich_text **out,
                size_t *count);

/* resolve_tables.c */
/* What a cell is to a column that is added up or drawn. */
typedef struct cell_number {
    bool numeric;  /* set right: a number or a lone reference */
    bool summable; /* adds into a total */
    bool blank;    /* empty, or — - / : no figure */
    decimal value;
    bool grouped;          /* written with thousands separators */
    const figure *unit_of; /* a reference: the figure whose unit it carries */
    const char *why;       /* neither summable nor blank: why not */
    bool misread;          /* a number written in a way that is refused (1,23 or 1e5) */
} cell_number;
cell_number classify_cell(resolver *r, const tree_node *cell);
/* 单位：… before the unit's text, or an empty text when unit is NULL. */
rich_text unit_line(resolver *r, const tree_node *unit, const char *path);
void resolve_table(resolver *r, const table *t);
void resolve_figure_table(resolver *r, const figure_table *ft);

/* resolve_charts.c */
/* Two tables with one id are reported. */
void check_table_ids(resolver *r);
void resolve_chart(resolver *r, const chart *c);

#endif
