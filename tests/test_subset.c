/* Unit tests of the subsetter (part of `render`): a CFF face's program keeps
 * each glyph's outline exactly, under the CID the document draws it with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H

#include "../src/fonts.h"
#include "../src/subset.h"
#include "unit.h"

/* A glyph's outline as FreeType reads it, in font units. */
typedef struct outline_summary {
    int points, contours;
    FT_BBox box;
    long advance;
} outline_summary;

static bool summarize(FT_Face face, unsigned glyph, outline_summary *s)
{
    if (FT_Load_Glyph(face, glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING))
        return false;
    FT_Outline *o = &face->glyph->outline;
    s->points = o->n_points, s->contours = o->n_contours;
    FT_Outline_Get_CBox(o, &s->box);
    s->advance = face->glyph->advance.x;
    return true;
}

static bool same(const outline_summary *a, const outline_summary *b)
{
    return a->points == b->points && a->contours == b->contours && a->box.xMin == b->box.xMin &&
           a->box.xMax == b->box.xMax && a->box.yMin == b->box.yMin && a->box.yMax == b->box.yMax &&
           a->advance == b->advance;
}

/* The glyphs of every character of a file (the sample), as a document
 * would draw them; returns how many. */
static size_t glyphs_of_file(const font_face *face, const char *path, unsigned *glyphs, size_t max)
{
    FILE *f = fopen(path, "rb");
    size_t n = 0;
    for (int c; f && n < max && (c = fgetc(f)) != EOF;) {
        uint32_t cp = (uint32_t)c;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        cp &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0x7F;
        while (more-- > 0 && (c = fgetc(f)) != EOF)
            cp = cp << 6 | ((uint32_t)c & 0x3F);
        unsigned g = font_glyph(face, cp);
        bool seen = false;
        for (size_t i = 0; i < n && !seen; i++)
            seen = glyphs[i] == g;
        if (g && !seen)
            glyphs[n++] = g;
    }
    if (f)
        fclose(f);
    return n;
}

/* Cutting from the document's glyphs read apart gives the very bytes that
 * cutting from the whole face gives, with widened copies too. */
static void check_same_as_whole(const font_face *face)
{
    enum { MAX = 4096 };
    static unsigned glyphs[MAX], a[MAX], b[MAX];
    static int extra[MAX];
    size_t n =
        glyphs_of_file(face, JIANBAO_SOURCE_ROOT "/input/shuangpai-2022-08.yaml", glyphs, MAX);
    CHECK(n > 300);
    for (size_t i = 0; i < n; i++)
        extra[i] = i % 7 == 0 ? 250 : 0;
    subset_request request = {glyphs, extra, NULL, n};
    size_t size_a = 0, size_b = 0, ink_a = 0, ink_b = 0;
    unsigned char *from_source = subset_face(face, &request, a, &size_a, &ink_a);
    unsigned char *from_whole = subset_face_whole(face, &request, b, &size_b, &ink_b);
    CHECK(from_source && from_whole && size_a == size_b && size_a > 1000);
    CHECK(from_source && from_whole && !memcmp(from_source, from_whole, size_a));
    CHECK(!memcmp(a, b, n * sizeof *a));
    free(from_source), free(from_whole);
}

/* An entry that needs ink but whose glyph has none is named. */
static void check_inkless(const font_face *face)
{
    unsigned glyphs[3] = {font_glyph(face, 0x4E00), font_glyph(face, 0x3000),
                          font_glyph(face, 0x738B)};
    bool needs_ink[3] = {true, true, true};
    unsigned new_glyphs[3];
    subset_request request = {glyphs, NULL, needs_ink, 3};
    size_t size = 0, inkless = 0;
    unsigned char *program = subset_face(face, &request, new_glyphs, &size, &inkless);
    CHECK(glyphs[1] != 0 && program == NULL && inkless == 1);
    needs_ink[1] = false; /* the ideographic space is blank by nature */
    program = subset_face(face, &request, new_glyphs, &size, &inkless);
    CHECK(program != NULL && inkless == 3);
    free(program);
}

int main(void)
{
    const char *dirs[] = {JIANBAO_DATA_DIR "/fonts"};
    font_library *fonts = font_library_new(dirs, 1);
    char error[256];
    const font_face *serif =
        font_library_face(fonts, "NotoSerifCJK-Regular.ttc", 2, error, sizeof error);
    CHECK(serif != NULL && serif->cff);
    if (!serif)
        return unit_finish();
    /* 一 王 and two characters that share one glyph in Noto CJK */
    const uint32_t cps[] = {0x4E00, 0x738B, 0x2022, 0x2027};
    unsigned glyphs[4], new_glyphs[4];
    for (int i = 0; i < 4; i++)
        glyphs[i] = font_glyph(serif, cps[i]);
    CHECK(glyphs[2] == glyphs[3] && glyphs[0] != glyphs[1]);
    size_t size = 0, inkless = 0;
    subset_request request = {glyphs, NULL, NULL, 4};
    unsigned char *program = subset_face(serif, &request, new_glyphs, &size, &inkless);
    CHECK(inkless == 4);
    CHECK(program != NULL && size > 4 && program[0] == 1); /* a CFF header */
    CHECK(new_glyphs[2] == new_glyphs[3]);

    FT_Library ft;
    FT_Init_FreeType(&ft);
    FT_Face small = NULL;
    CHECK(program && !FT_New_Memory_Face(ft, program, (FT_Long)size, 0, &small));
    for (unsigned cid = 1; small && cid <= 3; cid++) {
        /* in a bare CID-keyed CFF, FreeType takes glyph indices as CIDs */
        outline_summary want, got;
        CHECK(summarize(serif->ft_face, glyphs[cid - 1], &want));
        CHECK(summarize(small, cid, &got));
        CHECK(same(&want, &got));
        CHECK(want.points > 0);
    }
    outline_summary none;
    CHECK(small && !summarize(small, 4, &none)); /* the shared glyph has one CID: 3 */
    if (small)
        FT_Done_Face(small);
    FT_Done_FreeType(ft);
    free(program);
    check_same_as_whole(serif);
    check_inkless(serif);
    const font_face *ming = font_library_face(fonts, "uming.ttc", 0, error, sizeof error);
    CHECK(ming != NULL && !ming->cff);
    if (ming) {
        check_same_as_whole(ming);
        check_inkless(ming);
    }
    font_library_free(fonts);
    return unit_finish();
}
