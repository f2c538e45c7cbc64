/* Unit tests of `layout`: line breaking, justification, pagination. */
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "../src/layout.h"
#include "../src/template_load.h"
#include "../src/linebreak.h"
#include "../src/load.h"
#include "../src/utf8.h"
#include "unit.h"

static arena a;
static diag_list d;
static font_library *fonts;
static const page_template *tpl;

static laid_out *lay_out(const char *text)
{
    arena_free(&a);
    arena_init(&a);
    diag_init(&d, &a, "t.yaml");
    static const input_limits limits = {.depth = 64, .nodes = 100000};
    document *doc = load_document("t.yaml", text, strlen(text), &limits, &d);
    resolve_options o = {1, 0, NULL};
    bulletin *b = doc ? resolve_document(doc, &o, &d) : NULL;
    return b && !d.errors ? layout_bulletin(b, tpl, 0, &d) : NULL;
}

static void test_break_opportunities(void)
{
    uint32_t text[] = {0x4E2D, 0xFF0C, 0x201C, 0x6587, 0x2014, 0x2014,
                       '6',    '7',    '.',    '4',    '%',    0x6587};
    break_kind k[12];
    line_break_opportunities(text, 12, k);
    CHECK(k[0] == BREAK_NEVER);   /* not before ， */
    CHECK(k[1] == BREAK_ALLOWED); /* after ， (before “) */
    CHECK(k[2] == BREAK_NEVER);   /* not after “ */
    CHECK(k[4] == BREAK_NEVER);   /* —— holds together */
    for (int i = 6; i < 10; i++)
        CHECK(k[i] == BREAK_NEVER); /* 67.4% holds together */
    CHECK(cannot_start_line(0x3002) && cannot_end_line(0x300A) && !cannot_start_line(0x4E2D));
}

/* The break kinds of a UTF-8 text; returns its length in code points. */
static size_t breaks_of(const char *s, uint32_t *cps, break_kind *k, size_t max)
{
    size_t n = 0, len = strlen(s);
    for (size_t at = 0; at < len && n < max; n++)
        at += utf8_decode(s + at, len - at, &cps[n]);
    line_break_opportunities(cps, n, k);
    return n;
}

/* No break inside text[from, to): the characters stay on one line. */
static bool held(const char *s, size_t from, size_t to)
{
    uint32_t cps[64];
    break_kind k[64];
    breaks_of(s, cps, k, 64);
    for (size_t i = from; i + 1 < to; i++)
        if (k[i] != BREAK_NEVER)
            return false;
    return true;
}

static void test_numbers_keep_their_units(void)
{
    CHECK(held("每月不少于20天，", 5, 8));   /* 20天 */
    CHECK(held("流转土地60亩", 4, 7));       /* 60亩 */
    CHECK(held("开设网店73家", 4, 7));       /* 73家 */
    CHECK(held("从3月份起", 1, 4));          /* 3月份 */
    CHECK(held("投入1500多万元资金", 2, 9)); /* 1500多万元 */
    CHECK(held("达9万多元", 1, 5));          /* 9万多元 */
    CHECK(held("共5000余册", 1, 7));         /* 5000余册 */
    CHECK(held("第3批", 0, 3));              /* 第3批 */
    CHECK(held("约1,234.5人次", 0, 10));     /* 约1,234.5人次 */
    CHECK(held("近-2.5倍", 0, 6));           /* 近-2.5倍 */
    CHECK(held("全长5 km路", 2, 6));         /* 5 km */
    CHECK(held("下降1.5个百分点", 2, 9));    /* 1.5个百分点 */
    /* the word after the unit may start a line */
    uint32_t cps[16];
    break_kind k[16];
    breaks_of("60亩土地", cps, k, 16);
    CHECK(k[2] == BREAK_ALLOWED);
    breaks_of("5 kilns", cps, k, 16);
    CHECK(k[1] == BREAK_ALLOWED); /* km only as a whole word */
}

/* Lines of page p: glyph index ranges sharing a baseline. */
typedef struct line_range {
    size_t first, end;
} line_range;

static size_t lines_of(const page_box *pg, line_range *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->glyph_count && n < max;) {
        size_t j = i + 1;
        while (j < pg->glyph_count && pg->glyphs[j].y == pg->glyphs[i].y &&
               pg->glyphs[j].x > pg->glyphs[j - 1].x)
            j++;
        out[n++] = (line_range){i, j};
        i = j;
    }
    return n;
}

static void test_justified_paragraph(void)
{
    char yaml[8192];
    const char *sentence =
        "按照“因村选人组队、每个工作队不少于3人”的原则，采取（大单位独立组队）方式，"
        "从全县123个单位选派干部227名。如：桐子坳村是国家4A级旅游景区——为推动发展，";
    snprintf(
        yaml, sizeof yaml,
        "title: t\ndate: 2022-08-01\nsections:\n  - heading: h\n    content:\n      - %s%s%s%s\n",
        sentence, sentence, sentence, sentence);
    laid_out *o = lay_out(yaml);
    CHECK(o && o->page_count == 1);
    if (!o)
        return;
    const page_box *pg = &o->pages[0];
    line_range lines[64];
    size_t n = lines_of(pg, lines, 64);
    float right = (float)(tpl->page_width - tpl->margin_right);
    const font_face *body = tpl->roles[ROLE_BODY].faces[0][0];
    int full = 0;
    for (size_t l = 0; l < n; l++) {
        const placed_glyph *first = &pg->glyphs[lines[l].first];
        const placed_glyph *last = &pg->glyphs[lines[l].end - 1];
        CHECK(!cannot_start_line(first->cp));
        CHECK(!cannot_end_line(last->cp));
        const placed_glyph *next = l + 1 < n ? &pg->glyphs[lines[l + 1].first] : NULL;
        if (first->face != body || !next || next->face != body || next->size != first->size)
            continue; /* only the body paragraph's full lines */
        /* flush with the measure, or a mark pushed in by up to its blank half */
        float overhang = last->x + last->advance - right;
        CHECK(fabsf(overhang) < 0.01f || (cannot_start_line(last->cp) && overhang > 0 &&
                                          overhang <= last->advance / 2 + 0.01f));
        full++;
    }
    CHECK(full >= 5);
}

static void test_missing_glyph(void)
{
    laid_out *o = lay_out("title: t\ndate: 2022-08-01\nlead: 甲乙\U00030000丙\nsections: []\n");
    CHECK(o == NULL && d.errors == 1);
    CHECK(d.items[0].pos.line == 3 && d.items[0].pos.col == 9);
    CHECK(strstr(d.items[0].message, "U+30000") != NULL);
}

static void test_pagination(void)
{
    char *yaml = malloc(200000);
    int n = snprintf(yaml, 200000, "title: t\ndate: 2022-08-01\nsections:\n");
    for (int s = 0; s < 12; s++) {
        n += snprintf(yaml + n, 200000 - (size_t)n, "  - heading: 第%d节\n    content:\n", s);
        for (int p = 0; p < 3; p++)
            n += snprintf(yaml + n, 200000 - (size_t)n,
                          "      - 这是用于检验分页的段落，它有足够的长度，可以占据好几行的位置，"
                          "从而让标题有机会落在页面底部附近的地方。第%d段。\n",
                          p);
    }
    n += snprintf(yaml + n, 200000 - (size_t)n,
                  "  - heading: 表\n    content:\n      - table:\n          columns: [项目, 数量]\n"
                  "          rows:\n");
    for (int r = 0; r < 60; r++)
        n += snprintf(yaml + n, 200000 - (size_t)n, "            - [第%d栏, %d]\n", r, r);
    laid_out *o = lay_out(yaml);
    free(yaml);
    CHECK(o && o->page_count >= 4);
    if (!o)
        return;
    /* a heading keeps at least two lines below it on its page */
    for (size_t i = 0; i < o->outline_count; i++) {
        const page_box *pg = &o->pages[o->outline[i].page];
        int below = 0;
        float heading_y = o->outline[i].y - 30;
        for (size_t g = 0; g < pg->glyph_count; g++)
            if (pg->glyphs[g].y < heading_y - 1 && pg->glyphs[g].y > tpl->margin_bottom)
                below = 1;
        CHECK(below);
    }
    /* the table's header row repeats on every page it reaches */
    size_t table_pages = 0, headers = 0;
    for (size_t p = 0; p < o->page_count; p++) {
        int has_row = 0, has_header = 0;
        for (size_t g = 0; g < o->pages[p].glyph_count; g++) {
            uint32_t cp = o->pages[p].glyphs[g].cp;
            has_row |= cp == 0x680F;    /* 栏 */
            has_header |= cp == 0x9879; /* 项 */
        }
        table_pages += has_row;
        headers += has_row && has_header;
    }
    CHECK(table_pages >= 2 && headers == table_pages);
}

/* Lays out a bulletin whose lead is `lead` and returns the glyph for `first`
 * on page 1, with at least `after` glyphs behind it; NULL (a failed check)
 * otherwise. */
static const placed_glyph *lead_glyphs(const char *lead, uint32_t first, size_t after)
{
    char yaml[512];
    snprintf(yaml, sizeof yaml, "title: t\ndate: 2022-08-01\nlead: %s\nsections: []\n", lead);
    laid_out *o = lay_out(yaml);
    CHECK(o != NULL);
    if (!o)
        return NULL;
    const page_box *pg = &o->pages[0];
    const placed_glyph *g = NULL;
    for (size_t i = 0; i + after < pg->glyph_count && !g; i++)
        if (pg->glyphs[i].cp == first)
            g = &pg->glyphs[i];
    CHECK(g != NULL);
    return g;
}

/* A quarter em between Chinese and Latin or digits, none beside punctuation. */
static void test_script_gap(void)
{
    const placed_glyph *g = lead_glyphs("共3人，4A级", 0x5171 /* 共 */, 6);
    if (!g)
        return;
    float quarter = g->size / 4;
    CHECK(fabsf(g[1].x - (g[0].x + g[0].advance + quarter)) < 0.01f); /* 共 3 */
    CHECK(fabsf(g[2].x - (g[1].x + g[1].advance + quarter)) < 0.01f); /* 3 人 */
    CHECK(fabsf(g[3].x - (g[2].x + g[2].advance)) < 0.01f);           /* 人， */
    CHECK(fabsf(g[4].x - (g[3].x + g[3].advance)) < 0.01f);           /* ，4 */
    CHECK(fabsf(g[6].x - (g[5].x + g[5].advance + quarter)) < 0.01f); /* A 级 */
}

/* clreq: two adjacent marks take one and a half ems. */
static void test_adjacent_punctuation(void)
{
    const placed_glyph *g = lead_glyphs("甲）。“《乙", 0x7532 /* 甲 */, 5);
    if (!g)
        return;
    float em = g->size;
    /* 甲 ） 。 “ 《 乙: ）。 close up; 。“ and “《 lose the blank before the opening mark */
    float starts[6];
    for (int k = 0; k < 6; k++)
        starts[k] = g[k].x;
    CHECK(fabsf((starts[2] - starts[1]) - em / 2) < 0.01f); /* ） takes half an em */
    CHECK(g[5].x - g[0].x < 5 * em - 1.4f * em);            /* three half-em savings */
}

/* A row taller than a page is cut inside its cells: every slice stays in
 * the text block, every page after the first repeats the header, and no
 * character of the cell is lost. */
static void test_tall_row(void)
{
    static char yaml[40000];
    size_t at = (size_t)snprintf(yaml, sizeof yaml,
                                 "title: t\ndate: 2022-08-01\nsections:\n  - heading: h\n"
                                 "    content:\n      - table:\n          title: 长表\n"
                                 "          columns: [{header: 甲}, {header: 乙}]\n"
                                 "          rows:\n            - [短, ");
    size_t cell_chars = 1500;
    for (size_t i = 0; i < cell_chars; i++)
        at += (size_t)snprintf(yaml + at, sizeof yaml - at, "%s", i % 10 == 9 ? "。" : "测");
    snprintf(yaml + at, sizeof yaml - at, "]\n");
    laid_out *o = lay_out(yaml);
    CHECK(o && o->page_count >= 3);
    if (!o)
        return;
    double bottom = tpl->margin_bottom, top = tpl->page_height - tpl->margin_top;
    size_t seen = 0, pages_with_header = 0, outside = 0;
    for (size_t p = 0; p < o->page_count; p++) {
        const page_box *pg = &o->pages[p];
        bool header = false, cell = false;
        for (size_t i = 0; i < pg->glyph_count; i++) {
            const placed_glyph *g = &pg->glyphs[i];
            if (g->cp == 0x6D4B || g->cp == 0x3002) { /* 测 。 */
                seen++, cell = true;
                outside += g->y <= bottom || g->y >= top;
            }
            header |= g->cp == 0x7532; /* 甲 */
        }
        pages_with_header += cell && header;
        CHECK(!cell || header);
    }
    CHECK(outside == 0);
    CHECK(seen == cell_chars);
    CHECK(pages_with_header >= 3);
}

/* `color: red` in a base template means the red of the template that
 * extends it: colors.red set there colours the name and rule alike. */
static void test_one_red(template_set *templates)
{
    char base[] = "/tmp/jianbao-red-XXXXXX";
    int fd = mkstemp(base);
    static const char base_text[] = "extends: bulletin\nroles: {title: {color: red}}\n";
    CHECK(fd >= 0 && write(fd, base_text, strlen(base_text)) == (ssize_t)strlen(base_text));
    close(fd);
    char text[128];
    snprintf(text, sizeof text, "extends: %s\ncolors: {red: \"#C00000\"}\n", base);
    diag_list td;
    diag_init(&td, &a, "red.yaml");
    const page_template *t = template_parse(templates, "red.yaml", text, strlen(text), &td);
    unlink(base);
    CHECK(t && !td.errors && !td.warnings);
    if (!t)
        return;
    for (int role = ROLE_MASTHEAD; role <= ROLE_TITLE; role += ROLE_TITLE - ROLE_MASTHEAD) {
        colour c = t->roles[role].color;
        CHECK(c.space == COLOUR_RGB && fabsf(c.v[0] - 192.0f / 255) < 1e-6f && c.v[1] == 0 &&
              c.v[2] == 0);
    }
}

static bool same_as_red(colour c, const page_template *t)
{
    return c.space == COLOUR_RGB && !memcmp(c.v, t->red.v, sizeof c.v);
}

static bool is_colour(colour c, colour_space space, float v0, float v1, float v2, float v3)
{
    const float want[4] = {v0, v1, v2, v3};
    bool same = c.space == space;
    for (int i = 0; i < 4; i++)
        same = same && fabsf(c.v[i] - want[i]) < 1e-3f;
    return same;
}

/* Black and greys are DeviceGray; the red is RGB, or CMYK under print, and
 * then no colour of the pages is RGB. */
static void test_press_colours(void)
{
    CHECK(is_colour(colour_from_hex(0x000000), COLOUR_GRAY, 0, 0, 0, 0));
    CHECK(is_colour(colour_from_hex(0x666666), COLOUR_GRAY, 0.4f, 0, 0, 0));
    CHECK(is_colour(colour_from_hex(0xE60012), COLOUR_RGB, 0.902f, 0, 0.0706f, 0));
    page_template press = *tpl;
    press.print = true;
    CHECK(is_colour(template_ink(&press, colour_from_hex(0x3366CC)), COLOUR_CMYK, 0.75f, 0.5f, 0,
                    0.2f));
    CHECK(
        is_colour(template_ink(&press, colour_from_hex(0x444444)), COLOUR_GRAY, 0.2667f, 0, 0, 0));
    CHECK(is_colour(template_ink(tpl, colour_from_hex(0x3366CC)), COLOUR_RGB, 0.2f, 0.4f, 0.8f, 0));
    static const char text[] = "masthead: {name: 工作简报, year: 2023, issue: 1}\n"
                               "title: 标题\ndate: 2023-01-01\n"
                               "sections:\n  - heading: 一\n    content: [正文。]\n";
    for (int print = 0; print < 2; print++) {
        const page_template *saved = tpl;
        if (print)
            tpl = &press;
        laid_out *o = lay_out(text);
        tpl = saved;
        CHECK(o && o->page_count == 1);
        if (!o)
            continue;
        size_t red = 0, black = 0, other = 0;
        const page_box *pg = &o->pages[0];
        for (size_t i = 0; i < pg->glyph_count + pg->rule_count; i++) {
            colour c =
                i < pg->glyph_count ? pg->glyphs[i].color : pg->rules[i - pg->glyph_count].color;
            if (print ? is_colour(c, COLOUR_CMYK, 0, 1, 1, 0) : same_as_red(c, tpl))
                red++;
            else if (is_colour(c, COLOUR_GRAY, 0, 0, 0, 0))
                black++;
            else
                other++;
        }
        CHECK(red == 5);   /* 工作简报 and the rule under it */
        CHECK(black >= 5); /* 标题, 一、一, 正文。 */
        CHECK(other == 0);
    }
}

int main(void)
{
    arena_init(&a);
    const char *dirs[] = {JIANBAO_DATA_DIR "/fonts"};
    fonts = font_library_new(dirs, 1);
    char error[256];
    template_set *templates = template_set_new(fonts, JIANBAO_DATA_DIR "/templates");
    tpl = template_set_get(templates, "bulletin", NULL, error, sizeof error);
    if (!tpl || !template_open_faces(tpl, 0, error, sizeof error) ||
        !template_open_faces(tpl, 1, error, sizeof error)) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    test_break_opportunities();
    test_numbers_keep_their_units();
    test_one_red(templates);
    test_press_colours();
    test_justified_paragraph();
    test_missing_glyph();
    test_pagination();
    test_script_gap();
    test_adjacent_punctuation();
    test_tall_row();
    arena_free(&a);
    template_set_free(templates);
    font_library_free(fonts);
    return unit_finish();
}
