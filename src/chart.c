/* chart: a chart -> one fragment of the flow, kept whole: the unit line,
 * the legend (several series only), the drawing with its value axis (from
 * zero for bars, ticks at 1-2-5 steps), the value labels placed where they
 * meet neither a bar nor another label, the category labels (wrapped under
 * bars and lines, set horizontally beside bars in barh), then the caption
 * 图N below it and the note. */
#include "layout_internal.h"

#include <math.h>
#include <string.h>

#include "i18n.h"

/* greys print on the black plate alone */
static const colour black = {COLOUR_GRAY, {0}}, grid_grey = {COLOUR_GRAY, {0.8f}};
enum { LABEL_PAD = 2 };

/* The value axis of all the chart's values; bars always include zero. */
static value_axis chart_axis(const rchart *c)
{
    double lo = 0, hi = 0;
    bool first = true;
    for (size_t i = 0; i < c->series * c->categories; i++) {
        double v = c->values[i];
        lo = first || v < lo ? v : lo, hi = first || v > hi ? v : hi;
        first = false;
    }
    /* a line of values far from zero keeps its detail; bars start from zero */
    if (c->kind != CHART_LINE || lo <= 0 || lo < hi / 2)
        lo = fmin(lo, 0);
    hi = fmax(hi, c->kind == CHART_LINE ? lo : 0);
    return nice_axis(lo, hi);
}

static value_axis axis_of(layouter *L, const rchart *c)
{
    value_axis a = chart_axis(c);
    const char *unit = rich_text_plain(L->arena, &c->unit);
    a.in_wan = !strncmp(unit, "单位：万", strlen("单位：万")) ||
               !strncmp(unit, "單位：萬", strlen("單位：萬"));
    a.traditional = L->b->traditional;
    return a;
}

static float tick_labels_width(layouter *L, const value_axis *a)
{
    float w = 0;
    for (size_t k = 0; k < tick_count(a); k++) {
        double v = tick_value(a, k);
        rich_text t = plain_text(L, tick_text(L->arena, v, a));
        w = fmaxf(w, label_width(L, &t));
    }
    return w;
}

/* ---- bar and line charts ---------------------------------------------------------- */

typedef struct column_frame {
    float x0, x1;    /* the drawing's edges */
    float top, base; /* y of the axis's hi and lo */
    float slot;      /* each category's width */
    value_axis axis;
} column_frame;

static float value_y(const column_frame *f, double v)
{
    return f->base - (float)((v - f->axis.lo) / (f->axis.hi - f->axis.lo)) * (f->base - f->top);
}

/* Gridlines and tick labels at each step, left of the drawing. */
static void vertical_ticks(chart_plot *p, const column_frame *f, float left)
{
    layouter *L = p->L;
    float pitch = (float)L->t->roles[ROLE_CHART].pitch;
    for (size_t k = 0; k < tick_count(&f->axis); k++) {
        double v = tick_value(&f->axis, k);
        float y = value_y(f, v);
        frag_rule(L, &p->frag, f->x0, y, f->x1, y, 0.4f, grid_grey);
        rich_text t = plain_text(L, tick_text(L->arena, v, &f->axis));
        put_text(p, &p->frag, &t, ROLE_CHART, left, f->x0 - 4 - left, y - pitch / 2, ALIGN_END,
                 black);
    }
}

/* Category labels under their slots, wrapped to the slot's width. */
static void category_labels(chart_plot *p, const rchart *c, const column_frame *f)
{
    for (size_t i = 0; i < c->categories; i++) {
        float x = f->x0 + (float)i * f->slot;
        take_box(p, put_text(p, &p->frag, &c->category_names[i], ROLE_CHART, x + 2, f->slot - 4,
                             f->base + 4, ALIGN_MIDDLE, black));
    }
}

/* The lines a category label needs under its slot. */
static size_t category_lines(layouter *L, const rchart *c, float slot)
{
    size_t most = 1;
    for (size_t i = 0; i < c->categories; i++) {
        fragment *lines;
        size_t n = set_text(L, &c->category_names[i], ROLE_CHART,
                            &(text_box){0, slot - 4, 0, 0, 10, ALIGN_MIDDLE, false}, &lines);
        most = n > most ? n : most;
    }
    return most;
}

/* A value's label above its point or bar (below a negative one), moved
 * past whatever it would meet. */
static void value_label(chart_plot *p, const rchart *c, size_t at, float cx, float y, bool below)
{
    layouter *L = p->L;
    rich_text t = plain_text(L, c->value_texts[at]);
    float w = label_width(L, &t), pitch = (float)L->t->roles[ROLE_CHART].pitch;
    /* a little room either side keeps neighbouring labels from touching */
    float half = w / 2 + LABEL_PAD;
    chart_box b = below ? (chart_box){cx - half, y + 1, cx + half, y + 1 + pitch}
                        : (chart_box){cx - half, y - 1 - pitch, cx + half, y - 1};
    b = free_place(p, b, below ? MOVE_DOWN : MOVE_UP);
    put_label(p, &t, b.x0 + LABEL_PAD, b.y0, black);
    take_box(p, b);
}

static column_frame column_frame_of(layouter *L, const rchart *c, float x0, float width,
                                    float height)
{
    column_frame f = {.axis = axis_of(L, c)};
    float pitch = (float)L->t->roles[ROLE_CHART].pitch;
    f.x0 = x0 + tick_labels_width(L, &f.axis) + 6;
    f.x1 = x0 + width - 2;
    f.slot = (f.x1 - f.x0) / (float)c->categories;
    f.top = pitch + 2; /* room for the labels of the highest values */
    f.base = height - (float)category_lines(L, c, f.slot) * pitch - 6;
    return f;
}

static void draw_bars(chart_plot *p, const rchart *c, float x0, float width, float height)
{
    layouter *L = p->L;
    column_frame f = column_frame_of(L, c, x0, width, height);
    vertical_ticks(p, &f, x0);
    float group = f.slot * (c->series == 1 ? 0.55f : 0.75f), bar = group / (float)c->series;
    float zero = value_y(&f, 0);
    for (size_t s = 0; s < c->series; s++)
        for (size_t i = 0; i < c->categories; i++) {
            float x = f.x0 + (float)i * f.slot + (f.slot - group) / 2 + (float)s * bar;
            float y = value_y(&f, c->values[s * c->categories + i]);
            chart_box b = {x, fminf(y, zero), x + bar, fmaxf(y, zero)};
            add_rect(L, &p->frag, b, chart_colour(L, s), 0.4f);
            take_box(p, b);
        }
    add_polyline(p, (float[]){f.x0, f.x1}, (float[]){zero, zero}, 2, 0.75f, black);
    category_labels(p, c, &f);
    for (size_t s = 0; s < c->series; s++)
        for (size_t i = 0; i < c->categories; i++) {
            size_t at = s * c->categories + i;
            float x = f.x0 + (float)i * f.slot + (f.slot - group) / 2 + ((float)s + 0.5f) * bar;
            double v = c->values[at];
            value_label(p, c, at, x, value_y(&f, v), v < 0);
        }
}

static void draw_lines(chart_plot *p, const rchart *c, float x0, float width, float height)
{
    layouter *L = p->L;
    column_frame f = column_frame_of(L, c, x0, width, height);
    vertical_ticks(p, &f, x0);
    add_polyline(p, (float[]){f.x0, f.x1}, (float[]){f.base, f.base}, 2, 0.75f, black);
    float *xs = arena_alloc(L->arena, c->categories * sizeof *xs);
    float *ys = arena_alloc(L->arena, c->categories * sizeof *ys);
    float mark = 4;
    for (size_t s = 0; s < c->series; s++) {
        for (size_t i = 0; i < c->categories; i++) {
            xs[i] = f.x0 + ((float)i + 0.5f) * f.slot;
            ys[i] = value_y(&f, c->values[s * c->categories + i]);
        }
        /* a dark casing keeps light colours of the palette visible as lines */
        add_polyline(p, xs, ys, c->categories, 2.6f, black);
        add_polyline(p, xs, ys, c->categories, 1.4f, chart_colour(L, s));
        for (size_t i = 0; i < c->categories; i++) {
            chart_box b = {xs[i] - mark / 2, ys[i] - mark / 2, xs[i] + mark / 2, ys[i] + mark / 2};
            add_rect(L, &p->frag, b, chart_colour(L, s), 0.6f);
            take_box(p, b);
        }
    }
    category_labels(p, c, &f);
    for (size_t s = 0; s < c->series; s++)
        for (size_t i = 0; i < c->categories; i++) {
            size_t at = s * c->categories + i;
            value_label(p, c, at, f.x0 + ((float)i + 0.5f) * f.slot,
                        value_y(&f, c->values[at]) - mark / 2, false);
        }
}

/* ---- horizontal bars ------------------------------------------------------------------ */

typedef struct row_frame {
    float x0, x1;     /* the drawing's edges */
    float names;      /* the width of the category names before it */
    float slot;       /* each category's height */
    float group, bar; /* the bars' height together and each */
    float base;       /* y under the last category */
    value_axis axis;
} row_frame;

static float value_x(const row_frame *f, double v)
{
    return f->x0 + (float)((v - f->axis.lo) / (f->axis.hi - f->axis.lo)) * (f->x1 - f->x0);
}

static float widest_value(layouter *L, const rchart *c)
{
    float w = 0;
    for (size_t i = 0; i < c->series * c->categories; i++) {
        rich_text t = plain_text(L, c->value_texts[i]);
        w = fmaxf(w, label_width(L, &t));
    }
    return w;
}

/* Category names right-aligned left of their bars, at most 30% of the width. */
static float category_column(layouter *L, const rchart *c, float width)
{
    float w = 0;
    for (size_t i = 0; i < c->categories; i++)
        w = fmaxf(w, label_width(L, &c->category_names[i]));
    return fminf(w + 1, width * 0.3f);
}

static row_frame row_frame_of(layouter *L, const rchart *c, float x0, float width, float height)
{
    float pitch = (float)L->t->roles[ROLE_CHART].pitch;
    row_frame f = {.axis = axis_of(L, c), .names = category_column(L, c, width)};
    float values = widest_value(L, c) + 4;
    f.x0 = x0 + f.names + 6 + (f.axis.lo < 0 ? values : 0);
    f.x1 = x0 + width - values;
    /* each bar at least as thick as the type, so its label fits beside it */
    float size = em(L, ROLE_CHART), least = (float)c->series * (size + 1) / 0.75f,
          most = (float)c->series * pitch * 1.6f;
    f.slot = fmaxf(fminf((height - pitch - 4) / (float)c->categories, most), least);
    f.base = f.slot * (float)c->categories;
    f.group = f.slot * 0.75f, f.bar = f.group / (float)c->series;
    return f;
}

/* Gridlines across the bars, tick labels under them. */
static void horizontal_ticks(chart_plot *p, const row_frame *f)
{
    layouter *L = p->L;
    for (size_t k = 0; k < tick_count(&f->axis); k++) {
        double v = tick_value(&f->axis, k);
        float x = value_x(f, v);
        frag_rule(L, &p->frag, x, 0, x, f->base, 0.4f, grid_grey);
        rich_text t = plain_text(L, tick_text(L->arena, v, &f->axis));
        float w = label_width(L, &t);
        take_box(p, put_label(p, &t, x - w / 2, f->base + 3, black));
    }
}

/* The top of series s's bar in category i. */
static float bar_top(const row_frame *f, size_t s, size_t i)
{
    return (float)i * f->slot + (f->slot - f->group) / 2 + (float)s * f->bar;
}

/* Each value right of its bar (left of a negative one), moved past what it meets. */
static void row_values(chart_plot *p, const rchart *c, const row_frame *f)
{
    layouter *L = p->L;
    float pitch = (float)L->t->roles[ROLE_CHART].pitch, half = (em(L, ROLE_CHART) + 1) / 2;
    for (size_t s = 0; s < c->series; s++)
        for (size_t i = 0; i < c->categories; i++) {
            size_t at = s * c->categories + i;
            rich_text t = plain_text(L, c->value_texts[at]);
            float w = label_width(L, &t), x = value_x(f, c->values[at]);
            /* the type's own height, centred on the bar, as the line box centres it */
            float y = bar_top(f, s, i) + f->bar / 2 - half;
            bool left = c->values[at] < 0;
            chart_box b = left ? (chart_box){x - 2 - w, y, x - 2, y + 2 * half}
                               : (chart_box){x + 2, y, x + 2 + w, y + 2 * half};
            b = free_place(p, b, left ? MOVE_LEFT : MOVE_RIGHT);
            put_label(p, &t, b.x0, b.y0 + half - pitch / 2, black);
            take_box(p, b);
        }
}

static void draw_barh(chart_plot *p, const rchart *c, float x0, float width, float height)
{
    layouter *L = p->L;
    float pitch = (float)L->t->roles[ROLE_CHART].pitch;
    row_frame f = row_frame_of(L, c, x0, width, height);
    horizontal_ticks(p, &f);
    float zero = value_x(&f, 0);
    for (size_t s = 0; s < c->series; s++)
        for (size_t i = 0; i < c->categories; i++) {
            float x = value_x(&f, c->values[s * c->categories + i]), y = bar_top(&f, s, i);
            chart_box b = {fminf(x, zero), y, fmaxf(x, zero), y + f.bar};
            add_rect(L, &p->frag, b, chart_colour(L, s), 0.4f);
            take_box(p, b);
        }
    add_polyline(p, (float[]){zero, zero}, (float[]){0, f.base}, 2, 0.75f, black);
    for (size_t i = 0; i < c->categories; i++) { /* names right-aligned, centred on their bars */
        fragment *lines;
        size_t n = set_text(L, &c->category_names[i], ROLE_CHART,
                            &(text_box){0, f.names, 0, 0, pitch, ALIGN_END, false}, &lines);
        float top = (float)i * f.slot + (f.slot - (float)n * pitch) / 2;
        put_text(p, &p->frag, &c->category_names[i], ROLE_CHART, x0, f.names, top, ALIGN_END,
                 black);
    }
    row_values(p, c, &f);
}

/* ---- the chart as one fragment ------------------------------------------------------------ */

static rich_text caption_of(layouter *L, const rchart *c)
{
    const char *label = arena_printf(L->arena, "%s%d%s", L->b->traditional ? "圖" : "图", c->number,
                                     c->title.count ? "　" : "");
    return prefixed(L, label, &c->title, NULL);
}

/* Pie slices take the palette in turn and are labelled; series need a colour each. */
static bool enough_colours(layouter *L, const rchart *c)
{
    size_t colours = L->t->chart.palette_count;
    if (c->kind == CHART_PIE || c->series <= colours)
        return true;
    diag_error(L->diags, c->pos, c->path,
               _("%zu series, but the template's palette has %zu colours that print apart in "
                 "black and white; draw at most %zu series, or give the template more colours "
                 "under chart.palette"),
               c->series, colours, colours);
    return false;
}

/* What a Figure reads in a chart's place: its caption, then each series'
 * values by category, as printed (图1 各乡镇资金：潇浦镇 1,250.50，…). */
static const char *chart_alt(layouter *L, const rchart *c)
{
    arena *a = L->diags->arena;
    rich_text caption = caption_of(L, c);
    const char *alt = rich_text_plain(a, &caption);
    if (c->unit.count)
        alt = arena_printf(a, "%s（%s）", alt, rich_text_plain(a, &c->unit));
    for (size_t s = 0; s < c->series; s++) {
        const char *name = c->series_names[s].count ? rich_text_plain(a, &c->series_names[s]) : "";
        alt = arena_printf(a, "%s%s%s%s", alt, s ? "；" : "：", name, *name ? "：" : "");
        for (size_t i = 0; i < c->categories; i++)
            alt = arena_printf(a, "%s%s%s %s", alt, i ? "，" : "",
                               rich_text_plain(a, &c->category_names[i]),
                               c->value_texts[s * c->categories + i]);
    }
    return arena_printf(a, "%s。", alt);
}

void add_chart(layouter *L, const rchart *c)
{
    if (!enough_colours(L, c))
        return;
    /* the chart is a Figure: its labels its content, its data its Alt text */
    size_t figure = open_node(L, STRUCT_FIGURE, 0);
    L->out->nodes[figure].alt = chart_alt(L, c);
    L->node = figure;
    const chart_style *style = &L->t->chart;
    float width = (float)style->width * L->width, x0 = L->left + (L->width - width) / 2;
    float height = (float)style->height;
    fragment whole = {0};
    chart_plot p = {.L = L};
    float y = 0;
    if (c->unit.count)
        y = put_text(&p, &whole, &c->unit, ROLE_CHART, x0, width, 0, ALIGN_START, black).y1 + 2;
    y += add_legend(&p, &whole, c, x0, width, y);
    if (c->kind == CHART_BAR)
        draw_bars(&p, c, x0, width, height);
    else if (c->kind == CHART_BARH)
        draw_barh(&p, c, x0, width, height);
    else if (c->kind == CHART_LINE)
        draw_lines(&p, c, x0, width, height);
    else
        draw_pie(&p, c, x0, width, height);
    float drawing_height = 0; /* what the drawing and its labels take */
    for (size_t i = 0; i < p.taken_count; i++)
        drawing_height = fmaxf(drawing_height, p.taken[i].y1);
    frag_merge(L, &whole, &p.frag, y - p.top);
    y += drawing_height - p.top + 6;
    /* its labels, unit and legend read in the order they are drawn, not as
     * the columns a reader ordering text by place would make of them */
    L->out->nodes[figure].actual_text = p.said;
    rich_text caption = caption_of(L, c);
    begin_node(L, STRUCT_CAPTION, 0); /* after the Figure, whose content is its marks */
    read_as_one_line(L, L->node, &caption);
    y = put_text(&p, &whole, &caption, ROLE_CHART_CAPTION, L->left, L->width, y, ALIGN_MIDDLE,
                 L->t->roles[ROLE_CHART_CAPTION].color)
            .y1;
    if (c->note.count) {
        begin_node(L, STRUCT_P, 0);
        fragment *lines;
        size_t n = set_note(L, &c->note, &lines);
        y = stack_lines(L, &whole, lines, n, y + 3);
    }
    whole.height = y;
    if (whole.height > L->top - L->bottom)
        diag_error(L->diags, c->pos, c->path,
                   _("the chart is taller than a page's text (%zu categories); draw fewer "
                     "categories, or split it into two charts"),
                   c->categories);
    /* the space before keeps a heading above with the chart */
    add_flow(L, (flow_item){.kind = FLOW_SPACE, .frag.height = 8, .keep_with_next = true});
    add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = whole});
    add_space(L, 12);
}
