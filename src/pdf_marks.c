#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_pages.h>
#include <stdio.h>

#include "pdf_internal.h"

#define MM(x) ((float)(x)*72.0f / 25.4f)

/* A print shop trims the sheet at the page's edges: 3 mm of bleed beyond
 * them, and crop marks starting beyond the bleed so that none is left on
 * the trimmed page nor printed into the bleed. */
static const float bleed = MM(3), mark_from = MM(3), mark_to = MM(8), media_margin = MM(10);

static HPDF_Array box(renderer *r, float x0, float y0, float x1, float y1)
{
    HPDF_Array a = HPDF_Array_New(r->pdf->mmgr);
    HPDF_Array_AddReal(a, x0);
    HPDF_Array_AddReal(a, y0);
    HPDF_Array_AddReal(a, x1);
    HPDF_Array_AddReal(a, y1);
    return a;
}

static HPDF_Array real_array(renderer *r, float value, int count)
{
    HPDF_Array a = HPDF_Array_New(r->pdf->mmgr);
    for (int i = 0; i < count; i++)
        HPDF_Array_AddReal(a, value);
    return a;
}

/* [/Separation /All /DeviceCMYK f]: a tint of All prints on every plate,
 * the colour crop marks take so that each plate can be trimmed by them. */
static HPDF_Array registration_colour(renderer *r)
{
    if (r->registration)
        return r->registration;
    HPDF_MMgr m = r->pdf->mmgr;
    HPDF_Dict tint = HPDF_Dict_New(m);
    HPDF_Dict_AddNumber(tint, "FunctionType", 2);
    HPDF_Array domain = HPDF_Array_New(m);
    HPDF_Array_AddNumber(domain, 0);
    HPDF_Array_AddNumber(domain, 1);
    HPDF_Dict_Add(tint, "Domain", domain);
    HPDF_Dict_Add(tint, "C0", real_array(r, 0, 4));
    HPDF_Dict_Add(tint, "C1", real_array(r, 1, 4));
    HPDF_Dict_AddNumber(tint, "N", 1);
    HPDF_Array space = HPDF_Array_New(m);
    HPDF_Array_AddName(space, "Separation");
    HPDF_Array_AddName(space, "All");
    HPDF_Array_AddName(space, "DeviceCMYK");
    HPDF_Array_Add(space, tint);
    if (HPDF_Xref_Add(r->pdf->xref, space) == HPDF_OK)
        r->registration = space;
    return r->registration;
}

static void add_colour_space(renderer *r, HPDF_Page page)
{
    HPDF_Dict resources = HPDF_Page_GetInheritableItem(page, "Resources", HPDF_OCLASS_DICT);
    if (!resources)
        return;
    HPDF_Dict spaces = HPDF_Dict_GetItem(resources, "ColorSpace", HPDF_OCLASS_DICT);
    if (!spaces) {
        spaces = HPDF_Dict_New(r->pdf->mmgr);
        HPDF_Dict_Add(resources, "ColorSpace", spaces);
    }
    HPDF_Dict_Add(spaces, "Registration", registration_colour(r));
}

static void put_line(HPDF_Stream out, float x0, float y0, float x1, float y1)
{
    char line[128], *p = line;
    put_number(&p, x0), *p++ = ' ', put_number(&p, y0), p += sprintf(p, " m ");
    put_number(&p, x1), *p++ = ' ', put_number(&p, y1), p += sprintf(p, " l S\n");
    HPDF_Stream_Write(out, (const HPDF_BYTE *)line, (HPDF_UINT)(p - line));
}

void add_crop_marks(renderer *r, HPDF_Page page)
{
    float w = r->doc->page_width, h = r->doc->page_height;
    HPDF_Dict_Add(page, "MediaBox",
                  box(r, -media_margin, -media_margin, w + media_margin, h + media_margin));
    HPDF_Dict_Add(page, "BleedBox", box(r, -bleed, -bleed, w + bleed, h + bleed));
    HPDF_Dict_Add(page, "TrimBox", box(r, 0, 0, w, h));
    add_colour_space(r, page);
    HPDF_Stream out = ((HPDF_PageAttr)page->attr)->stream;
    HPDF_Stream_WriteStr(out, "/Artifact BMC\nq\n/Registration CS 1 SCN 0.25 w 0 J\n");
    const float xs[2] = {0, w}, ys[2] = {0, h}, out_x[2] = {-1, 1}, out_y[2] = {-1, 1};
    for (int i = 0; i < 2; i++)
        for (int k = 0; k < 2; k++) {
            float x = xs[i], y = ys[k], dx = out_x[i], dy = out_y[k];
            put_line(out, x + dx * mark_from, y, x + dx * mark_to, y);
            put_line(out, x, y + dy * mark_from, x, y + dy * mark_to);
        }
    HPDF_Stream_WriteStr(out, "Q\nEMC\n");
}
