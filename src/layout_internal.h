/* layout_internal: what the parts of `layout` share. Text flows one way:
 *   shape.c     characters -> items (faces, Chinese forms, widths, punctuation)
 *   lines.c     items -> justified lines, each a fragment
 *   flow.c      fragments and the flow: the list of pieces pagination places
 *   labels.c    rich text composed from template formats and the input's text
 *   table.c     a table -> caption, header and row fragments in the flow
 *   chart_parts.c, chart_pie.c, chart.c
 *               a chart -> one fragment: axes, bars, lines or wedges, labels,
 *               legend, caption (图1) and note, kept whole
 *   blocks.c    the bulletin's blocks (masthead, title, headings, paragraphs,
 *               lists, tables, distribution) -> the flow
 *   paginate.c  the flow -> pages; footer lines and page numbers on each
 *   layout.c    the stage's entry: runs them in that order.
 * Each part calls only the ones above it; only paginate.c and layout.c see pages. */
#ifndef JIANBAO_LAYOUT_INTERNAL_H
#define JIANBAO_LAYOUT_INTERNAL_H

#include "layout.h"
#include "linebreak.h"

/* A fragment is a piece of a page that pagination places whole: glyph and
 * rule x positions are final, y positions count down from its top. */
typedef struct fragment {
    placed_glyph *glyphs;
    size_t glyph_count, glyph_cap;
    rule_box *rules;
    size_t rule_count, rule_cap;
    shape_box *shapes;
    size_t shape_count, shape_cap;
    float height;
} fragment;

typedef struct flow_item flow_item;
typedef struct repeat_header {
    flow_item *items;
    size_t count;
} repeat_header;

typedef enum { FLOW_FRAGMENT, FLOW_SPACE, FLOW_PAGE_BREAK } flow_kind;

struct flow_item {
    flow_kind kind;
    fragment frag;
    bool keep_with_next;
    bool at_bottom;              /* the distribution block: sits on the foot of the text */
    const repeat_header *header; /* table rows: what to repeat on a new page */
    const fragment *break_rule;  /* a row going on below: closes the page if it breaks here */
    const char *outline_title;
    int outline_level;
    float whole_height; /* a table's caption: the height of all of the table */
};

typedef struct item {
    uint32_t cp;
    const font_face *face;
    unsigned glyph;
    float advance;     /* the room it takes on the line */
    float natural;     /* the glyph's own advance */
    float offset;      /* of the glyph's origin inside its room */
    float squeezable;  /* the blank half em a mark may give up to fit a line */
    bool blank_left;   /* that blank is before the ink (opening marks) */
    float lead_cut;    /* blank taken from before its ink by the mark before it */
    bool in_cell;      /* a full-width character in a grid cell narrower than it */
    float space_after; /* between Chinese and Latin, when the next item shares the line */
    float size;
    colour color;
    break_kind brk;
    const span *from; /* where it stands in the input, for messages */
    size_t at;        /* its byte offset in from->text */
} item;

typedef enum { ALIGN_JUSTIFY, ALIGN_START, ALIGN_MIDDLE, ALIGN_END } line_align;

typedef struct text_box {
    float left, width;
    float first_indent, indent; /* from left, pt */
    float pitch;
    line_align align;
    bool balanced; /* titles: two lines of near equal width, split at a phrase */
} text_box;

typedef struct layouter {
    arena *arena;
    diag_list *diags;
    const bulletin *b;
    const page_template *t;
    int lang;
    float left, width, top, bottom; /* the text block for the flow, PDF y */
    flow_item *flow;
    size_t flow_count, flow_cap;
    laid_out *out;
    int glyph_errors;
    float grid_advance, grid_pitch; /* the template's character grid, or 0 */
    size_t closing_page;            /* 1-based page of the distribution block, or 0 */
    size_t max_pages;               /* 0 for no bound */
    size_t flow_measured;           /* flow items counted into flow_height */
    double flow_height;             /* of the fragments so far: pages need at least this */
    size_t page_cap, outline_cap;   /* of out->pages and out->outline */
    /* Short-lived work, freed as soon as it is used, so that memory grows with
     * the glyphs on the pages and not with every step that placed them:
     * items of the text being set, and the lines of a table row's cells. */
    arena items_scratch, cells_scratch;
    size_t blank_page; /* 1-based: left blank for duplex, it and those after unnumbered; or 0 */
    const char **unfitting; /* text reported as not fitting, reported once */
    size_t unfitting_count, unfitting_cap;
    size_t node;       /* the structure element text set now belongs to */
    size_t table_node; /* the table being laid out */
} layouter;

/* Roles set on the character grid, when the template has one. */
static inline bool on_grid(const layouter *L, role_id role)
{
    return L->grid_advance > 0 &&
           (role == ROLE_BODY || role == ROLE_LEAD || role == ROLE_EMPHASIS ||
            (role >= ROLE_HEADING1 && role <= ROLE_HEADING4));
}

static inline float role_pitch(const layouter *L, role_id role)
{
    return on_grid(L, role) ? L->grid_pitch : (float)L->t->roles[role].pitch;
}

/* The room of one full-width character: the grid's cell, or an em. */
static inline float em_cell(layouter *L, role_id role)
{
    return on_grid(L, role) ? L->grid_advance : (float)L->t->roles[role].size;
}

static inline float em(layouter *L, role_id role)
{
    return (float)L->t->roles[role].size;
}

/* ---- shape.c: characters -> items --------------------------------------------- */

/* Turns text into items, one per character, each with its face, its room on
 * the line (quotation marks widened, adjacent marks compressed, gaps between
 * Chinese and Latin) and where a line may break after it. A character no
 * face of the role draws is reported and left out. */
size_t itemize(layouter *L, const rich_text *text, role_id role, item **out);
/* Natural width of text on one line. */
float text_width(layouter *L, const rich_text *text, role_id role);
/* The source position of the character at byte `at` of a span. */
source_pos span_char_pos(layouter *L, const span *s, size_t at);

/* ---- lines.c: items -> justified lines ------------------------------------------ */

/* A new structure element (boxes.h) under parent; returns its index. */
size_t open_node(layouter *L, struct_kind kind, size_t parent);
/* Text set from now on belongs to a new element of this kind under parent. */
void begin_node(layouter *L, struct_kind kind, size_t parent);
/* Gives element `node` the text `t` to be read as one line (struct_node's
 * actual_text) when its parts stand apart, a U+3000 between them. */
void read_as_one_line(layouter *L, size_t node, const rich_text *t);

/* Sets text into one fragment per line, as box says. */
size_t set_text(layouter *L, const rich_text *text, role_id role, const text_box *box,
                fragment **lines_out);
/* The baseline of the role's text in a slot of height pitch, from its top. */
float baseline_in(const layouter *L, role_id role, float pitch);

/* ---- flow.c: fragments and the flow ----------------------------------------------- */

void frag_rule(layouter *L, fragment *f, float x0, float y0, float x1, float y1, float width,
               colour color);
/* Adds a shape; its segments are copied. */
void frag_shape(layouter *L, fragment *f, const shape_box *shape);
/* A copy of the shape, each point's y moved `by` lower, or with flip set
 * turned from a fragment's (down from its top) to a page's (by - y). */
shape_box moved_shape(layouter *L, const shape_box *s, float by, bool flip);
/* Copies from's glyphs, rules and shapes into `into`, dy lower. */
void frag_merge(layouter *L, fragment *into, const fragment *from, float dy);
float stack_lines(layouter *L, fragment *frag, const fragment *lines, size_t n, float y);
flow_item *add_flow(layouter *L, flow_item it);
void add_space(layouter *L, float height);
void add_lines(layouter *L, fragment *lines, size_t count, bool keep_all);
/* The page bound, checked while the flow grows: true (after saying so once)
 * when the fragments so far cannot fit in max_pages pages. */
bool beyond_page_bound(layouter *L);

/* ---- labels.c: composed rich text ---------------------------------------------- */

/* label, then text, then suffix (either may be NULL or empty). */
rich_text prefixed(layouter *L, const char *label, const rich_text *text, const char *suffix);
rich_text concat(layouter *L, const rich_text *a, const rich_text *b, const char *separator);
rich_text plain_text(layouter *L, const char *s);
rich_text issue_text(layouter *L);
rich_text source_line(layouter *L);

/* ---- chart_parts.c: what charts are drawn with --------------------------------- */

/* A box in a fragment's frame: y counts down, y0 above y1. */
typedef struct chart_box {
    float x0, y0, x1, y1;
} chart_box;

typedef enum { MOVE_UP, MOVE_DOWN, MOVE_RIGHT, MOVE_LEFT } chart_move;

/* A chart being drawn: what is placed, so that labels go where nothing is. */
typedef struct chart_plot {
    layouter *L;
    fragment frag; /* the drawing; y may go above 0 where labels rise */
    chart_box *taken;
    size_t taken_count, taken_cap;
    float top;        /* the highest y anything takes */
    const char *said; /* the texts put so far, a U+3000 between, in their order */
} chart_plot;

typedef struct value_axis {
    double lo, hi, step;
    bool in_wan;      /* the unit starts with 万 (万元): ticks of 1万 and more print in 亿 */
    bool traditional; /* 萬 and 億 */
} value_axis;

bool boxes_meet(chart_box a, chart_box b);
void take_box(chart_plot *p, chart_box b);
chart_box free_place(const chart_plot *p, chart_box b, chart_move dir);
float label_width(layouter *L, const rich_text *t);
chart_box put_text(chart_plot *p, fragment *into, const rich_text *t, role_id role, float x,
                   float width, float y, line_align align, colour colour);
chart_box put_label(chart_plot *p, const rich_text *t, float x, float y, colour colour);
void add_rect(layouter *L, fragment *into, chart_box b, colour fill, float stroke_width);
void add_polyline(chart_plot *p, const float *x, const float *y, size_t n, float width,
                  colour colour);
void add_wedge(chart_plot *p, float cx, float cy, float radius, double a0, double a1, colour fill,
               colour edge);
value_axis nice_axis(double lo, double hi);
size_t tick_count(const value_axis *axis);
double tick_value(const value_axis *axis, size_t k);
const char *tick_text(arena *a, double v, const value_axis *axis);
float add_legend(chart_plot *p, fragment *into, const rchart *c, float x0, float width, float y);
colour chart_colour(const layouter *L, size_t series);

/* ---- chart_pie.c ------------------------------------------------------------------- */

/* A pie in (x0, 0, x0 + width, height): slices clockwise from 12 o'clock
 * in order, labels inside where they fit, outside with a leader otherwise. */
void draw_pie(chart_plot *p, const rchart *c, float x0, float width, float height);

/* ---- chart.c ------------------------------------------------------------------------- */

void add_chart(layouter *L, const rchart *c);

/* ---- table.c and blocks.c: the bulletin -> the flow ------------------------------- */

/* The masthead or 版头, title, subtitle, source line and lead. */
void add_front(layouter *L);
/* The body's headings, paragraphs, list items, tables and page breaks. */
void add_blocks(layouter *L);
/* A table's or chart's note set in lines, after 注： unless it starts with
 * 注, 数据来源 or 资料来源 (or their traditional forms). */
size_t set_note(layouter *L, const rich_text *note, fragment **lines);
void add_table(layouter *L, const rtable *t);
/* The distribution block (报尾), on the foot of the last page's text. */
void add_distribution(layouter *L);
/* A warning that the template has no place for `what`, which text gives. */
void warn_left_out(layouter *L, const rich_text *text, const char *what);

/* ---- paginate.c: the flow -> pages -------------------------------------------------- */

/* The room the footer lines take at the foot of the text block. */
float footer_height(layouter *L);
/* The footer takes at most a third of the text block, or under the page
 * number what the bottom margin leaves: more would cover the text or run
 * off the page. An error at its first line otherwise. */
void check_footer(layouter *L);
void paginate(layouter *L);
/* Footer lines and the page number on page `number` (1-based) of `pages`;
 * nothing on a page left blank, and no number on the pages after it. */
void furnish(layouter *L, page_box *page, size_t number, size_t pages);

#endif
