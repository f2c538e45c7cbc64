/* Unit tests of `load`: YAML to the document model, with positions. */
#include "../src/load.h"
#include "unit.h"

static const input_limits limits = {.depth = 64, .nodes = 1000000};

static document *load(arena *a, diag_list *d, const char *text)
{
    diag_init(d, a, "t.yaml");
    return load_document("t.yaml", text, strlen(text), &limits, d);
}

static const char *first_message(const diag_list *d)
{
    return d->count ? d->items[0].message : "";
}

static void test_fields(void)
{
    arena a;
    arena_init(&a);
    diag_list d;
    document *doc = load(&a, &d,
                         "title: 标题\ndate: 2022-08-01\nlang: zh-Hant\n"
                         "figures:\n  n: {label: 人数, value: 12.5, unit: 人, approx: 多}\n"
                         "sections:\n  - heading: 一\n    numbered: false\n    content:\n"
                         "      - 段落\n      - page_break: true\n");
    CHECK(doc && d.errors == 0);
    CHECK_STR(doc->title->value, "标题");
    CHECK(doc->date.year == 2022 && doc->date.month == 8 && doc->date.day == 1);
    CHECK(doc->traditional);
    CHECK(doc->figure_count == 1);
    CHECK_STR(decimal_format(&a, &doc->figures[0].value, false), "12.5");
    CHECK_STR(doc->figures[0].value_text, "12.5");
    CHECK_STR(doc->figures[0].approx->value, "多");
    CHECK(doc->section_count == 1 && !doc->sections[0].numbered);
    CHECK(doc->sections[0].block_count == 2);
    CHECK(doc->sections[0].blocks[1].kind == BLOCK_PAGE_BREAK);
    /* positions count lines and characters from 1 */
    CHECK(doc->figures[0].value_node->pos.line == 5);
    CHECK(doc->figures[0].value_node->pos.col == 25);
    arena_free(&a);
}

static void test_errors(void)
{
    arena a;
    arena_init(&a);
    diag_list d;
    load(&a, &d, "title: a\ntitle: b\ndate: 2022-08-01\nsections: []\nlead: x\n");
    CHECK(d.errors == 1);
    CHECK_STR(first_message(&d),
              "duplicate key `title` (first given at line 1); remove one of them");
    CHECK(d.items[0].pos.line == 2 && d.items[0].pos.col == 1);
    load(&a, &d, "title: a\ndate: 2022-08-01\nsection: []\n");
    CHECK(d.errors == 1);
    CHECK_STR(first_message(&d), "unknown key `section`; did you mean `sections`?");
    load(&a, &d, "title: a\ndate: 2022-13-01\nsections: []\nlead: x\n");
    CHECK_STR(first_message(&d), "`2022-13-01` is not a calendar date");
    load(&a, &d, "title: a\ndate: 2023-02-29\nsections: []\nlead: x\n");
    CHECK_STR(first_message(&d), "`2023-02-29` is not a calendar date");
    load(&a, &d, "title: a\ndate: 2024-02-29\nsections: []\nlead: x\n");
    CHECK(d.errors == 0);
    arena_free(&a);
}

static void test_limits(void)
{
    arena a;
    arena_init(&a);
    diag_list d;
    diag_init(&d, &a, "t.yaml");
    const char *bomb = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n";
    input_limits small = {.depth = 64, .nodes = 50};
    CHECK(load_document("t.yaml", bomb, strlen(bomb), &small, &d) == NULL);
    CHECK(d.errors == 1 && d.items[0].pos.line == 3);
    diag_init(&d, &a, "t.yaml");
    const char *deep = "a: [[[[[[[[[[1]]]]]]]]]]\n";
    input_limits shallow = {.depth = 5, .nodes = 1000};
    CHECK(load_document("t.yaml", deep, strlen(deep), &shallow, &d) == NULL);
    CHECK(strstr(first_message(&d), "nesting deeper than 5 levels") != NULL);
    arena_free(&a);
}

static void test_char_positions(void)
{
    arena a;
    arena_init(&a);
    diag_list d;
    const char *text = "\xEF\xBB\xBFtitle: 标题\ndate: 2022-08-01\nlead: >-\n  第一行\n  "
                       "第二行{x}\nsections: []\n";
    document *doc = load(&a, &d, text);
    CHECK(doc && d.errors == 0);
    CHECK(doc->title->pos.line == 1 && doc->title->pos.col == 8); /* the BOM is not a column */
    /* `{` is the 4th character of line 5, after two spaces of indentation */
    size_t brace = (size_t)(strchr(doc->lead->value, '{') - doc->lead->value);
    source_pos p = scalar_char_position(&doc->src, doc->lead, brace);
    CHECK(p.line == 5 && p.col == 6);
    arena_free(&a);
}

static void test_suggestion(void)
{
    static const char *const words[] = {"title", "subtitle", "sections", "share_of"};
    CHECK_STR(closest_word("titel", words, 4), "title");
    CHECK_STR(closest_word("shareof", words, 4), "share_of");
    CHECK(closest_word("colour", words, 4) == NULL);
}

int main(void)
{
    test_fields();
    test_errors();
    test_limits();
    test_char_positions();
    test_suggestion();
    return unit_finish();
}
