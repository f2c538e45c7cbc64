#include "pdf_internal.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <stdlib.h>

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

static const char *const tag_names[] = {"Document", "H1",    "H2", "H3", "H4", "P",      "L",
                                        "LI",       "Table", "TR", "TH", "TD", "Caption"};

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

int tags_open(pdf_tags *t, size_t page, size_t node, char *out)
{
    if (node == 0 || node >= t->doc->node_count)
        return sprintf(out, "/Artifact BMC\n");
    if (t->count == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 256;
        t->seqs = realloc(t->seqs, t->cap * sizeof *t->seqs);
    }
    size_t mcid = t->next_mcid[page]++;
    t->seqs[t->count++] = (marked){page, mcid, node};
    return sprintf(out, "/%s <</MCID %zu>> BDC\n", tag_names[t->doc->nodes[node].kind], mcid);
}

static HPDF_Dict new_indirect(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d)
        HPDF_Xref_Add(pdf->xref, d);
    return d;
}

/* Each element's kids: the elements under it, in order, then its marked
 * content (an element has one or the other). */
static void add_kids(HPDF_Doc pdf, const pdf_tags *t, HPDF_Dict *elems, HPDF_Page *pages)
{
    const laid_out *d = t->doc;
    HPDF_Array *kids = calloc(d->node_count, sizeof *kids);
    for (size_t n = 0; n < d->node_count; n++) {
        kids[n] = HPDF_Array_New(pdf->mmgr);
        HPDF_Dict_Add(elems[n], "K", kids[n]);
    }
    for (size_t n = 1; n < d->node_count; n++)
        HPDF_Array_Add(kids[d->nodes[n].parent], elems[n]);
    for (size_t i = 0; i < t->count; i++) {
        HPDF_Dict mcr = HPDF_Dict_New(pdf->mmgr);
        HPDF_Dict_AddName(mcr, "Type", "MCR");
        HPDF_Dict_Add(mcr, "Pg", pages[t->seqs[i].page]);
        HPDF_Dict_AddNumber(mcr, "MCID", (HPDF_INT32)t->seqs[i].mcid);
        HPDF_Array_Add(kids[t->seqs[i].node], mcr);
    }
    free(kids);
}

/* The parent tree: for each page (its /StructParents key), the element of
 * each MCID in order. */
static HPDF_Dict parent_tree(HPDF_Doc pdf, const pdf_tags *t, HPDF_Dict *elems, HPDF_Page *pages)
{
    const laid_out *d = t->doc;
    HPDF_Dict tree = new_indirect(pdf);
    HPDF_Array nums = HPDF_Array_New(pdf->mmgr);
    HPDF_Dict_Add(tree, "Nums", nums);
    HPDF_Array *per_page = calloc(d->page_count + 1, sizeof *per_page);
    for (size_t p = 0; p < d->page_count; p++) {
        per_page[p] = HPDF_Array_New(pdf->mmgr);
        HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
        HPDF_Array_Add(nums, per_page[p]);
        HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
    }
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
    }
    for (size_t n = 0; n < d->node_count; n++) {
        HPDF_Dict_Add(elems[n], "P", n ? elems[d->nodes[n].parent] : root);
        if (d->nodes[n].kind == STRUCT_TH) { /* a column's header cell */
            HPDF_Dict a = HPDF_Dict_New(pdf->mmgr);
            HPDF_Dict_AddName(a, "O", "Table");
            HPDF_Dict_AddName(a, "Scope", "Column");
            HPDF_Dict_Add(elems[n], "A", a);
        }
    }
    add_kids(pdf, t, elems, pages);
    HPDF_Dict_Add(root, "K", elems[0]);
    HPDF_Dict_Add(root, "ParentTree", parent_tree(pdf, t, elems, pages));
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)d->page_count);
    HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
    HPDF_Dict mark = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
    HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark);
    free(elems);
}
