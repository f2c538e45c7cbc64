/* Unit tests of charts: the boxes layout gives them (labels that meet
 * neither each other nor a bar, the value axis from zero, the legend only
 * with several series, the caption below, pie slices in order with small
 * slices labelled outside), ticks in Chinese number forms, pie shares as
 * {name.share} computes them, and palettes that stay apart in grey. */
#include <math.h>
#include <stdlib.h>

#include "../src/layout_internal.h"
#include "../src/load.h"
#include "../src/template_load.h"
#include "../src/utf8.h"
#include "unit.h"

static arena a;
static diag_list d;
static font_library *fonts;
static template_set *templates;

static const bulletin *resolved(const char *text)
{
    arena_free(&a);
    arena_init(&a);
    diag_init(&d, &a, "t.yaml");
    static const input_limits limits = {.depth = 64, .nodes = 100000};
    document *doc = load_document("t.yaml", text, strlen(text), &limits, &d);
    resolve_options o = {1, 0, NULL};
    return doc ? resolve_document(doc, &o, &d) : NULL;
}

static laid_out *lay_out(const char *text, const char *template_name)
{
    const bulletin *b = resolved(text);
    char error[256];
    const page_template *t = template_set_get(templates, template_name, NULL, error, sizeof error);
    if (t && !template_open_faces(t, b && b->traditional, error, sizeof error))
        t = NULL;
    return b && t && !d.errors ? layout_bulletin(b, t, 0, &d) : NULL;
}

/* A run of glyphs on one baseline, each close after the last: one label. */
typedef struct label {
    char text[256];
    float x0, y0, x1, y1; /* PDF frame: y up */
} label;

static size_t labels_of(const page_box *pg, label *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->glyph_count && n < max;) {
        const placed_glyph *g = &pg->glyphs[i];
        label *l = &out[n++];
        size_t len = 0;
        l->x0 = g->x, l->y0 = g->y - 0.12f * g->size, l->y1 = g->y + 0.88f * g->size;
        size_t j = i;
        for (; j < pg->glyph_count; j++) {
            const placed_glyph *h = &pg->glyphs[j];
            if (j > i && (fabsf(h->y - g->y) > 0.01f ||
                          h->x > pg->glyphs[j - 1].x + pg->glyphs[j - 1].advance + 0.4f * h->size ||
                          h->x < pg->glyphs[j - 1].x))
                break;
            if (len + 5 < sizeof l->text)
                len += utf8_encode(h->cp, l->text + len);
            l->x1 = h->x + h->advance;
        }
        l->text[len] = 0;
        i = j;
    }
    return n;
}

static bool meet(float ax0, float ay0, float ax1, float ay1, float bx0, float by0, float bx1,
                 float by1)
{
    return ax0 < bx1 - 0.01f && bx0 < ax1 - 0.01f && ay0 < by1 - 0.01f && by0 < ay1 - 0.01f;
}

/* A filled rectangle (bar or swatch): move, three lines, close. */
static bool rect_of(const shape_box *s, float *x0, float *y0, float *x1, float *y1)
{
    if (!s->filled || s->segment_count != 5 || s->segments[0].op != PATH_MOVE)
        return false;
    *x0 = *x1 = s->segments[0].x[0], *y0 = *y1 = s->segments[0].y[0];
    for (size_t i = 1; i < 4; i++) {
        *x0 = fminf(*x0, s->segments[i].x[0]), *x1 = fmaxf(*x1, s->segments[i].x[0]);
        *y0 = fminf(*y0, s->segments[i].y[0]), *y1 = fmaxf(*y1, s->segments[i].y[0]);
    }
    return true;
}

static const label *find_label(const label *labels, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(labels[i].text, text))
            return &labels[i];
    return NULL;
}

/* Crowded charts: close values of three series, long numbers, negative
 * values, small pie slices. */
static const char crowded[] =
    "title: 图表\ndate: 2023-03-31\nsections:\n  - heading: 图\n    content:\n"
    "      - chart:\n          type: bar\n          title: 三组接近的数\n          unit: 万元\n"
    "          categories: [白水镇, 双牌镇, 江村镇, 五里牌镇, 打鼓坪乡, 茶林镇, 理家坪乡, "
    "何家洞镇]\n"
    "          series:\n"
    "            - {name: 一, values: [\"12,345.6\", 12300, \"12,400\", 500, 13000, 12999, 1, 0]}\n"
    "            - {name: 二, values: [\"12,340.5\", 12310, \"12,390\", 520, 13001, 13000, 2, 0]}\n"
    "            - {name: 三, values: [\"12,350.7\", 12305, \"12,410\", 510, 12999, 13001, 3, 0]}\n"
    "      - chart:\n          type: line\n          title: 交叉的线\n"
    "          categories: [1月, 2月, 3月, 4月, 5月, 6月]\n"
    "          series:\n"
    "            - {name: 甲, values: [100, 101, 102, 103, 104, 105]}\n"
    "            - {name: 乙, values: [100.5, 101, 101.5, 103, 104.5, 104]}\n"
    "            - {name: 丙, values: [99.5, 101, 102, 103.5, 104, 105]}\n"
    "      - chart:\n          type: barh\n          title: 增减\n"
    "          categories: [白水镇, 双牌镇理家坪乡何家洞村, 江村镇]\n"
    "          series:\n"
    "            - {name: 上年, values: [-120.5, 300, 45]}\n"
    "            - {name: 本年, values: [-100, 320, -5]}\n"
    "      - chart:\n          type: pie\n          title: 构成\n"
    "          categories: [粮食, 蔬菜, 水果, 茶叶, 药材, 其他]\n"
    "          series:\n"
    "            - {values: [5230, 1820, 960, 120, 40, 10]}\n";

static void test_labels_meet_nothing(const char *template_name)
{
    laid_out *o = lay_out(crowded, template_name);
    CHECK(o != NULL);
    if (!o)
        return;
    static label labels[4096];
    size_t values_seen = 0;
    for (size_t p = 0; p < o->page_count; p++) {
        const page_box *pg = &o->pages[p];
        size_t n = labels_of(pg, labels, 4096);
        for (size_t i = 0; i < n; i++) {
            const label *l = &labels[i];
            values_seen += !strcmp(l->text, "12,345.6") || !strcmp(l->text, "-120.5");
            for (size_t k = i + 1; k < n; k++)
                if (meet(l->x0, l->y0, l->x1, l->y1, labels[k].x0, labels[k].y0, labels[k].x1,
                         labels[k].y1)) {
                    fprintf(stderr, "%s: labels `%s` and `%s` meet\n", template_name, l->text,
                            labels[k].text);
                    CHECK(false);
                }
            for (size_t s = 0; s < pg->shape_count; s++) {
                float x0, y0, x1, y1;
                if (rect_of(&pg->shapes[s], &x0, &y0, &x1, &y1) &&
                    meet(l->x0, l->y0, l->x1, l->y1, x0, y0, x1, y1)) {
                    fprintf(stderr, "%s: label `%s` meets a bar\n", template_name, l->text);
                    CHECK(false);
                }
            }
        }
    }
    CHECK(values_seen == 2);
}

static const char *chart_doc(const char *chart)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "title: 图表\ndate: 2023-03-31\nsections:\n  - heading: 图\n    content:\n"
             "      - chart:\n%s",
             chart);
    return buf;
}

/* The page's labels (all pages joined: the charts below fit on one). */
static size_t page_labels(laid_out *o, label *out, size_t max, const page_box **page)
{
    *page = o && o->page_count ? &o->pages[o->page_count - 1] : NULL;
    return *page ? labels_of(*page, out, max) : 0;
}

static void test_bars_from_zero_legend_caption(void)
{
    static label labels[512];
    const page_box *pg;
    laid_out *o = lay_out(chart_doc("          type: bar\n          title: 产量\n"
                                    "          categories: [甲, 乙]\n"
                                    "          series:\n"
                                    "            - {name: 收入项, values: [95, 105]}\n"),
                          "bulletin");
    size_t n = page_labels(o, labels, 512, &pg);
    CHECK(find_label(labels, n, "0") != NULL);      /* the axis starts from zero */
    CHECK(find_label(labels, n, "收入项") == NULL); /* one series: no legend */
    const label *caption = find_label(labels, n, "图1　产量");
    CHECK(caption != NULL);
    for (size_t s = 0; pg && caption && s < pg->shape_count; s++) {
        float x0, y0, x1, y1;
        if (rect_of(&pg->shapes[s], &x0, &y0, &x1, &y1))
            CHECK(caption->y1 < y0); /* under every bar */
    }
    o = lay_out(chart_doc("          type: bar\n          categories: [甲, 乙]\n"
                          "          series:\n"
                          "            - {name: 收入项, values: [95, 105]}\n"
                          "            - {name: 支出项, values: [90, 100]}\n"),
                "bulletin");
    n = page_labels(o, labels, 512, &pg);
    CHECK(find_label(labels, n, "收入项") && find_label(labels, n, "支出项")); /* a legend */
}

/* Category names wider than their slot wrap under it. */
static void test_categories_wrap(void)
{
    static label labels[512];
    const page_box *pg;
    laid_out *o =
        lay_out(chart_doc("          type: bar\n"
                          "          categories: [甲, 乙, 丙, 丁, 戊, 双牌镇理家坪乡何家洞村委会]\n"
                          "          series:\n"
                          "            - {values: [1, 2, 3, 4, 5, 6]}\n"),
                "bulletin");
    size_t n = page_labels(o, labels, 512, &pg);
    CHECK(find_label(labels, n, "双牌镇理家坪乡何家洞村委会") == NULL);
    char joined[512] = "";
    for (size_t i = 0; i < n; i++)
        if (!strncmp(labels[i].text, "双牌镇", strlen("双牌镇")) || joined[0])
            if (strlen(joined) + strlen(labels[i].text) < sizeof joined &&
                strlen(joined) < strlen("双牌镇理家坪乡何家洞村委会"))
                strcat(joined, labels[i].text);
    CHECK_STR(joined, "双牌镇理家坪乡何家洞村委会");
}

/* A chart that does not fit under the text above it moves whole to the
 * next page, its caption with it, and the heading before it goes along. */
static void test_kept_whole(void)
{
    char doc[8192] = "title: 图表\ndate: 2023-03-31\nsections:\n  - heading: 文字\n"
                     "    content:\n";
    for (int i = 0; i < 16; i++)
        strcat(doc, "      - 这是一段占一行的文字。\n");
    strcat(doc, "  - heading: 图\n    content:\n      - chart:\n          type: bar\n"
                "          title: 整体\n          categories: [甲, 乙]\n          series:\n"
                "            - {values: [1, 2]}\n");
    laid_out *o = lay_out(doc, "bulletin");
    CHECK(o && o->page_count == 2);
    if (!o || o->page_count != 2)
        return;
    static label labels[512];
    size_t n = labels_of(&o->pages[1], labels, 512);
    CHECK(find_label(labels, n, "图1　整体") != NULL);
    CHECK(find_label(labels, n, "二、图") != NULL);
    CHECK(o->pages[0].shape_count == 0 && o->pages[1].shape_count == 3); /* 2 bars, the axis */
}

/* Twelve townships of three series: barh bars as thick as the type fit a page. */
static void test_barh_fits(void)
{
    char doc[1024];
    const char *values = "[560, 395, 360, 450, 265, 190, 235, 125, 100, 310, 280, 205]";
    snprintf(
        doc, sizeof doc,
        "          type: barh\n"
        "          categories: [潇浦镇, 上江圩镇, 夏层铺镇, 桃川镇, 粗石江镇, 松柏瑶族乡,\n"
        "                       千家峒瑶族乡, 兰溪瑶族乡, 源口瑶族乡, 回龙圩, 允山镇, 黄甲岭乡]\n"
        "          series:\n"
        "            - {name: 一, values: %s}\n"
        "            - {name: 二, values: %s}\n"
        "            - {name: 三, values: %s}\n",
        values, values, values);
    laid_out *o = lay_out(chart_doc(doc), "bulletin");
    CHECK(o != NULL && d.errors == 0);
}

/* The template's chart keys set its size. */
static void test_template_size(void)
{
    static const char narrow[] = "extends: bulletin\nchart: {width: 50%, height: 40}\n";
    diag_list td;
    diag_init(&td, &a, "narrow.yaml");
    const page_template *t = template_parse(templates, "narrow.yaml", narrow, strlen(narrow), &td);
    CHECK(t && !td.errors);
    const bulletin *b = resolved(chart_doc("          type: bar\n          categories: [甲, 乙]\n"
                                           "          series:\n"
                                           "            - {values: [1, 2]}\n"));
    char error[256];
    if (t && !template_open_faces(t, 0, error, sizeof error))
        t = NULL;
    laid_out *o = b && t ? layout_bulletin(b, t, 0, &d) : NULL;
    CHECK(o != NULL);
    if (!o)
        return;
    float left = 1e9f, right = -1e9f, low = 1e9f, high = -1e9f;
    const page_box *pg = &o->pages[0];
    for (size_t i = 0; i < pg->rule_count; i++) /* the gridlines span the drawing */
        if (pg->rules[i].y0 == pg->rules[i].y1 && pg->rules[i].width < 0.5f) {
            left = fminf(left, pg->rules[i].x0), right = fmaxf(right, pg->rules[i].x1);
            low = fminf(low, pg->rules[i].y0), high = fmaxf(high, pg->rules[i].y0);
        }
    float text_width = (float)(t->page_width - t->margin_left - t->margin_right);
    CHECK(right - left < text_width * 0.5f && right - left > text_width * 0.4f);
    CHECK(high - low < 40 * 72 / 25.4f && high - low > 20 * 72 / 25.4f);
}

/* Slices go clockwise from 12 o'clock in the order given; the small ones
 * are labelled outside the circle. */
static void test_pie(void)
{
    static label labels[512];
    const page_box *pg;
    laid_out *o = lay_out(chart_doc("          type: pie\n"
                                    "          categories: [粮食, 蔬菜, 茶叶]\n"
                                    "          series:\n"
                                    "            - {values: [5230, 1820, 120]}\n"),
                          "bulletin");
    size_t n = page_labels(o, labels, 512, &pg);
    const shape_box *wedges[3];
    size_t w = 0;
    for (size_t s = 0; pg && s < pg->shape_count && w < 3; s++)
        if (pg->shapes[s].filled && pg->shapes[s].segments[1].op == PATH_LINE &&
            pg->shapes[s].segments[2].op == PATH_CURVE)
            wedges[w++] = &pg->shapes[s];
    CHECK(w == 3);
    if (w < 3)
        return;
    float cx = wedges[0]->segments[0].x[0], cy = wedges[0]->segments[0].y[0];
    float top_x = wedges[0]->segments[1].x[0], top_y = wedges[0]->segments[1].y[0];
    float radius = top_y - cy;
    CHECK(fabsf(top_x - cx) < 0.01f && radius > 0); /* the first starts at 12 o'clock */
    for (size_t i = 1; i < 3; i++) {                /* each starts where the one before ends */
        const shape_box *prev = wedges[i - 1];
        const path_segment *end = &prev->segments[prev->segment_count - 2];
        CHECK(fabsf(end->x[2] - wedges[i]->segments[1].x[0]) < 0.01f &&
              fabsf(end->y[2] - wedges[i]->segments[1].y[0]) < 0.01f);
    }
    CHECK(wedges[0]->segments[2].x[2] > cx); /* clockwise: to the right first */
    const label *tea = find_label(labels, n, "茶叶"), *grain = find_label(labels, n, "粮食");
    CHECK(tea && grain);
    if (tea) { /* the nearest point of the small slice's label lies outside */
        float nx = fmaxf(tea->x0, fminf(cx, tea->x1)) - cx;
        float ny = fmaxf(tea->y0, fminf(cy, tea->y1)) - cy;
        CHECK(sqrtf(nx * nx + ny * ny) > radius);
    }
    if (grain) /* the large slice's inside */
        CHECK(hypotf((grain->x0 + grain->x1) / 2 - cx, (grain->y0 + grain->y1) / 2 - cy) < radius);
    CHECK(find_label(labels, n, "5230（72.9%）") && find_label(labels, n, "120（1.7%）"));
}

static void test_pie_shares(void)
{
    const bulletin *b = resolved(chart_doc("          type: pie\n"
                                           "          categories: [甲, 乙, 丙]\n"
                                           "          series:\n"
                                           "            - {values: [1, 1, 1]}\n"));
    const rchart *c = NULL;
    for (size_t i = 0; b && i < b->block_count; i++)
        if (b->blocks[i].kind == RB_CHART)
            c = b->blocks[i].chart;
    CHECK(c && c->shares);
    if (c && c->shares) { /* 1/3 rounds to 33.3%, as {name.share} rounds */
        CHECK_STR(c->shares[0], "33.3%");
        CHECK_STR(c->shares[2], "33.3%");
    }
}

static void test_ticks(void)
{
    arena t;
    arena_init(&t);
    value_axis x = nice_axis(0, 1432);
    CHECK(x.step == 500 && x.lo == 0 && x.hi == 1500);
    x = nice_axis(0, 17800);
    CHECK(x.step == 5000 && x.hi == 20000);
    CHECK_STR(tick_text(&t, 0, &x), "0");
    CHECK_STR(tick_text(&t, 5000, &x), "0.5万");
    CHECK_STR(tick_text(&t, 10000, &x), "1万");
    CHECK_STR(tick_text(&t, 15000, &x), "1.5万");
    x.traditional = true;
    CHECK_STR(tick_text(&t, 15000, &x), "1.5萬");
    x = nice_axis(0, 3.2e8);
    CHECK(x.step == 1e8);
    CHECK_STR(tick_text(&t, 2e8, &x), "2亿");
    x = nice_axis(0, 61345);
    x.in_wan = true; /* 单位：万元: 6万万元 is 6亿元 */
    CHECK_STR(tick_text(&t, 60000, &x), "6亿");
    x = nice_axis(0, 0.73);
    CHECK(fabs(x.step - 0.2) < 1e-12);
    CHECK_STR(tick_text(&t, 0.6000000001, &x), "0.6");
    x = nice_axis(0, 1.23456789e29); /* 30 digits: ticks keep the digits a double holds */
    CHECK_STR(tick_text(&t, tick_value(&x, 1), &x), "500000000000000000000亿");
    CHECK(tick_count(&x) == 4);
    x = nice_axis(-120.5, 320);
    CHECK(x.lo == -200 && x.hi == 400 && x.step == 100);
    arena_free(&t);
}

/* Every template's palette is led by its red, and its greys stay apart. */
static void test_palettes(void)
{
    const char *names[] = {"bulletin", "gbt9704", "article"};
    char error[256];
    for (size_t i = 0; i < 3; i++) {
        const page_template *t = template_set_get(templates, names[i], NULL, error, sizeof error);
        CHECK(t != NULL);
        if (!t)
            continue;
        const chart_style *c = &t->chart;
        CHECK(c->palette_count >= 4);
        CHECK(!memcmp(&c->palette[0], &t->red, sizeof t->red));
        for (size_t p = 0; p < c->palette_count; p++)
            for (size_t q = p + 1; q < c->palette_count; q++)
                CHECK(fabs(grey_of(c->palette[p]) - grey_of(c->palette[q])) >= PALETTE_GREY_STEP);
    }
    static const char close[] = "extends: bulletin\nchart: {palette: [red, \"#D0103A\"]}\n";
    diag_list td;
    diag_init(&td, &a, "close.yaml");
    CHECK(template_parse(templates, "close.yaml", close, strlen(close), &td) == NULL);
    CHECK(td.errors == 1);
}

int main(void)
{
    arena_init(&a);
    const char *dirs[] = {JIANBAO_DATA_DIR "/fonts"};
    fonts = font_library_new(dirs, 1);
    templates = template_set_new(fonts, JIANBAO_DATA_DIR "/templates");
    test_labels_meet_nothing("bulletin");
    test_labels_meet_nothing("gbt9704");
    test_labels_meet_nothing("article");
    test_bars_from_zero_legend_caption();
    test_categories_wrap();
    test_kept_whole();
    test_template_size();
    test_barh_fits();
    test_pie();
    test_pie_shares();
    test_ticks();
    test_palettes();
    arena_free(&a);
    template_set_free(templates);
    font_library_free(fonts);
    return unit_finish();
}
