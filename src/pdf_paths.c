/* pdf_paths: the shapes of a page (bars, lines, wedges) as path operators,
 * each filled and stroked in its own device colour. */
#include "pdf_internal.h"

#include <hpdf_pages.h>
#include <stdio.h>

static void trace(HPDF_Page page, const shape_box *s)
{
    for (size_t i = 0; i < s->segment_count; i++) {
        const path_segment *p = &s->segments[i];
        switch (p->op) {
        case PATH_MOVE:
            HPDF_Page_MoveTo(page, p->x[0], p->y[0]);
            break;
        case PATH_LINE:
            HPDF_Page_LineTo(page, p->x[0], p->y[0]);
            break;
        case PATH_CURVE:
            HPDF_Page_CurveTo(page, p->x[0], p->y[0], p->x[1], p->y[1], p->x[2], p->y[2]);
            break;
        case PATH_CLOSE:
            HPDF_Page_ClosePath(page);
            break;
        }
    }
}

static void set_colours(HPDF_Page page, const shape_box *s)
{
    char op[192], *p = op;
    if (s->filled)
        put_colour(&p, s->fill, false);
    if (s->stroke_width > 0)
        put_colour(&p, s->stroke, true);
    HPDF_Stream_Write(((HPDF_PageAttr)page->attr)->stream, (const HPDF_BYTE *)op,
                      (HPDF_UINT)(p - op));
}

void draw_shapes(renderer *r, HPDF_Page page, size_t page_index)
{
    const page_box *pg = &r->doc->pages[page_index];
    if (!pg->shape_count)
        return;
    HPDF_Stream out = ((HPDF_PageAttr)page->attr)->stream;
    size_t node = (size_t)-1; /* the element whose marked content is open */
    HPDF_Page_GSave(page);    /* the text after them starts from black again */
    /* lines of values meet at their points without spikes */
    HPDF_Page_SetLineCap(page, HPDF_BUTT_END);
    HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
    for (size_t i = 0; i < pg->shape_count; i++) {
        const shape_box *s = &pg->shapes[i];
        if (!s->segment_count || (!s->filled && s->stroke_width <= 0))
            continue;
        if (s->node != node) { /* a chart's shapes are its Figure's content */
            if (node != (size_t)-1)
                tags_close(r->tags, node, false, out);
            tags_open(r->tags, page_index, s->node, false, out);
            node = s->node;
        }
        if (s->stroke_width > 0)
            HPDF_Page_SetLineWidth(page, s->stroke_width);
        set_colours(page, s);
        trace(page, s);
        if (s->filled && s->stroke_width > 0)
            HPDF_Page_FillStroke(page);
        else if (s->filled)
            HPDF_Page_Fill(page);
        else
            HPDF_Page_Stroke(page);
    }
    if (node != (size_t)-1)
        tags_close(r->tags, node, false, out);
    HPDF_Page_GRestore(page);
}
