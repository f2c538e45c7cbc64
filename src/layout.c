/* layout: the stage's entry (layout.h); runs its parts (layout_internal.h) in
 * order: the flow from the bulletin, pages from the flow, then furniture. */
#include "layout_internal.h"

#include "i18n.h"

static void build_flow(layouter *L)
{
    const bulletin *b = L->b;
    add_front(L);
    add_blocks(L);
    if (b->has_distribution && L->t->closing != CLOSING_NONE)
        add_distribution(L);
    else if (b->has_distribution) {
        const rich_text *first = b->report_to.count ? &b->report_to
                                 : b->copy_to.count ? &b->copy_to
                                 : b->send_to.count ? &b->send_to
                                                    : &b->printed_by;
        warn_left_out(L, first, N_("distribution block"));
    }
}

laid_out *layout_bulletin(const bulletin *b, const page_template *t, size_t max_pages,
                          diag_list *diags)
{
    layouter L = {.arena = diags->arena,
                  .diags = diags,
                  .b = b,
                  .t = t,
                  .lang = b->traditional ? 1 : 0,
                  .max_pages = max_pages};
    L.left = (float)t->margin_left;
    L.width = (float)(t->page_width - t->margin_left - t->margin_right);
    L.top = (float)(t->page_height - t->margin_top);
    L.out = arena_alloc(L.arena, sizeof *L.out);
    L.bottom = (float)t->margin_bottom + footer_height(&L);
    open_node(&L, STRUCT_DOCUMENT, 0);
    if (t->grid_lines && t->grid_chars) {
        L.grid_advance = L.width / (float)t->grid_chars;
        L.grid_pitch =
            (float)(t->page_height - t->margin_top - t->margin_bottom) / (float)t->grid_lines;
    }
    /* The flow lives in an arena of its own: once its fragments are copied
     * onto pages it is freed, before the PDF is written. */
    arena flow_arena;
    arena_init(&flow_arena);
    L.arena = &flow_arena;
    check_footer(&L);
    build_flow(&L);
    L.arena = diags->arena;
    if (!diags->errors)
        paginate(&L);
    arena_free(&flow_arena);
    laid_out *o = L.out;
    if (diags->errors)
        return NULL;
    if (max_pages && o->page_count > max_pages) {
        diag_error(diags, (source_pos){0}, NULL,
                   _("the bulletin runs to %zu pages, more than %zu; raise the bound with "
                     "--limit pages=N"),
                   o->page_count, max_pages);
        return NULL;
    }
    L.node = 0; /* footer lines and page numbers are furniture */
    for (size_t i = 0; i < o->page_count; i++)
        furnish(&L, &o->pages[i], i + 1, o->page_count);
    o->page_width = (float)t->page_width;
    o->page_height = (float)t->page_height;
    o->title = b->info_title;
    o->author = b->info_author;
    o->subject = b->info_subject;
    o->lang = b->traditional ? "zh-TW" : "zh-CN";
    o->year = b->year, o->month = b->month, o->day = b->day;
    return o;
}
