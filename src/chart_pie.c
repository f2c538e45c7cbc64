/* chart_pie: a pie: slices clockwise from 12 o'clock in the order given,
 * each labelled with its name, value and share; a label goes inside its
 * slice when it fits there whole, otherwise outside with a leader line,
 * the outside labels of each side kept apart and clear of the circle. */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>

static const colour black = {COLOUR_GRAY, {0}}, white = {COLOUR_GRAY, {1}},
                    leader_grey = {COLOUR_GRAY, {0.4f}};

typedef struct slice {
    double a0, a1; /* radians, a0 > a1: clockwise */
    rich_text name, figure;
    float width; /* of the wider of its two lines */
    chart_box box;
    bool inside;
} slice;

/* Whether the point lies inside the slice and well within the circle. */
static bool point_in_slice(const slice *s, float cx, float cy, float radius, float x, float y)
{
    float dx = x - cx, dy = cy - y;
    if (dx * dx + dy * dy > radius * radius * 0.85f)
        return false;
    double phi = atan2(dy, dx), turn = 2 * M_PI;
    double from_start = fmod(fmod(s->a0 - phi, turn) + turn, turn);
    return s->a0 - s->a1 >= turn - 1e-9 || from_start <= s->a0 - s->a1;
}

static bool fits_inside(const slice *s, chart_box b, float cx, float cy, float radius)
{
    return point_in_slice(s, cx, cy, radius, b.x0, b.y0) &&
           point_in_slice(s, cx, cy, radius, b.x1, b.y0) &&
           point_in_slice(s, cx, cy, radius, b.x0, b.y1) &&
           point_in_slice(s, cx, cy, radius, b.x1, b.y1);
}

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Pushes a box sideways until no part of it is within the circle. */
static chart_box clear_of_circle(chart_box b, float cx, float cy, float radius, bool right)
{
    for (int i = 0; i < 1000; i++) {
        float nx = clampf(cx, b.x0, b.x1) - cx, ny = clampf(cy, b.y0, b.y1) - cy;
        if (nx * nx + ny * ny >= (radius + 3) * (radius + 3))
            break;
        float step = right ? 2 : -2;
        b.x0 += step, b.x1 += step;
    }
    return b;
}

static int by_top(const void *a, const void *b)
{
    const slice *x = *(slice *const *)a, *y = *(slice *const *)b;
    return (x->box.y0 > y->box.y0) - (x->box.y0 < y->box.y0);
}

/* The outside labels of one side, top to bottom, each below the last. */
static void spread(layouter *L, slice *slices, size_t n, bool right, float cx, float cy,
                   float radius)
{
    slice **side = arena_alloc(L->arena, (n + 1) * sizeof *side);
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (!slices[i].inside && (slices[i].box.x0 >= cx) == right)
            side[count++] = &slices[i];
    qsort(side, count, sizeof *side, by_top);
    for (size_t i = 1; i < count; i++) {
        float below = side[i - 1]->box.y1 + 1;
        if (side[i]->box.y0 < below) {
            float h = side[i]->box.y1 - side[i]->box.y0;
            side[i]->box.y0 = below, side[i]->box.y1 = below + h;
        }
    }
    for (size_t i = 0; i < count; i++)
        side[i]->box = clear_of_circle(side[i]->box, cx, cy, radius, right);
}

static void place_outside(slice *s, float cx, float cy, float radius, float pitch)
{
    double mid = (s->a0 + s->a1) / 2;
    float ax = cx + (radius + 10) * (float)cos(mid), ay = cy - (radius + 10) * (float)sin(mid);
    bool right = cos(mid) >= 0;
    float x0 = right ? ax + 2 : ax - 2 - s->width;
    s->box = (chart_box){x0, ay - pitch, x0 + s->width, ay + pitch};
}

static void leader(chart_plot *p, const slice *s, float cx, float cy, float radius)
{
    double mid = (s->a0 + s->a1) / 2;
    bool right = s->box.x0 >= cx;
    float xs[3] = {cx + radius * (float)cos(mid), cx + (radius + 6) * (float)cos(mid),
                   right ? s->box.x0 - 1 : s->box.x1 + 1};
    float ys[3] = {cy - radius * (float)sin(mid), cy - (radius + 6) * (float)sin(mid),
                   (s->box.y0 + s->box.y1) / 2};
    add_polyline(p, xs, ys, 3, 0.5f, leader_grey);
}

static slice *make_slices(layouter *L, const rchart *c)
{
    slice *slices = arena_alloc(L->arena, (c->categories + 1) * sizeof *slices);
    double total = 0, at = M_PI / 2;
    for (size_t i = 0; i < c->categories; i++)
        total += c->values[i];
    for (size_t i = 0; i < c->categories; i++) {
        slice *s = &slices[i];
        s->a0 = at;
        at -= c->values[i] / total * 2 * M_PI;
        s->a1 = at;
        s->name = c->category_names[i];
        s->figure =
            plain_text(L, arena_printf(L->arena, "%s（%s）", c->value_texts[i], c->shares[i]));
        s->width = fmaxf(label_width(L, &s->name), label_width(L, &s->figure)) + 1;
    }
    return slices;
}

void draw_pie(chart_plot *p, const rchart *c, float x0, float width, float height)
{
    layouter *L = p->L;
    float pitch = (float)L->t->roles[ROLE_CHART].pitch;
    slice *slices = make_slices(L, c);
    float widest = 0;
    for (size_t i = 0; i < c->categories; i++)
        widest = fmaxf(widest, slices[i].width);
    float radius = fminf(height / 2 - pitch, (width - 2 * (widest + 16)) / 2);
    radius = fmaxf(radius, 30);
    float cx = x0 + width / 2, cy = height / 2;
    for (size_t i = 0; i < c->categories; i++) {
        slice *s = &slices[i];
        if (s->a0 > s->a1)
            add_wedge(p, cx, cy, radius, s->a0, s->a1, chart_colour(L, i), white);
        double mid = (s->a0 + s->a1) / 2;
        /* inside, at the first distance from the centre where the label fits whole */
        bool whole = s->a0 - s->a1 >= 2 * M_PI - 1e-9; /* its label in the middle */
        for (float at = whole ? 0 : 0.7f; at > (whole ? -0.01f : 0.25f) && !s->inside;
             at -= 0.05f) {
            float lx = cx + radius * at * (float)cos(mid), ly = cy - radius * at * (float)sin(mid);
            s->box = (chart_box){lx - s->width / 2, ly - pitch, lx + s->width / 2, ly + pitch};
            s->inside = fits_inside(s, s->box, cx, cy, radius);
        }
        if (!s->inside)
            place_outside(s, cx, cy, radius, pitch);
    }
    spread(L, slices, c->categories, true, cx, cy, radius);
    spread(L, slices, c->categories, false, cx, cy, radius);
    take_box(p, (chart_box){cx - radius, cy - radius, cx + radius, cy + radius});
    for (size_t i = 0; i < c->categories; i++) {
        slice *s = &slices[i];
        colour ink = s->inside && grey_of(chart_colour(L, i)) < 0.5 ? white : black;
        if (!s->inside)
            leader(p, s, cx, cy, radius);
        line_align align = s->inside ? ALIGN_MIDDLE : s->box.x0 >= cx ? ALIGN_START : ALIGN_END;
        put_text(p, &p->frag, &s->name, ROLE_CHART, s->box.x0, s->width, s->box.y0, align, ink);
        put_text(p, &p->frag, &s->figure, ROLE_CHART, s->box.x0, s->width, s->box.y0 + pitch, align,
                 ink);
        take_box(p, s->box);
    }
}
