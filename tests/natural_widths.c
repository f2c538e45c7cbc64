/* Prints the natural advance of characters, in thousandths of an em, as the
 * faces in DIR draw them: for each input line "POSTSCRIPT-NAME CODEPOINT"
 * (code point in hex) one line with the advance, or -1. The PDF's widths
 * hold the gaps put into widened copies of glyphs (widen.h); checks that
 * measure the room between characters read the glyphs' own widths here. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/fonts.h"

enum { MOST_FACES = 256 };

static size_t load_faces(font_library *lib, const char *dir, const font_face **faces)
{
    size_t count = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) && count < MOST_FACES) {
        const char *dot = strrchr(e->d_name, '.');
        if (!dot || (strcmp(dot, ".ttf") && strcmp(dot, ".otf") && strcmp(dot, ".ttc")))
            continue;
        char path[4096], error[256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        for (int index = 0; index < 32 && count < MOST_FACES; index++) {
            const font_face *f = font_library_face(lib, path, index, error, sizeof error);
            if (!f)
                break;
            faces[count++] = f;
        }
    }
    if (d)
        closedir(d);
    return count;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: natural_widths FONT-DIR < NAME-CODEPOINT-LINES\n");
        return 2;
    }
    font_library *lib = font_library_new(NULL, 0);
    static const font_face *faces[MOST_FACES];
    size_t count = load_faces(lib, argv[1], faces);
    char name[256];
    unsigned cp;
    while (scanf("%255s %x", name, &cp) == 2) {
        int advance = -1;
        for (size_t i = 0; i < count && advance < 0; i++)
            if (!strcmp(faces[i]->postscript_name, name)) {
                unsigned glyph = font_glyph(faces[i], cp);
                advance = glyph ? font_advance(faces[i], glyph) : -1;
            }
        printf("%d\n", advance);
    }
    font_library_free(lib);
    return 0;
}
