/* flow: fragments (pieces of a page placed whole) and the flow, the list of
 * fragments and spaces that pagination cuts into pages. */
#include "layout_internal.h"

#include "i18n.h"

void frag_rule(layouter *L, fragment *f, float x0, float y0, float x1, float y1, float width,
               colour color)
{
    rule_box r = {x0, y0, x1, y1, width, color};
    ARENA_PUSH(L->arena, f->rules, f->rule_count, f->rule_cap, r);
}

shape_box moved_shape(layouter *L, const shape_box *s, float by, bool flip)
{
    shape_box out = *s;
    out.segments = arena_alloc(L->arena, (s->segment_count + 1) * sizeof *out.segments);
    for (size_t i = 0; i < s->segment_count; i++) {
        out.segments[i] = s->segments[i];
        for (int k = 0; k < 3; k++)
            out.segments[i].y[k] = flip ? by - s->segments[i].y[k] : s->segments[i].y[k] + by;
    }
    return out;
}

void frag_shape(layouter *L, fragment *f, const shape_box *shape)
{
    shape_box copy = moved_shape(L, shape, 0, false);
    copy.node = L->node;
    ARENA_PUSH(L->arena, f->shapes, f->shape_count, f->shape_cap, copy);
}

void frag_merge(layouter *L, fragment *into, const fragment *from, float dy)
{
    for (size_t i = 0; i < from->glyph_count; i++) {
        placed_glyph g = from->glyphs[i];
        g.y += dy;
        ARENA_PUSH(L->arena, into->glyphs, into->glyph_count, into->glyph_cap, g);
    }
    for (size_t i = 0; i < from->rule_count; i++) {
        rule_box r = from->rules[i];
        r.y0 += dy, r.y1 += dy;
        ARENA_PUSH(L->arena, into->rules, into->rule_count, into->rule_cap, r);
    }
    for (size_t i = 0; i < from->shape_count; i++) {
        shape_box s = moved_shape(L, &from->shapes[i], dy, false);
        ARENA_PUSH(L->arena, into->shapes, into->shape_count, into->shape_cap, s);
    }
}

flow_item *add_flow(layouter *L, flow_item it)
{
    ARENA_PUSH(L->arena, L->flow, L->flow_count, L->flow_cap, it);
    return &L->flow[L->flow_count - 1];
}

bool beyond_page_bound(layouter *L)
{
    /* Fragments need at least their height over the text block's in pages
     * (one taller than a page takes one), so a bulletin that cannot fit stops
     * here, before it takes the memory of all its pages. */
    float room = L->top - L->bottom;
    for (; L->flow_measured < L->flow_count; L->flow_measured++) {
        const flow_item *it = &L->flow[L->flow_measured];
        if (it->kind == FLOW_FRAGMENT)
            L->flow_height += it->frag.height < room ? it->frag.height : room;
    }
    /* paginate lets a page run 0.01 pt over its room */
    if (!L->max_pages || L->flow_height <= (double)L->max_pages * (room + 0.01))
        return false;
    if (!L->diags->stop)
        diag_error(L->diags, (source_pos){0}, NULL,
                   _("the bulletin runs to more than %zu pages; raise the bound with "
                     "--limit pages=N"),
                   L->max_pages);
    L->diags->stop = true;
    return true;
}

void add_space(layouter *L, float height)
{
    add_flow(L, (flow_item){.kind = FLOW_SPACE, .frag.height = height});
}

/* Adds a paragraph's lines to the flow; the first two and the last two lines
 * keep together, so that no single line is left alone at a page's foot or head. */
void add_lines(layouter *L, fragment *lines, size_t count, bool keep_all)
{
    for (size_t i = 0; i < count; i++) {
        flow_item *it = add_flow(L, (flow_item){.kind = FLOW_FRAGMENT, .frag = lines[i]});
        it->keep_with_next = keep_all || (i + 1 < count && (i == 0 || i + 2 == count));
    }
}

/* Lines merged into frag one under the other from y; returns where they end. */
float stack_lines(layouter *L, fragment *frag, const fragment *lines, size_t n, float y)
{
    for (size_t i = 0; i < n; i++, y += lines[i - 1].height)
        frag_merge(L, frag, &lines[i], y);
    return y;
}
