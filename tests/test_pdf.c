/* Unit tests of the PDF renderer: embedded subsets, ToUnicode, determinism. */
#include <stdlib.h>

#include "../src/layout.h"
#include "../src/template_load.h"
#include "../src/load.h"
#include "../src/pdf.h"
#include "../src/utf8.h"
#include "unit.h"

static bool contains(const pdf_bytes *p, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= p->size; i++)
        if (!memcmp(p->data + i, s, n))
            return true;
    return false;
}

int main(void)
{
    const char *dirs[] = {JIANBAO_DATA_DIR "/fonts"};
    font_library *fonts = font_library_new(dirs, 1);
    char error[256];
    template_set *templates = template_set_new(fonts, JIANBAO_DATA_DIR "/templates");
    const page_template *tpl = template_set_get(templates, "bulletin", NULL, error, sizeof error);
    CHECK(tpl != NULL);
    if (!tpl || !template_open_faces(tpl, 0, error, sizeof error))
        return unit_finish();
    /* a character beyond U+FFFF that the Song face draws */
    const font_face *song = tpl->roles[ROLE_BODY].faces[0][0];
    uint32_t ext_b = 0;
    for (uint32_t cp = 0x20000; cp < 0x2A6E0 && !ext_b; cp++)
        if (font_glyph(song, cp))
            ext_b = cp;
    CHECK(ext_b != 0);
    char utf8[5] = {0};
    utf8_encode(ext_b, utf8);
    char yaml[512];
    snprintf(yaml, sizeof yaml, "title: 标题\ndate: 2022-08-01\nlead: 王%s华\nsections: []\n",
             utf8);

    arena a;
    arena_init(&a);
    diag_list d;
    diag_init(&d, &a, "t.yaml");
    input_limits limits = {.depth = 64, .nodes = 1000};
    document *doc = load_document("t.yaml", yaml, strlen(yaml), &limits, &d);
    resolve_options ro = {1, 0, NULL};
    laid_out *o = layout_bulletin(resolve_document(doc, &ro, &d), tpl, 0, &d);
    CHECK(o != NULL);
    pdf_bytes one, two;
    CHECK(render_pdf(o, &(pdf_options){"test", false, false, NULL, 0, false}, &one, error,
                     sizeof error) == 0);
    CHECK(render_pdf(o, &(pdf_options){"test", false, false, NULL, 0, false}, &two, error,
                     sizeof error) == 0);
    CHECK(one.size == two.size && !memcmp(one.data, two.data, one.size));
    CHECK(one.size > 8 && !memcmp(one.data, "%PDF-", 5));
    CHECK(one.size < 40000); /* three small subsets, not whole faces */
    uint32_t v = ext_b - 0x10000;
    char pair[16];
    snprintf(pair, sizeof pair, "<%04X%04X>", (unsigned)(0xD800 + (v >> 10)),
             (unsigned)(0xDC00 + (v & 0x3FF)));
    (void)pair; /* the ToUnicode stream is compressed: check it through pdftotext in e2e */
    CHECK(!contains(&one, "begincidrange"));
    CHECK(contains(&one, "/FontFile2"));
    free(one.data);
    free(two.data);

    /* libharu's errors come back in plain words: a page beyond PDF's 14,400
     * points, a text beyond a PDF string's 65,535 bytes. */
    float width = o->page_width;
    o->page_width = 20000;
    CHECK(render_pdf(o, &(pdf_options){"test", false, false, NULL, 0, false}, &one, error,
                     sizeof error) != 0);
    CHECK(strstr(error, "outside what PDF allows") && strstr(error, "0x1054"));
    o->page_width = width;
    char *long_title = malloc(40001 * 3 + 1);
    for (int i = 0; i < 40001; i++)
        memcpy(long_title + 3 * i, "标", 3);
    long_title[40001 * 3] = 0;
    o->title = long_title;
    CHECK(render_pdf(o, &(pdf_options){"test", false, false, NULL, 0, false}, &one, error,
                     sizeof error) != 0);
    CHECK(strstr(error, "longer than a PDF string may be") != NULL);
    free(long_title);
    arena_free(&a);
    template_set_free(templates);
    font_library_free(fonts);
    return unit_finish();
}
