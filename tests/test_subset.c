/* Unit tests of the subsetter (part of `render`): a CFF face's program keeps
 * each glyph's outline exactly, under the CID the document draws it with. */
#include <stdlib.h>

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
    size_t size = 0;
    unsigned char *program = subset_face(serif, glyphs, NULL, 4, new_glyphs, &size);
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
    font_library_free(fonts);
    return unit_finish();
}
