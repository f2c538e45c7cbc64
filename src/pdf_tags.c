#include "pdf_internal.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* One marked-content sequence: its page and MCID, and its element. */
typedef struct marked {
    size_t page, mcid, node;
} marked;

struct pdf_tags {
    const laid_out *doc;
    marked *seqs;
    size_t count, cap;
    size_t *next_mcid; /* per page */
};

static const char *const tag_names[] = {"Document", "H1", "H2",      "H3",     "H4",
                                        "P",        "L",  "LI",      "Table",  "TR",
                                        "TH",       "TD", "Caption", "Figure", "Title"};

pdf_tags *tags_new(const laid_out *doc)
{
    pdf_tags *t = calloc(1, sizeof *t);
    t->doc = doc;
    t->next_mcid = calloc(doc->page_count + 1, sizeof *t->next_mcid);
    return t;
}

void tags_free(pdf_tags *t)
{
    if (!t)
        return;
    free(t->seqs);
    free(t->next_mcid);
    free(t);
}

/* A string as a PDF hex string of UTF-16BE, marked by its byte order mark. */
static void put_utf16(HPDF_Stream out, const char *text)
{
    HPDF_Stream_WriteStr(out, "<FEFF");
    size_t len = strlen(text);
    for (size_t at = 0, n; at < len; at += n ? n : 1) {
        uint32_t cp = 0xFFFD;
        n = utf8_decode(text + at, len - at, &cp);
        char hex[9];
        utf16_hex(cp, hex);
        HPDF_Stream_WriteStr(out, hex);
    }
    HPDF_Stream_WriteStr(out, ">");
}

void tags_open(pdf_tags *t, size_t page, size_t node, bool text, HPDF_Stream out)
{
    if (node == 0 || node >= t->doc->node_count) {
        HPDF_Stream_WriteStr(out, "/Artifact BMC\n");
        return;
    }
    if (t->count == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->seqs = realloc(t->seqs, t->cap * sizeof *t->seqs);
    }
    size_t mcid = t->next_mcid[page]++;
    t->seqs[t->count++] = (marked){page, mcid, node};
    char head[64];
    snprintf(head, sizeof head, "/%s <</MCID %zu>> BDC\n", tag_names[t->doc->nodes[node].kind],
             mcid);
    HPDF_Stream_WriteStr(out, head);
    /* poppler takes ActualText from a Span only */
    if (text && t->doc->nodes[node].actual_text)
        tags_open_wrapper(t, node, out);
}

bool tags_spanned(const pdf_tags *t, size_t node)
{
    return node > 0 && node < t->doc->node_count && t->doc->nodes[node].actual_text;
}

size_t tags_wrapper(const pdf_tags *t, size_t node)
{
    if (node == 0 || node >= t->doc->node_count || t->doc->nodes[node].actual_text)
        return 0;
    size_t parent = t->doc->nodes[node].parent;
    return parent && t->doc->nodes[parent].actual_text ? parent : 0;
}

void tags_open_wrapper(const pdf_tags *t, size_t wrapper, HPDF_Stream out)
{
    HPDF_Stream_WriteStr(out, "/Span <</ActualText ");
    put_utf16(out, t->doc->nodes[wrapper].actual_text);
    HPDF_Stream_WriteStr(out, ">> BDC\n");
}

void tags_close(const pdf_tags *t, size_t node, bool text, HPDF_Stream out)
{
    HPDF_Stream_WriteStr(out, text && tags_spanned(t, node) ? "EMC\nEMC\n" : "EMC\n");
}

static HPDF_Dict new_indirect(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d)
        HPDF_Xref_Add(pdf->xref, d);
    return d;
}

/* PDF 1.4 and PDF/A-1 allow arrays of 8,191 entries: an element with more
 * kids holds them in groups (TBody in a table, Div elsewhere), and a parent
 * tree of more pages is split into kids of its own. */
enum { MOST_KIDS = 8000 };

/* Each element's kids: the elements under it, in order, then its marked
 * content (an element has one or the other). */
static void add_kids(HPDF_Doc pdf, const pdf_tags *t, HPDF_Dict *elems, HPDF_Page *pages)
{
    const laid_out *d = t->doc;
    HPDF_Array *kids = calloc(d->node_count, sizeof *kids);
    HPDF_Array *group = calloc(d->node_count, sizeof *group); /* the open group's kids */
    HPDF_Dict *group_elem = calloc(d->node_count, sizeof *group_elem);
    size_t *kid_count = calloc(d->node_count, sizeof *kid_count);
    size_t *in_group = calloc(d->node_count, sizeof *in_group);
    for (size_t n = 0; n < d->node_count; n++) {
        kids[n] = HPDF_Array_New(pdf->mmgr);
        HPDF_Dict_Add(elems[n], "K", kids[n]);
        if (n)
            kid_count[d->nodes[n].parent]++;
    }
    for (size_t n = 1; n < d->node_count; n++) {
        size_t parent = d->nodes[n].parent;
        if (kid_count[parent] <= MOST_KIDS || d->nodes[n].kind == STRUCT_CAPTION) {
            HPDF_Array_Add(kids[parent], elems[n]);
            HPDF_Dict_Add(elems[n], "P", elems[parent]);
            continue;
        }
        if (!group[parent] || in_group[parent] == MOST_KIDS) {
            HPDF_Dict g = new_indirect(pdf);
            HPDF_Dict_AddName(g, "Type", "StructElem");
            HPDF_Dict_AddName(g, "S", d->nodes[parent].kind == STRUCT_TABLE ? "TBody" : "Div");
            HPDF_Dict_Add(g, "P", elems[parent]);
            group[parent] = HPDF_Array_New(pdf->mmgr);
            HPDF_Dict_Add(g, "K", group[parent]);
            HPDF_Array_Add(kids[parent], g);
            group_elem[parent] = g, in_group[parent] = 0;
        }
        HPDF_Array_Add(group[parent], elems[n]);
        HPDF_Dict_Add(elems[n], "P", group_elem[parent]);
        in_group[parent]++;
    }
    /* an element on one page names it once (/Pg) and lists bare MCIDs: a
     * dense table has a million cells, and a reference each is memory */
    size_t *page_of = malloc((d->node_count + 1) * sizeof *page_of);
    for (size_t n = 0; n < d->node_count; n++)
        page_of[n] = (size_t)-1;
    for (size_t i = 0; i < t->count; i++) {
        size_t n = t->seqs[i].node;
        page_of[n] = page_of[n] == (size_t)-1 || page_of[n] == t->seqs[i].page ? t->seqs[i].page
                                                                               : (size_t)-2;
    }
    for (size_t n = 0; n < d->node_count; n++)
        if (page_of[n] < d->page_count)
            HPDF_Dict_Add(elems[n], "Pg", pages[page_of[n]]);
    for (size_t i = 0; i < t->count; i++) {
        const marked *m = &t->seqs[i];
        if (page_of[m->node] < d->page_count) {
            HPDF_Array_AddNumber(kids[m->node], (HPDF_INT32)m->mcid);
            continue;
        }
        HPDF_Dict mcr = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_AddName(mcr, "Type", "MCR");
        HPDF_Dict_Add(mcr, "Pg", pages[m->page]);
        HPDF_Dict_AddNumber(mcr, "MCID", (HPDF_INT32)m->mcid);
        HPDF_Array_Add(kids[m->node], mcr);
    }
    free(page_of);
    free(kids), free(group), free(group_elem), free(kid_count), free(in_group);
}

/* The parent tree: for each page (its /StructParents key), the element of
 * each MCID in order; in kids of at most MOST_KIDS / 2 pages. */
static HPDF_Dict parent_tree(HPDF_Doc pdf, const pdf_tags *t, HPDF_Dict *elems, HPDF_Page *pages)
{
    const laid_out *d = t->doc;
    HPDF_Dict tree = new_indirect(pdf);
    HPDF_Array nums = NULL, kids = d->page_count > MOST_KIDS / 2 ? HPDF_Array_New(pdf->mmgr) : NULL;
    HPDF_Array *per_page = calloc(d->page_count + 1, sizeof *per_page);
    size_t span = MOST_KIDS / 2;
    for (size_t p = 0; p < d->page_count; p++) {
        if (p % span == 0) {
            HPDF_Dict kid = d->page_count > span ? new_indirect(pdf) : tree;
            nums = HPDF_Array_New(pdf->mmgr);
            HPDF_Dict_Add(kid, "Nums", nums);
            if (kid != tree) {
                size_t last = p + span < d->page_count ? p + span - 1 : d->page_count - 1;
                HPDF_Array limits = HPDF_Array_New(pdf->mmgr);
                HPDF_Array_AddNumber(limits, (HPDF_INT32)p);
                HPDF_Array_AddNumber(limits, (HPDF_INT32)last);
                HPDF_Dict_Add(kid, "Limits", limits);
                HPDF_Array_Add(kids, kid);
            }
        }
        per_page[p] = HPDF_Array_New(pdf->mmgr);
        HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
        HPDF_Array_Add(nums, per_page[p]);
        HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
    }
    if (d->page_count > span)
        HPDF_Dict_Add(tree, "Kids", kids);
    /* sequences were opened page by page in MCID order */
    for (size_t i = 0; i < t->count; i++)
        HPDF_Array_Add(per_page[t->seqs[i].page], elems[t->seqs[i].node]);
    free(per_page);
    return tree;
}

void tags_finish(pdf_tags *t, HPDF_Doc pdf, HPDF_Page *pages)
{
    const laid_out *d = t->doc;
    if (!d->node_count)
        return;
    HPDF_Dict root = new_indirect(pdf);
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    HPDF_Dict *elems = calloc(d->node_count, sizeof *elems);
    for (size_t n = 0; n < d->node_count; n++) {
        elems[n] = new_indirect(pdf);
        HPDF_Dict_AddName(elems[n], "Type", "StructElem");
        HPDF_Dict_AddName(elems[n], "S", tag_names[d->nodes[n].kind]);
        if (d->nodes[n].alt)
            HPDF_Dict_Add(elems[n], "Alt", pdf_text_string(pdf, d->nodes[n].alt));
    }
    HPDF_Dict_Add(elems[0], "P", root);
    for (size_t n = 0; n < d->node_count; n++) {
        if (d->nodes[n].kind == STRUCT_TH) { /* a column's header cell */
            HPDF_Dict a = HPDF_Dict_New(pdf->mmgr);
            HPDF_Dict_AddName(a, "O", "Table");
            HPDF_Dict_AddName(a, "Scope", "Column");
            HPDF_Dict_Add(elems[n], "A", a);
        }
    }
    add_kids(pdf, t, elems, pages);
    HPDF_Dict_Add(root, "K", elems[0]);
    /* Title is PDF 2.0's; a PDF 1.x reader (and PDF/A-1) needs it mapped to a
     * standard type: the title is the document's top heading */
    HPDF_Dict role_map = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddName(role_map, "Title", "H1");
    HPDF_Dict_Add(root, "RoleMap", role_map);
    HPDF_Dict_Add(root, "ParentTree", parent_tree(pdf, t, elems, pages));
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)d->page_count);
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict mark = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark);
    free(elems);
}
