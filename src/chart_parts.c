/* chart_parts: what every kind of chart is drawn with: labels placed where
 * nothing else stands, shapes (rectangles, lines, wedges), ticks at 1-2-5
 * steps written in Chinese number forms (1万, 1.5万), and the legend. */
#include "layout_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool boxes_meet(chart_box a, chart_box b)
{
    const float slack = 0.01f;
    return a.x0 < b.x1 - slack && b.x0 < a.x1 - slack && a.y0 < b.y1 - slack && b.y0 < a.y1 - slack;
}

void take_box(chart_plot *p, chart_box b)
{
    ARENA_PUSH(p->L->arena, p->taken, p->taken_count, p->taken_cap, b);
    if (b.y0 < p->top)
        p->top = b.y0;
}

/* Moves the box in `dir` (up, down, right or left) past everything it
 * meets, until it meets nothing. Each move passes one box, so it ends. */
chart_box free_place(const chart_plot *p, chart_box b, chart_move dir)
{
    for (bool moved = true; moved;) {
        moved = false;
        for (size_t i = 0; i < p->taken_count; i++) {
            const chart_box *t = &p->taken[i];
            if (!boxes_meet(b, *t))
                continue;
            float w = b.x1 - b.x0, h = b.y1 - b.y0, gap = 1;
            if (dir == MOVE_UP)
                b.y1 = t->y0 - gap, b.y0 = b.y1 - h;
            else if (dir == MOVE_DOWN)
                b.y0 = t->y1 + gap, b.y1 = b.y0 + h;
            else if (dir == MOVE_RIGHT)
                b.x0 = t->x1 + gap, b.x1 = b.x0 + w;
            else
                b.x1 = t->x0 - gap, b.x0 = b.x1 - w;
            moved = true;
        }
    }
    return b;
}

float label_width(layouter *L, const rich_text *t)
{
    return text_width(L, t, ROLE_CHART);
}

/* Sets text in lines of `width` from (x, y), aligned as said; the glyphs
 * take `colour`. Returns the box the lines take. */
chart_box put_text(chart_plot *p, fragment *into, const rich_text *t, role_id role, float x,
                   float width, float y, line_align align, colour colour)
{
    layouter *L = p->L;
    float pitch = (float)L->t->roles[role].pitch;
    const char *text = rich_text_plain(L->arena, t);
    p->said = p->said ? arena_printf(L->diags->arena, "%s\u3000%s", p->said, text)
                      : arena_strdup(L->diags->arena, text);
    fragment *lines;
    size_t n = set_text(L, t, role, &(text_box){x, width, 0, 0, pitch, align, false}, &lines);
    float left = x + width, right = x;
    for (size_t i = 0; i < n; i++) {
        for (size_t g = 0; g < lines[i].glyph_count; g++) {
            placed_glyph *gl = &lines[i].glyphs[g];
            gl->color = colour;
            left = fminf(left, gl->x), right = fmaxf(right, gl->x + gl->advance);
        }
        frag_merge(L, into, &lines[i], y + (float)i * pitch);
    }
    if (right < left)
        left = right = x;
    return (chart_box){left, y, right, y + (float)n * pitch};
}

/* One line of chart text with its left edge at x and its top at y. */
chart_box put_label(chart_plot *p, const rich_text *t, float x, float y, colour colour)
{
    return put_text(p, &p->frag, t, ROLE_CHART, x, label_width(p->L, t) + 1, y, ALIGN_START,
                    colour);
}

/* ---- shapes ------------------------------------------------------------------------ */

static path_segment point(path_op op, float x, float y)
{
    return (path_segment){op, {x, 0, 0}, {y, 0, 0}};
}

void add_rect(layouter *L, fragment *into, chart_box b, colour fill, float stroke_width)
{
    path_segment seg[] = {point(PATH_MOVE, b.x0, b.y0), point(PATH_LINE, b.x1, b.y0),
                          point(PATH_LINE, b.x1, b.y1), point(PATH_LINE, b.x0, b.y1),
                          point(PATH_CLOSE, 0, 0)};
    shape_box s = {seg, 5, true, fill, stroke_width, {COLOUR_GRAY, {0}}, 0};
    frag_shape(L, into, &s);
}

void add_polyline(chart_plot *p, const float *x, const float *y, size_t n, float width,
                  colour colour)
{
    path_segment *seg = arena_alloc(p->L->arena, (n + 1) * sizeof *seg);
    for (size_t i = 0; i < n; i++)
        seg[i] = point(i ? PATH_LINE : PATH_MOVE, x[i], y[i]);
    shape_box s = {seg, n, false, {COLOUR_GRAY, {0}}, width, colour, 0};
    frag_shape(p->L, &p->frag, &s);
}

/* A wedge from angle a0 to a1 (radians, counter-clockwise from 3 o'clock,
 * in the fragment's y-down frame), its arc as Bézier curves of at most a
 * quarter turn each. */
void add_wedge(chart_plot *p, float cx, float cy, float radius, double a0, double a1, colour fill,
               colour edge)
{
    size_t pieces = (size_t)ceil(fabs(a1 - a0) / (M_PI / 2) - 1e-9);
    if (!pieces)
        return;
    path_segment *seg = arena_alloc(p->L->arena, (pieces + 4) * sizeof *seg);
    size_t n = 0;
    float x0 = cx + radius * (float)cos(a0), y0 = cy - radius * (float)sin(a0);
    if (fabs(a1 - a0) >= 2 * M_PI - 1e-9) { /* the whole: a circle, no radius drawn */
        seg[n++] = point(PATH_MOVE, x0, y0);
    } else {
        seg[n++] = point(PATH_MOVE, cx, cy);
        seg[n++] = point(PATH_LINE, x0, y0);
    }
    double step = (a1 - a0) / (double)pieces, k = 4.0 / 3.0 * tan(step / 4);
    for (size_t i = 0; i < pieces; i++) {
        double s = a0 + step * (double)i, e = s + step;
        path_segment c = {PATH_CURVE, {0}, {0}};
        c.x[0] = cx + radius * (float)(cos(s) - k * sin(s));
        c.y[0] = cy - radius * (float)(sin(s) + k * cos(s));
        c.x[1] = cx + radius * (float)(cos(e) + k * sin(e));
        c.y[1] = cy - radius * (float)(sin(e) - k * cos(e));
        c.x[2] = cx + radius * (float)cos(e), c.y[2] = cy - radius * (float)sin(e);
        seg[n++] = c;
    }
    seg[n++] = point(PATH_CLOSE, 0, 0);
    shape_box s = {seg, n, true, fill, 0.75f, edge, 0};
    frag_shape(p->L, &p->frag, &s);
}

/* ---- the value axis ------------------------------------------------------------------ */

/* Ticks at 1, 2 or 5 times a power of ten, from lo to hi, covering the
 * values (and zero, where the axis must start from it). */
value_axis nice_axis(double lo, double hi)
{
    if (hi <= lo)
        hi = lo + 1;
    double raw = (hi - lo) / 5, power = pow(10, floor(log10(raw))), step = power;
    static const double steps[] = {1, 2, 5, 10};
    for (size_t i = 0; i < 4; i++)
        if (steps[i] * power >= raw * (1 - 1e-9)) {
            step = steps[i] * power;
            break;
        }
    value_axis a = {floor(lo / step + 1e-9) * step, ceil(hi / step - 1e-9) * step, step, false,
                    false};
    if (a.hi <= a.lo)
        a.hi = a.lo + step;
    return a;
}

size_t tick_count(const value_axis *axis)
{
    return (size_t)llround((axis->hi - axis->lo) / axis->step) + 1;
}

/* The k-th tick from the lowest, computed afresh rather than added up, so
 * that no rounding error gathers. */
double tick_value(const value_axis *axis, size_t k)
{
    return axis->lo + (double)k * axis->step;
}

/* A tick's number as Chinese statistics print it: 0, 500, 1万, 1.5万, 2亿,
 * with as many decimals as the step needs and no trailing zeros. */
const char *tick_text(arena *a, double v, const value_axis *axis)
{
    double top = fmax(fabs(axis->hi), fabs(axis->lo)), unit = 1;
    const char *word = "";
    /* counted in 万 already (单位：万元): ten thousand of them are 1亿 */
    const char *wan = axis->traditional ? "萬" : "万", *yi = axis->traditional ? "億" : "亿";
    if (axis->in_wan && top >= 1e4)
        unit = 1e4, word = yi;
    else if (!axis->in_wan && top >= 1e8)
        unit = 1e8, word = yi;
    else if (!axis->in_wan && top >= 1e4)
        unit = 1e4, word = wan;
    if (fabs(v) < axis->step * 1e-6)
        return "0";
    int decimals = 0;
    double step = axis->step / unit;
    while (decimals < 8 && fabs(step * pow(10, decimals) - round(step * pow(10, decimals))) > 1e-6)
        decimals++;
    double x = v / unit;
    if (fabs(x) >= 1e15) { /* beyond a double's digits: keep the 15 it holds */
        double place = pow(10, floor(log10(fabs(x))) - 14);
        x = round(x / place) * place;
    }
    char buf[512];
    snprintf(buf, sizeof buf, "%.*f", decimals, x);
    if (strchr(buf, '.')) {
        char *end = buf + strlen(buf) - 1;
        while (*end == '0')
            *end-- = 0;
        if (*end == '.')
            *end = 0;
    }
    return arena_printf(a, "%s%s", buf, word);
}

/* ---- the legend ------------------------------------------------------------------- */

/* Swatches and series names in rows centred across the chart; only charts
 * of several series have one. Returns its height. */
float add_legend(chart_plot *p, fragment *into, const rchart *c, float x0, float width, float y)
{
    layouter *L = p->L;
    if (c->series < 2)
        return 0;
    float pitch = (float)L->t->roles[ROLE_CHART].pitch, size = em(L, ROLE_CHART);
    float swatch = size * 0.8f, gap = size * 1.5f;
    float *w = arena_alloc(L->arena, c->series * sizeof *w);
    for (size_t s = 0; s < c->series; s++)
        w[s] = swatch + size * 0.3f + label_width(L, &c->series_names[s]);
    float row_y = y;
    for (size_t first = 0; first < c->series;) {
        size_t last = first;
        float row = w[first];
        while (last + 1 < c->series && row + gap + w[last + 1] <= width)
            row += gap + w[++last];
        float x = x0 + (width - row) / 2;
        for (size_t s = first; s <= last; s++) {
            float top = row_y + (pitch - swatch) / 2;
            add_rect(L, into, (chart_box){x, top, x + swatch, top + swatch}, chart_colour(L, s),
                     0.4f);
            rich_text name = c->series_names[s];
            put_text(p, into, &name, ROLE_CHART, x + swatch + size * 0.3f,
                     label_width(L, &name) + 1, row_y, ALIGN_START, (colour){COLOUR_GRAY, {0}});
            x += w[s] + gap;
        }
        row_y += pitch;
        first = last + 1;
    }
    return row_y - y + 4;
}

/* As the output prints it: the template's red (CMYK on press), other
 * colours converted for the press as text is. */
colour chart_colour(const layouter *L, size_t series)
{
    const chart_style *c = &L->t->chart;
    size_t at = series % c->palette_count;
    return c->palette_red[at] ? template_red(L->t) : template_ink(L->t, c->palette[at]);
}
