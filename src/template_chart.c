/* template_chart: the `chart` key of a template: the size of charts and the
 * palette of their series, which must stay apart in black and white. */
#include "template_values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "load.h"

static void read_width(reader *r, const tree_node *n)
{
    char *end;
    double v = n->kind == NODE_SCALAR ? strtod(n->value, &end) : 0;
    if (n->kind != NODE_SCALAR || end == n->value || strcmp(end, "%") != 0 || !(v >= 30) ||
        v > 100) {
        diag_error(r->diags, n->pos, "chart.width",
                   _("expected a share of the text block's width from 30%% to 100%%, such as "
                     "90%%"));
        return;
    }
    r->t->chart.width = v / 100;
}

static void read_palette(reader *r, const tree_node *n)
{
    if (!want(r, n, NODE_SEQUENCE, "chart.palette", _("a list of colours (#RRGGBB or red)")))
        return;
    if (!n->count || n->count > MAX_PALETTE) {
        diag_error(r->diags, n->pos, "chart.palette",
                   _("a palette holds 1 to %d colours, one for each series"), MAX_PALETTE);
        return;
    }
    chart_style *c = &r->t->chart;
    c->palette_count = n->count;
    for (size_t i = 0; i < n->count; i++) {
        const char *path = arena_printf(r->diags->arena, "chart.palette[%zu]", i);
        c->palette_red[i] = n->items[i]->kind == NODE_SCALAR && !strcmp(n->items[i]->value, "red");
        colour_value(r, n->items[i], path, &c->palette[i]);
    }
    r->palette_at = n->pos;
}

void read_chart(reader *r, const tree_node *n)
{
    static const char *const keys[] = {"width", "height", "palette"};
    if (!want(r, n, NODE_MAPPING, "chart", _("a mapping {width, height, palette}")))
        return;
    report_unknown_keys(r->diags, n, "chart", keys, COUNT(keys));
    const tree_node *v;
    if ((v = get(n, "width")))
        read_width(r, v);
    double height;
    if ((v = get(n, "height")) && length_value(r, v, "chart.height", true, &height)) {
        if (height < MM(30))
            diag_error(r->diags, v->pos, "chart.height",
                       _("a chart needs 30 mm or more to be read; write 30 or more"));
        else
            r->t->chart.height = height;
    }
    if ((v = get(n, "palette")))
        read_palette(r, v);
}

void settle_palette(reader *r)
{
    chart_style *c = &r->t->chart;
    for (size_t i = 0; i < c->palette_count; i++)
        if (c->palette_red[i])
            c->palette[i] = r->t->red;
    for (size_t i = 0; i < c->palette_count; i++)
        for (size_t k = i + 1; k < c->palette_count; k++) {
            double a = grey_of(c->palette[i]), b = grey_of(c->palette[k]);
            if (a - b < PALETTE_GREY_STEP && b - a < PALETTE_GREY_STEP) {
                diag_error(r->diags, r->palette_at, "chart.palette",
                           _("colours %zu and %zu print as greys of %.0f%% and %.0f%% in black "
                             "and white, less than %.0f%% apart; choose one lighter or darker"),
                           i + 1, k + 1, a * 100, b * 100, PALETTE_GREY_STEP * 100);
                return;
            }
        }
}
