/* Unit tests of `load`: YAML to the document model, with positions. */
#include "../src/load.h"
#include "../src/slips.h"
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

/* Each slip is reported where it was typed, not where libyaml stopped. */
static void test_slips_found(void)
{
    static const struct {
        const char *text;
        int line, col;
        const char *says;
    } cases[] = {
        {"title: 简报\nsource： 江永县\ndate: 2022-08-01\nsections: []\n", 2, 7,
         "full-width colon \"：\" (U+FF1A)"},
        {"title: 简报\ndate: 2022-08-01\nsections:\n  - heading:\u3000情况\n    content: []\n", 4,
         13, "full-width space (U+3000)"},
        {"title: 简报\ndate: 2022-08-01\nsections:\n\t- heading: 情况\n", 4, 1, "tab"},
        {"title: 简报\ndate: 2022-08-01\nsections:\n  - heading: 情况\n  content:\n    - 段落\n", 5,
         3, "indent `content` to column 5"},
        {"title: 简报\ndate: 2022-08-01\nsections:\n  - heading: 情况\n     numbered: false\n", 5,
         6, "indent `numbered` to column 5"},
        {"title: 简报\ndate: 2022-08-01\nsections:\n  - heading: 要求: 压实责任\n", 4, 16,
         "put the whole text in quotes"},
        {"title: \"简报\ndate: 2022-08-01\nsections: []\n", 1, 8, "never closed"},
        {"title: \"简报”\ndate: 2022-08-01\nsections: []\n", 1, 11, "Chinese quote"},
        {"title: 简报\ndate: 2022-08-01\nsections:\n  -heading: 情况\n    content: []\n", 4, 3,
         "space after the dash"},
        {"title: 简报\ndate: 2022-08-01\nsections:\n  - heading: 情况\nfooter:\n  - 电话: 0746\n",
         6, 7, "full-width colon: 电话：0746"},
    };
    arena a;
    arena_init(&a);
    diag_list d;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        load(&a, &d, cases[i].text);
        CHECK(d.errors == 1);
        CHECK(d.count && d.items[0].pos.line == cases[i].line &&
              d.items[0].pos.col == cases[i].col);
        CHECK(strstr(first_message(&d), cases[i].says) != NULL);
        if (!d.count || d.items[0].pos.line != cases[i].line || d.items[0].pos.col != cases[i].col)
            fprintf(stderr, "case %zu: %d:%d %s\n", i, d.count ? d.items[0].pos.line : 0,
                    d.count ? d.items[0].pos.col : 0, first_message(&d));
    }
    arena_free(&a);
}

/* A source text indexed by line, as load_tree indexes it. */
static source_text lines_of(arena *a, const char *text)
{
    source_text src = {text, strlen(text), NULL, 0};
    src.line_starts = arena_alloc(a, (src.len + 1) * sizeof *src.line_starts);
    src.line_starts[src.line_count++] = 0;
    for (size_t i = 0; i < src.len; i++)
        if (text[i] == '\n')
            src.line_starts[src.line_count++] = i + 1;
    return src;
}

/* find_slip looks only between the lines it is given, and finds nothing
 * where nothing is wrong. */
static void test_slip_window(void)
{
    arena a;
    arena_init(&a);
    source_text src = lines_of(&a, "source： 江永县\ntitle: 简报\ndate: 2022-08-01\n");
    slip s;
    CHECK(find_slip(&a, &src, 0, 2, &s) && s.at == strlen("source"));
    CHECK_STR(s.key, "source");
    CHECK(!find_slip(&a, &src, 1, 2, &s));
    source_text fine = lines_of(&a, "title: 简报\nsections:\n  - heading: 情况\n    content:\n"
                                    "      - 段落：正文\n");
    CHECK(!find_slip(&a, &fine, 0, 4, &s));
    source_text block = lines_of(&a, "lead: |\n  \u3000\u3000今年以来\n\tsections: []\n");
    CHECK(find_slip(&a, &block, 0, 2, &s) && s.at == block.line_starts[2]);
    CHECK(strstr(yaml_problem_in_words("did not find expected key"), "indentation") != NULL);
    CHECK(strstr(yaml_problem_in_words("something new"), "cannot read") != NULL);
    arena_free(&a);
}

static void test_english_keys(void)
{
    arena a;
    arena_init(&a);
    static const char *const top[] = {"title", "date"}, *const section[] = {"heading", "content"};
    CHECK_STR(english_key_for(&a, "标题", top, 2), "title");
    CHECK_STR(english_key_for(&a, "标题", section, 2), "heading");
    CHECK_STR(english_key_for(&a, "ｔｉｔｌｅ", top, 2), "title");
    CHECK(english_key_for(&a, "内容", top, 2) == NULL);
    CHECK(english_key_for(&a, "江永县", NULL, 0) == NULL);
    CHECK(blanks_before_key("\u3000\u3000content") == 6);
    CHECK(blanks_before_key("content") == 0);
    arena_free(&a);
}


/* A table from a spreadsheet: its cells are scalar nodes, as if written in
 * YAML, placed at `from:` and carrying the cell's name and stored number. */
static void test_sheet_cells(void)
{
    arena a;
    arena_init(&a);
    diag_list d;
    const char *text =
        arena_printf(&a,
                     "title: t\ndate: 2023-03-31\nsections:\n  - heading: h\n"
                     "    content:\n      - table:\n          from: %s/tests/sheets/"
                     "funds.xlsx\n          range: A2:F13\n          header_rows: 2\n"
                     "          total: sheet\n",
                     JIANBAO_DATA_DIR);
    document *doc = load(&a, &d, text);
    CHECK(doc && d.errors == 0);
    const table *t = doc ? doc->sections[0].blocks[0].table : NULL;
    CHECK(t && t->column_count == 5 && t->row_count == 8 && t->header_row_count == 1 && t->total);
    if (t && t->row_count == 8) {
        const tree_node *cell = t->rows[0].cells[1];
        CHECK_STR(cell->value, "1,250.50");
        CHECK(cell->kind == NODE_SCALAR && cell->sheet && cell->pos.line == 7 &&
              cell->pos.col == 17);
        CHECK_STR(cell->sheet->number, "1250.5");
        CHECK_STR(cell->sheet->format, "#,##0.00");
        CHECK(strstr(cell->sheet->path, "sections[0].content[0].table.from: ") ==
              cell->sheet->path);
        CHECK(strstr(cell->sheet->path, "funds.xlsx:资金!B4") != NULL);
        /* the hidden row 7 is left out: the fourth body row is sheet row 8 */
        CHECK(strstr(t->rows[3].cells[0]->sheet->path, "!A8") != NULL);
        CHECK_STR(t->rows[3].cells[0]->value, "桃川镇");
        /* merged header: 衔接资金 over B and C, 乡镇 over rows 2 and 3 */
        CHECK(t->header_rows[0].cells[2]->sheet->merged_left);
        CHECK(t->columns[0].header->sheet->merged_above);
        CHECK_STR(t->total->cells[0]->value, "合计");
    }
    /* total: sum in a traditional bulletin: 合計, then sum under the columns of numbers */
    text = arena_printf(&a,
                        "title: t\ndate: 2023-03-31\nlang: zh-Hant\nsections:\n  - heading: h\n"
                        "    content:\n      - table:\n          from: %s/tests/sheets/"
                        "households-gbk.csv\n          range: A1:C4\n          total: sum\n",
                        JIANBAO_DATA_DIR);
    doc = load(&a, &d, text);
    t = doc && d.errors == 0 ? doc->sections[0].blocks[0].table : NULL;
    CHECK(t && t->total && t->row_count == 3);
    if (t && t->total) {
        CHECK_STR(t->total->cells[0]->value, "合計");
        CHECK_STR(t->total->cells[1]->value, "sum");
        CHECK_STR(t->total->cells[2]->value, "sum");
    }
    arena_free(&a);
}

int main(void)
{
    test_sheet_cells();
    test_fields();
    test_errors();
    test_limits();
    test_char_positions();
    test_suggestion();
    test_slips_found();
    test_slip_window();
    test_english_keys();
    return unit_finish();
}
