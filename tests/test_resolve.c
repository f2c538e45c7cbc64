/* Unit tests of `resolve`: figures, references, text, numbering, tables. */
#include <stdlib.h>

#include "../src/habits.h"
#include "../src/load.h"
#include "../src/resolve.h"
#include "unit.h"

static arena a;
static diag_list d;

static bulletin *resolve(const char *text)
{
    arena_free(&a);
    arena_init(&a);
    diag_init(&d, &a, "t.yaml");
    static const input_limits limits = {.depth = 64, .nodes = 100000};
    document *doc = load_document("t.yaml", text, strlen(text), &limits, &d);
    if (!doc)
        return NULL;
    resolve_options o = {1, 0, NULL};
    return resolve_document(doc, &o, &d);
}

/* The text of the first body paragraph of a bulletin whose only section holds `para`. */
static const char *paragraph(const char *figures, const char *para)
{
    char buf[4096];
    snprintf(buf, sizeof buf,
             "title: t\ndate: 2022-08-01\nfigures:\n%s\nsections:\n  - heading: h\n    content:\n"
             "      - \"%s\"\n",
             figures, para);
    bulletin *b = resolve(buf);
    if (!b || b->block_count < 2)
        return "(none)";
    return rich_text_plain(&a, &b->blocks[1].text);
}

static void test_approximations(void)
{
    const char *f = "  funds: {label: 资金, value: 1500, unit: 万元, approx: 多}\n"
                    "  gift: {label: 捐款, value: 9, unit: 万元, approx: 多}\n"
                    "  weight: {label: 重量, value: 16, unit: 公斤, approx: 多}\n"
                    "  books: {label: 书, value: 5000, unit: 册, approx: 余}\n"
                    "  income: {label: 收入, value: 20, unit: 万元, approx: 以上}\n"
                    "  about: {label: 约数, value: 1500, unit: 万元, approx: 约}\n"
                    "  near: {label: 近数, value: 3000, unit: 人, approx: 近}\n"
                    "  plain: {label: 人数, value: 227, unit: 名}";
    CHECK_STR(paragraph(f, "{funds}"), "1500多万元");
    CHECK_STR(paragraph(f, "{gift}"), "9万多元");
    CHECK_STR(paragraph(f, "{weight}"), "16公斤多");
    CHECK_STR(paragraph(f, "{books}"), "5000余册");
    CHECK_STR(paragraph(f, "{income}"), "20万元以上");
    CHECK_STR(paragraph(f, "{about}"), "约1500万元");
    CHECK_STR(paragraph(f, "{near}"), "近3000人");
    CHECK_STR(paragraph(f, "{plain}，{plain.value}，{plain.label}"), "227名，227，人数");
}

static void test_shares(void)
{
    const char *f =
        "  cadres: {label: 干部, value: 227, unit: 名}\n"
        "  party: {label: 党员, value: 153, unit: 人, share_of: cadres, stated_share: 67.5}\n"
        "  exp: {label: 经验, value: 176, unit: 人, share_of: cadres, stated_share: 78}";
    CHECK_STR(paragraph(f, "{party.share} {exp.share}"), "67.4% 77.5%");
    CHECK(d.errors == 0 && d.warnings == 1); /* 67.5 is wrong; 78 agrees at its precision */
    CHECK(strstr(d.items[0].message, "stated 67.5%, but 153 of 227 is 67.4%") != NULL);
    CHECK_STR(paragraph(f, "{{party}} {{{party.value}}}"), "{party} {153}");
}

static void test_folding(void)
{
    const char *f = "  n: {label: 数, value: 1}";
    CHECK_STR(paragraph(f, "中文 中文"), "中文中文");          /* a fold between wide characters */
    CHECK_STR(paragraph(f, "中文 ABC 中文"), "中文 ABC 中文"); /* kept beside Latin */
    CHECK_STR(paragraph(f, "中文  中文"), "中文  中文");       /* two spaces are not a fold */
    CHECK_STR(paragraph(f, "一，\\n二"), "一，二");            /* a line feed folds too */
    CHECK_STR(paragraph(f, "中　文"), "中　文");               /* U+3000 is wanted */
    bulletin *b = resolve("title: 双牌县 抓实帮扶\ndate: 2022-08-01\nlead: x\nsections: []\n");
    CHECK_STR(rich_text_plain(&a, &b->title), "双牌县 抓实帮扶"); /* titles keep spaces */
}

static void test_paragraphs_and_emphasis(void)
{
    bulletin *b =
        resolve("title: t\ndate: 2022-08-01\nlead: >-\n  第一段\n  续。\n\n  第二段**重点**。\n"
                "sections: []\n");
    CHECK(b && b->lead_count == 2);
    CHECK_STR(rich_text_plain(&a, &b->lead[0]), "第一段续。");
    CHECK_STR(rich_text_plain(&a, &b->lead[1]), "第二段重点。");
    CHECK(b->lead[1].count == 3 && b->lead[1].spans[1].emphasis && !b->lead[1].spans[0].emphasis);
    b = resolve("title: t\ndate: 2022-08-01\nlead: |\n  甲\n  乙\n\n  丙\nsections: []\n");
    CHECK(b && b->lead_count == 2);
    CHECK_STR(rich_text_plain(&a, &b->lead[0]), "甲乙");
}

static void test_numbering(void)
{
    bulletin *b =
        resolve("title: t\ndate: 2022-08-01\nsections:\n"
                "  - heading: A\n    sections:\n      - heading: B\n        sections:\n"
                "          - heading: C\n            sections:\n              - heading: D\n"
                "  - heading: E\n    numbered: false\n  - heading: F\n");
    CHECK(b && b->block_count == 6);
    CHECK_STR(b->blocks[0].label, "一、");
    CHECK_STR(b->blocks[1].label, "（一）");
    CHECK_STR(b->blocks[2].label, "1.");
    CHECK_STR(b->blocks[3].label, "（1）");
    CHECK(b->blocks[4].label == NULL);
    CHECK_STR(b->blocks[5].label, "二、");
}

/* Past 九十九 the numbering goes on in Chinese numerals, as they are read. */
static void test_large_numbers(void)
{
    enum { COUNT = 10011 };
    const char *head = "title: t\ndate: 2022-08-01\nsections:\n", *item = "  - heading: h\n";
    size_t size = strlen(head) + COUNT * strlen(item) + 1;
    char *text = malloc(size), *p = text;
    p += sprintf(p, "%s", head);
    for (int i = 0; i < COUNT; i++)
        p += sprintf(p, "%s", item);
    bulletin *b = resolve(text);
    free(text);
    CHECK(b && b->block_count == COUNT);
    if (!b || b->block_count != COUNT)
        return;
    static const struct {
        int n;
        const char *label;
    } want[] = {{10, "十、"},         {11, "十一、"},          {20, "二十、"},
                {99, "九十九、"},     {100, "一百、"},         {101, "一百零一、"},
                {110, "一百一十、"},  {111, "一百一十一、"},   {1000, "一千、"},
                {1001, "一千零一、"}, {1010, "一千零一十、"},  {2300, "二千三百、"},
                {10000, "一万、"},    {10010, "一万零一十、"}, {10011, "一万零一十一、"}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        CHECK_STR(b->blocks[want[i].n - 1].label, want[i].label);
}

static void test_tables(void)
{
    bulletin *b =
        resolve("title: t\ndate: 2022-08-01\nfigures:\n  n: {label: 数, value: 2.5}\n"
                "sections:\n  - heading: h\n    content:\n      - table:\n"
                "          title: 情况\n          unit: 人\n          columns: [项目, 数量]\n"
                "          rows:\n            - [甲, 1]\n            - [乙, 6]\n"
                "            - [丙, \"{n.value}\"]\n          total: [合计, sum]\n"
                "      - figure_table: [n]\n");
    CHECK(b && d.errors == 0);
    const rtable *t = b->blocks[1].table;
    CHECK(t->number == 1 && t->has_total && t->body_rows == 4);
    CHECK_STR(rich_text_plain(&a, &t->unit), "单位：人");
    CHECK_STR(rich_text_plain(&a, &t->body[7].text), "9.5");
    CHECK(t->body[1].align == ALIGN_RIGHT && t->body[0].align == ALIGN_LEFT);
    CHECK(b->blocks[2].table->number == 2);
}

/* The total of a summed column holding every kind of cell that adds up or
 * stands for no figure. */
static void test_sum_every_kind(void)
{
    bulletin *b = resolve(
        "title: t\ndate: 2022-08-01\nfigures:\n  w: {label: 西, value: \"1,000\", unit: 万元}\n"
        "  p: {label: 东, value: 40, previous: 25.25, unit: 万元}\n"
        "sections:\n  - heading: h\n    content:\n      - table:\n"
        "          columns: [项目, 数量]\n          rows:\n"
        "            - [plain, 1380]\n            - [grouped, \"4,210\"]\n"
        "            - [value, \"{w.value}\"]\n            - [bare, \"{w}\"]\n"
        "            - [previous, \"{p.previous}\"]\n            - [decimal, 12.5]\n"
        "            - [dash, —]\n            - [hyphen, \"-\"]\n            - [slash, /]\n"
        "            - [empty, \"\"]\n            - [negative, -30]\n"
        "            - [big, \"100,000,000,000,000,000,001\"]\n"
        "          total: [合计, sum]\n");
    CHECK(b && d.errors == 0);
    const rtable *t = b->blocks[1].table;
    CHECK_STR(rich_text_plain(&a, &t->body[t->body_rows * 2 - 1].text),
              "100,000,000,000,000,007,598.75");
    CHECK(t->body[3].align == ALIGN_RIGHT); /* a quoted grouped number is a number */
    /* the failure that printed 1380: a cell with 万 is an error, not left out */
    b = resolve("title: t\ndate: 2022-08-01\nsections:\n  - heading: h\n    content:\n"
                "      - table:\n          columns: [项目, 数量]\n          rows:\n"
                "            - [甲, 1380]\n            - [乙, \"4,210\"]\n"
                "            - [丙, 0.42万]\n          total: [合计, sum]\n");
    CHECK(d.errors == 1 && strstr(d.items[0].message, "`0.42万` holds 万") != NULL);
    b = resolve("title: t\ndate: 2022-08-01\nsections:\n  - heading: h\n    content:\n"
                "      - table:\n          columns: [项目, 数量]\n          rows:\n"
                "            - [甲, 0.1]\n            - [乙, 0.2]\n"
                "            - [丙, 0.0000000000000000001]\n          total: [合计, sum]\n");
    CHECK_STR(rich_text_plain(&a, &b->blocks[1].table->body[7].text), "0.3000000000000000001");
}

static void test_growth(void)
{
    const char *f = "  up: {label: 收入, value: 13256, previous: 12200, unit: 元}\n"
                    "  down: {label: 户数, value: 465, previous: 500, unit: 户, compare: 环比}\n"
                    "  flat: {label: 平, value: 1000.4, previous: 1000, unit: 吨}\n"
                    "  flatm: {label: 平, value: 999.6, previous: 1000, unit: 吨, compare: 环比}\n"
                    "  double: {label: 倍, value: 2200, previous: 1000, unit: 万元}\n"
                    "  hundred: {label: 倍, value: 200, previous: 100, unit: 个}\n"
                    "  near: {label: 近, value: 199.9, previous: 100, unit: 个}\n"
                    "  zero: {label: 零, value: 12, previous: 0, unit: 个}\n"
                    "  same: {label: 同, value: \"1,050\", previous: \"1,050\", unit: 元}";
    CHECK_STR(paragraph(f, "{up.change}，{up.change_rate}，{up.diff}，{up.previous}"),
              "同比增长8.7%，8.7%，增加1056元，12200元");
    CHECK(d.errors == 0);
    CHECK_STR(paragraph(f, "{down.change}，{down.change_rate}，{down.diff}"),
              "环比下降7.0%，-7.0%，减少35户");
    CHECK_STR(paragraph(f, "{flat.change}，{flatm.change}，{same.diff}"),
              "与上年持平，与上月持平，持平");
    CHECK_STR(paragraph(f, "{double.change}，{double.change_rate}，{hundred.change}"),
              "同比增长1.2倍，120.0%，同比增长1.0倍");
    CHECK_STR(paragraph(f, "{near.change}"), "同比增长99.9%");
    CHECK_STR(paragraph(f, "{zero.diff}"), "增加12个");
    CHECK(d.errors == 0);
    paragraph(f, "{zero.change}");
    CHECK(d.errors == 1 && strstr(d.items[0].message, "was 0 before") != NULL);
    paragraph(f, "{zero.change_rate}");
    CHECK(d.errors == 1);
    paragraph("  neg: {label: 负, value: 5, previous: -5}", "x");
    CHECK(d.errors == 1 && strstr(d.items[0].message, "cannot be negative") != NULL);
    /* a figure table gets a change column; its header says how the figures compare */
    bulletin *b = resolve("title: t\ndate: 2022-08-01\nfigures:\n"
                          "  up: {label: 收入, value: 13256, previous: 12200, unit: 元}\n"
                          "  down: {label: 户数, value: 465, previous: 500, compare: 环比}\n"
                          "  none: {label: 无, value: 3}\n"
                          "sections:\n  - heading: h\n    content:\n"
                          "      - figure_table: [up, down, none]\n      - figure_table: [up]\n"
                          "      - figure_table: [none]\n");
    CHECK(b && d.errors == 0);
    CHECK_STR(rich_text_plain(&a, &b->blocks[1].table->header[2].text), "增减");
    CHECK_STR(rich_text_plain(&a, &b->blocks[1].table->body[5].text), "-7.0%");
    CHECK_STR(rich_text_plain(&a, &b->blocks[1].table->body[8].text), "—");
    CHECK_STR(rich_text_plain(&a, &b->blocks[2].table->header[2].text), "同比增长");
    CHECK(b->blocks[3].table->columns == 2);
    /* stated_change is checked at its own precision */
    paragraph("  s: {label: 收入, value: 13256, previous: 12200, stated_change: 8.7%}\n"
              "  t: {label: 收入, value: 13256, previous: 12200, stated_change: \"9\"}\n"
              "  u: {label: 收入, value: 465, previous: 500, stated_change: -7.00}",
              "x");
    CHECK(d.errors == 0 && d.warnings == 0);
    paragraph("  s: {label: 收入, value: 13256, previous: 12200, stated_change: 8.6}", "x");
    CHECK(d.warnings == 1 && strstr(d.items[0].message, "stated 8.6%, but 13256 against 12200 "
                                                        "is 8.7%") != NULL);
}

/* compare_with: figures paired by name, 环比 from dates a month apart. */
static void test_compare_with(void)
{
    static const input_limits limits = {.depth = 64, .nodes = 100000};
    arena_free(&a);
    arena_init(&a);
    diag_init(&d, &a, "mar.yaml");
    const char *feb = "title: t\ndate: 2023-02-28\nfigures:\n"
                      "  income: {label: 收入, value: \"12,200\", unit: 元}\n"
                      "  homes: {label: 户数, value: 500, unit: 户}\nlead: x\nsections: []\n";
    const char *mar = "title: t\ndate: 2023-03-31\ncompare_with: feb.yaml\nfigures:\n"
                      "  income: {label: 收入, value: \"13,256\", unit: 元}\n"
                      "  homes: {label: 户数, value: 500, unit: 户}\n"
                      "  fresh: {label: 新, value: 1, unit: 个}\n"
                      "sections:\n  - heading: h\n    content:\n"
                      "      - \"{income.change}，{income.diff}，{homes.change}\"\n"
                      "      - figure_table: [income, homes, fresh]\n";
    document *earlier = load_document("feb.yaml", feb, strlen(feb), &limits, &d);
    document *doc = load_document("mar.yaml", mar, strlen(mar), &limits, &d);
    CHECK(earlier && doc && d.errors == 0);
    doc->earlier = earlier;
    resolve_options o = {1, 0, NULL};
    bulletin *b = resolve_document(doc, &o, &d);
    CHECK(d.errors == 0 && d.warnings == 1); /* `fresh` is not in feb.yaml */
    CHECK(strstr(d.items[0].message, "no figure `fresh`") != NULL);
    CHECK_STR(rich_text_plain(&a, &b->blocks[1].text), "环比增长8.7%，增加1,056元，与上月持平");
    const rtable *t = b->blocks[2].table;
    CHECK(t->columns == 3);
    CHECK_STR(rich_text_plain(&a, &t->header[2].text), "环比增长");
    CHECK_STR(rich_text_plain(&a, &t->body[2].text), "8.7%");
    CHECK_STR(rich_text_plain(&a, &t->body[5].text), "0.0%");
    CHECK_STR(rich_text_plain(&a, &t->body[8].text), "—");
    earlier->date.year = 2022, earlier->date.month = 3; /* a year earlier: 同比 */
    diag_init(&d, &a, "mar.yaml");
    b = resolve_document(doc, &o, &d);
    CHECK_STR(rich_text_plain(&a, &b->blocks[1].text), "同比增长8.7%，增加1,056元，与上年持平");
    earlier->date.month = 9; /* neither */
    diag_init(&d, &a, "mar.yaml");
    b = resolve_document(doc, &o, &d);
    CHECK(d.errors >= 1 && strstr(d.items[0].message, "neither one month nor one year") != NULL);
}

static size_t prefix(const char *heading, const char *const *formats)
{
    return heading_number_prefix(heading, strlen(heading), formats);
}

/* Numbering typed by hand is found in every form the template prints and
 * its common variants; a heading that merely starts with a number is not. */
static void test_typed_numbering(void)
{
    CHECK(prefix("四、下一步工作打算", NULL) == strlen("四、"));
    CHECK(prefix("四. 下一步", NULL) == strlen("四. "));
    CHECK(prefix("（一）强化组织领导", NULL) == strlen("（一）"));
    CHECK(prefix("(一)强化组织领导", NULL) == strlen("(一)"));
    CHECK(prefix("1.压实责任", NULL) == strlen("1."));
    CHECK(prefix("12、压实责任", NULL) == strlen("12、"));
    CHECK(prefix("（1）细化任务", NULL) == strlen("（1）"));
    CHECK(prefix("第一部分\u3000总体情况", NULL) == strlen("第一部分\u3000"));
    CHECK(prefix("十一、其他", NULL) == strlen("十一、"));
    CHECK(prefix("第三章 发展", NULL) == strlen("第三章 "));
    CHECK(prefix("第二节发展", NULL) == strlen("第二节"));
    CHECK(prefix("第一条 总则", NULL) == strlen("第一条 "));
    CHECK(prefix("第一、加强领导", NULL) == strlen("第一、"));
    CHECK(prefix("第一书记驻村", NULL) == 0);
    CHECK(prefix("3.5万亩高标准农田", NULL) == 0);
    CHECK(prefix("一季度工作", NULL) == 0);
    CHECK(prefix("2022年工作", NULL) == 0);
    CHECK(prefix("下一步工作打算", NULL) == 0);
    static const char *const own[4] = {"【{cn}】", NULL, NULL, NULL};
    CHECK(prefix("【二】存在的问题", own) == strlen("【二】"));
    CHECK(prefix("【二】存在的问题", NULL) == 0);

    bulletin *b = resolve("title: t\ndate: 2022-08-01\nsections:\n  - heading: 一、情况\n"
                          "  - heading: 二、打算\n    numbered: false\n");
    CHECK(b && d.warnings == 1 && d.items[0].pos.line == 4 && d.items[0].pos.col == 14);
    CHECK(d.count && strstr(d.items[0].message, "\"一、一、情况\"") != NULL);
}

/* Blanks before a paragraph are dropped with a warning; the text is kept. */
static void test_indented_paragraphs(void)
{
    size_t chars;
    blank_kind kind;
    CHECK(leading_blanks("\u3000\u3000今年", strlen("\u3000\u3000今年"), &chars, &kind) == 6);
    CHECK(chars == 2 && kind == BLANKS_WIDE);
    CHECK(leading_blanks("\t 今年", strlen("\t 今年"), &chars, &kind) == 2 && kind == BLANKS_MIXED);
    CHECK(leading_blanks("今年", strlen("今年"), &chars, &kind) == 0 && chars == 0);
    CHECK(leading_blanks("\u00A0今年", strlen("\u00A0今年"), &chars, &kind) == 2);
    CHECK(chars == 1 && kind == BLANKS_SPACES);
    CHECK_STR(paragraph("  n: {label: 人数, value: 5}", "\u3000\u3000今年以来"), "今年以来");
    CHECK(d.warnings == 1 && d.items[0].pos.line == 8 && d.items[0].pos.col == 10);
}

static const rtable *first_table(const bulletin *b)
{
    for (size_t i = 0; b && i < b->block_count; i++)
        if (b->blocks[i].kind == RB_TABLE)
            return b->blocks[i].table;
    return NULL;
}

/* Tables from spreadsheets: merges span, cells print literally, sums add the stored numbers. */
static void test_sheet_tables(void)
{
    char buf[1024];
    snprintf(buf, sizeof buf,
             "title: t\ndate: 2023-03-31\nsections:\n  - heading: h\n    content:\n"
             "      - table:\n          from: %s/tests/sheets/merged-body.xlsx\n",
             JIANBAO_DATA_DIR);
    const rtable *t = first_table(resolve(buf));
    CHECK(t && t->columns == 3 && t->body_rows == 3 && d.errors == 0);
    if (t && t->body_rows == 3) {
        CHECK(t->body[6].colspan == 2 && t->body[7].colspan == 0); /* 小计 over A4:B4 */
        CHECK(t->body[3].text.count == 0);                         /* A3, covered by 潇浦镇 */
        CHECK_STR(rich_text_plain(&a, &t->body[6].text), "小计");
    }
    snprintf(buf, sizeof buf,
             "title: t\ndate: 2023-03-31\nsections:\n  - heading: h\n    content:\n"
             "      - table:\n          from: %s/tests/sheets/funds.xlsx\n          range: A2:F12\n"
             "          header_rows: 2\n          total: sum\n",
             JIANBAO_DATA_DIR);
    t = first_table(resolve(buf));
    CHECK(t && t->header_rows == 2 && t->has_total && d.errors == 0);
    if (t && t->has_total) {
        /* header: 乡镇 spans two rows, 衔接资金（万元） two columns */
        CHECK(t->header[5].covered_from_above && t->header[1].colspan == 2 &&
              t->header[2].colspan == 0);
        const rcell *total = &t->body[(t->body_rows - 1) * t->columns];
        CHECK_STR(rich_text_plain(&a, &total[0].text), "合计");
        CHECK_STR(rich_text_plain(&a, &total[1].text), "6,124.35"); /* stored numbers, its format */
        CHECK(total[3].text.count == 0);                            /* shares are not added */
    }
    snprintf(buf, sizeof buf,
             "title: t\ndate: 2023-03-31\nsections:\n  - heading: h\n    content:\n"
             "      - table:\n          from: %s/tests/sheets/markup.csv\n",
             JIANBAO_DATA_DIR);
    t = first_table(resolve(buf));
    CHECK(t && d.errors == 0);
    CHECK_STR(t ? rich_text_plain(&a, &t->body[0].text) : NULL, "{funds}与**重点**");
}

int main(void)
{
    arena_init(&a);
    test_sheet_tables();
    test_approximations();
    test_shares();
    test_folding();
    test_paragraphs_and_emphasis();
    test_numbering();
    test_large_numbers();
    test_tables();
    test_sum_every_kind();
    test_growth();
    test_compare_with();
    test_typed_numbering();
    test_indented_paragraphs();
    arena_free(&a);
    return unit_finish();
}
