/* fonts: the faces a run may draw with, loaded once and shared read-only by
 * every document. FreeType answers coverage and advance widths; the
 * HarfBuzz face of the same bytes serves subsetting at render time. */
#ifndef JIANBAO_FONTS_H
#define JIANBAO_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct font_library font_library;

/* A face is declared (found, its header checked) when a template names it,
 * and opened on first need (font_open): a 65,535-glyph CJK face costs
 * FreeType a megabyte or more, and a run seldom draws with every face its
 * template names (a simplified document, none of the traditional ones).
 * The fields from `family` on are filled when it is opened. */
typedef struct font_face {
    const char *path; /* as found */
    int index;        /* face in a collection */
    font_library *library;
    void *blob; /* hb_blob_t of the mapped file */
    const char *family;
    unsigned units_per_em;
    double ascender, descender; /* em fractions, descender negative */
    const char *postscript_name;
    bool cff;                        /* CID-keyed CFF outlines, else TrueType */
    int bbox[4];                     /* font box in thousandths of an em */
    int ascent, descent, cap_height; /* thousandths of an em, for the PDF */
    void *ft_face;                   /* FT_Face */
    void *hb_face;                   /* hb_face_t */
    const unsigned char *data;       /* the mapped file */
    size_t size;
} font_face;

/* dirs: where names are looked up, in order. Returns NULL only when FreeType
 * cannot start. */
font_library *font_library_new(const char *const *dirs, size_t dir_count);
void font_library_free(font_library *lib);

/* Finds (or loads) the face `file`#index; file is a path, or a file name
 * looked up in the library's directories. On failure returns NULL and puts
 * a sentence naming the file and the reason into error[error_size]. */
const font_face *font_library_face(font_library *lib, const char *file, int index, char *error,
                                   size_t error_size);

/* The face `file`#index found and its header checked (the collection
 * holds it, its tables lie inside the file), not opened; NULL with a
 * sentence in error otherwise. */
const font_face *font_library_declare(font_library *lib, const char *file, int index, char *error,
                                      size_t error_size);

/* Opens a declared face if it is not open yet. False, with a sentence
 * naming the file and the reason, when FreeType cannot read it. */
bool font_open(const font_face *face, char *error, size_t error_size);

/* Whether `file` exists, as a path or in the library's directories. */
bool font_library_has_file(font_library *lib, const char *file);

/* Glyph for a code point (0 when the face has none) and its advance in
 * thousandths of an em, rounded down as PDF widths are. */
unsigned font_glyph(const font_face *face, uint32_t cp);
int font_advance(const font_face *face, unsigned glyph);

/* The glyph's ink box {xmin, ymin, xmax, ymax} in thousandths of an em;
 * false for a glyph without outline. */
bool font_ink(const font_face *face, unsigned glyph, int box[4]);

/* Gives back the pages of the face's file that this process has read (the
 * kernel keeps them in its page cache). Looking up and subsetting glyphs
 * scattered over a 20 MB CJK face touches megabytes of it once; dropping
 * them after each face's work keeps a run's peak memory to one face's. */
void font_drop_pages(const font_face *face);

#endif
