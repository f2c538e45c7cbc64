/* Prints, one per line, every text of a bulletin as `resolve` will have it
 * printed: the reference the end-to-end tests compare the PDF's text with.
 * Lines start with a tag: F for footer lines (on every page), D for the
 * distribution block, T for the rest (in reading order). */
#include <stdio.h>
#include <stdlib.h>

#include "../src/load.h"
#include "../src/pipeline.h"
#include "../src/resolve.h"

static void put(arena *a, char tag, const rich_text *t)
{
    if (!t->count)
        return;
    const char *s = rich_text_plain(a, t);
    printf("%c ", tag);
    for (; *s; s++)
        putchar(*s == '\n' ? ' ' : *s);
    putchar('\n');
}

static void put_table(arena *a, const rtable *t)
{
    put(a, 'T', &t->title);
    for (size_t i = 0; i < t->header_rows * t->columns; i++)
        if (!t->header[i].covered_from_above) /* merged into the cell above: printed once */
            put(a, 'T', &t->header[i].text);
    for (size_t i = 0; i < t->body_rows * t->columns; i++)
        put(a, 'T', &t->body[i].text);
    put(a, 'T', &t->note);
}

static void put_plain(const char *s)
{
    printf("T %s\n", s);
}

/* A chart's texts in the order it draws them: the unit line, the legend
 * (several series), the categories and the values series by series (a
 * pie: each slice's name, value and share), the caption's title, the note.
 * Tick labels are the layout's own and are not listed. */
static void put_chart(arena *a, const rchart *c)
{
    put(a, 'T', &c->unit);
    if (c->kind == CHART_PIE) {
        for (size_t i = 0; i < c->categories; i++) {
            put(a, 'T', &c->category_names[i]);
            put_plain(c->value_texts[i]);
            put_plain(c->shares[i]);
        }
    } else {
        for (size_t s = 0; c->series > 1 && s < c->series; s++)
            put(a, 'T', &c->series_names[s]);
        for (size_t i = 0; i < c->categories; i++)
            put(a, 'T', &c->category_names[i]);
        for (size_t i = 0; i < c->series * c->categories; i++)
            put_plain(c->value_texts[i]);
    }
    put(a, 'T', &c->title);
    put(a, 'T', &c->note);
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 3;
    static char buf[1 << 22];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    arena a;
    arena_init(&a);
    diag_list d;
    diag_init(&d, &a, argv[1]);
    input_limits limits = {.depth = 64, .nodes = 1000000};
    document *doc = load_document(argv[1], buf, n, &limits, &d);
    if (doc)
        load_compared_bulletin(doc, argv[1], &limits, &d);
    resolve_options ro = {1, 0, NULL};
    bulletin *b = doc ? resolve_document(doc, &ro, &d) : NULL;
    if (!b || d.errors) {
        diag_print(&d, stderr, false);
        return 1;
    }
    put(&a, 'T', &b->title);
    put(&a, 'T', &b->subtitle);
    for (size_t i = 0; i < b->lead_count; i++)
        put(&a, 'T', &b->lead[i]);
    for (size_t i = 0; i < b->block_count; i++) {
        const rblock *blk = &b->blocks[i];
        if (blk->kind == RB_TABLE) {
            put_table(&a, blk->table);
        } else if (blk->kind == RB_CHART) {
            put_chart(&a, blk->chart);
        } else if (blk->kind != RB_PAGE_BREAK) {
            if (blk->label)
                printf("T %s", blk->label), fflush(stdout);
            else
                printf("T ");
            const char *s = rich_text_plain(&a, &blk->text);
            printf("%s\n", s);
        }
    }
    for (size_t i = 0; i < b->footer_count; i++)
        put(&a, 'F', &b->footer[i]);
    put(&a, 'D', &b->report_to); /* D: the distribution block, where the template has one */
    put(&a, 'D', &b->copy_to);
    put(&a, 'D', &b->send_to);
    arena_free(&a);
    return 0;
}
