#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM(x) ((x)*72.0 / 25.4)

typedef struct face_ref {
    const char *file;
    int index;
} face_ref;

enum { FACE_SONG, FACE_SONG_TW, FACE_HEI, FACE_KAI, FACE_COUNT };

static const face_ref bundled[FACE_COUNT] = {
    [FACE_SONG] = {"uming.ttc", 0},
    [FACE_SONG_TW] = {"uming.ttc", 2},
    [FACE_HEI] = {"wqy-microhei.ttc", 0},
    [FACE_KAI] = {"LXGWWenKai-Regular.ttf", 0},
};

static void set_role(page_template *t, const font_face *const *faces, role_id role, int first,
                     double size, double pitch)
{
    static const int chain[FACE_COUNT][3] = {
        [FACE_SONG] = {FACE_SONG, FACE_HEI, FACE_KAI},
        [FACE_SONG_TW] = {FACE_SONG_TW, FACE_HEI, FACE_KAI},
        [FACE_HEI] = {FACE_HEI, FACE_SONG, FACE_KAI},
        [FACE_KAI] = {FACE_KAI, FACE_SONG, FACE_HEI},
    };
    role_style *r = &t->roles[role];
    int traditional_first = first == FACE_SONG ? FACE_SONG_TW : first;
    for (int i = 0; i < 3; i++) {
        r->faces[0][i] = faces[chain[first][i]];
        r->faces[1][i] = faces[chain[traditional_first][i]];
    }
    r->face_count[0] = r->face_count[1] = 3;
    r->size = size;
    r->pitch = pitch;
}

page_template *template_bulletin(font_library *lib, char *error, size_t error_size)
{
    const font_face *faces[FACE_COUNT];
    for (int i = 0; i < FACE_COUNT; i++) {
        faces[i] = font_library_face(lib, bundled[i].file, bundled[i].index, error, error_size);
        if (!faces[i])
            return NULL;
    }
    page_template *t = calloc(1, sizeof *t);
    t->name = "bulletin";
    t->page_width = MM(210), t->page_height = MM(297);
    /* GB/T 9704: 37 mm top, 28 mm binding edge, a 156 x 225 mm text block */
    t->margin_top = MM(37), t->margin_left = MM(28);
    t->margin_right = MM(210 - 28 - 156), t->margin_bottom = MM(297 - 37 - 225);
    double body_pitch = MM(225) / 22; /* 22 lines to the text block */
    set_role(t, faces, ROLE_MASTHEAD, FACE_HEI, 36, 48);
    set_role(t, faces, ROLE_ISSUE, FACE_KAI, 16, 26);
    set_role(t, faces, ROLE_MASTHEAD_LINE, FACE_SONG, 14, 24);
    set_role(t, faces, ROLE_CLASSIFICATION, FACE_HEI, 14, 22);
    set_role(t, faces, ROLE_TITLE, FACE_HEI, 22, 34);
    set_role(t, faces, ROLE_SUBTITLE, FACE_KAI, 16, 26);
    set_role(t, faces, ROLE_SOURCE, FACE_KAI, 14, 24);
    set_role(t, faces, ROLE_LEAD, FACE_KAI, 15.75, body_pitch);
    set_role(t, faces, ROLE_HEADING1, FACE_HEI, 15.75, body_pitch);
    set_role(t, faces, ROLE_HEADING2, FACE_KAI, 15.75, body_pitch);
    set_role(t, faces, ROLE_HEADING3, FACE_SONG, 15.75, body_pitch);
    set_role(t, faces, ROLE_HEADING4, FACE_SONG, 15.75, body_pitch);
    set_role(t, faces, ROLE_BODY, FACE_SONG, 15.75, body_pitch);
    set_role(t, faces, ROLE_EMPHASIS, FACE_HEI, 15.75, body_pitch);
    set_role(t, faces, ROLE_TABLE_CAPTION, FACE_HEI, 14, 24);
    set_role(t, faces, ROLE_TABLE_HEADER, FACE_HEI, 14, 20);
    set_role(t, faces, ROLE_TABLE_BODY, FACE_SONG, 14, 20);
    set_role(t, faces, ROLE_TABLE_NOTE, FACE_SONG, 12, 20);
    set_role(t, faces, ROLE_FOOTER, FACE_SONG, 10.5, 15);
    set_role(t, faces, ROLE_PAGE_NUMBER, FACE_SONG, 14, 20);
    set_role(t, faces, ROLE_DISTRIBUTION, FACE_SONG, 14, 26);
    t->red = (rgb){0.902f, 0.0f, 0.071f}; /* #E60012 */
    t->roles[ROLE_MASTHEAD].color = t->red;
    t->masthead_rule = 2.0;
    t->thick_rule = MM(0.35);
    t->thin_rule = MM(0.25);
    t->page_number_place = PAGE_NUMBER_OUTER;
    t->page_number_format = "— {page} —";
    t->page_number_gap = MM(7);
    t->share_decimals = 1;
    return t;
}

void template_free(page_template *t)
{
    free(t);
}
