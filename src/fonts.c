#define _DEFAULT_SOURCE /* madvise */
#include "fonts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include FT_FONT_FORMATS_H
#include FT_CID_H
#include FT_OUTLINE_H
#include <hb.h>

#include "i18n.h"

typedef struct mapped_file {
    char *path;
    unsigned char *data;
    size_t size;
    hb_blob_t *blob;
} mapped_file;

struct font_library {
    FT_Library ft;
    char **dirs;
    size_t dir_count;
    mapped_file *files;
    size_t file_count;
    font_face **faces;
    size_t face_count;
};

font_library *font_library_new(const char *const *dirs, size_t dir_count)
{
    font_library *lib = calloc(1, sizeof *lib);
    if (!lib || FT_Init_FreeType(&lib->ft)) {
        free(lib);
        return NULL;
    }
    lib->dirs = calloc(dir_count + 1, sizeof *lib->dirs);
    for (size_t i = 0; i < dir_count; i++)
        lib->dirs[lib->dir_count++] = strdup(dirs[i]);
    return lib;
}

void font_library_free(font_library *lib)
{
    if (!lib)
        return;
    for (size_t i = 0; i < lib->face_count; i++) {
        if (lib->faces[i]->ft_face)
            FT_Done_Face(lib->faces[i]->ft_face);
        if (lib->faces[i]->hb_face)
            hb_face_destroy(lib->faces[i]->hb_face);
        free((char *)lib->faces[i]->family);
        free((char *)lib->faces[i]->postscript_name);
        free(lib->faces[i]);
    }
    for (size_t i = 0; i < lib->file_count; i++) {
        hb_blob_destroy(lib->files[i].blob);
        munmap(lib->files[i].data, lib->files[i].size);
        free(lib->files[i].path);
    }
    for (size_t i = 0; i < lib->dir_count; i++)
        free(lib->dirs[i]);
    free(lib->dirs);
    free(lib->files);
    free(lib->faces);
    FT_Done_FreeType(lib->ft);
    free(lib);
}

static char *find_file(font_library *lib, const char *file)
{
    if (strchr(file, '/'))
        return access(file, F_OK) == 0 ? strdup(file) : NULL;
    for (size_t i = 0; i < lib->dir_count; i++) {
        size_t n = strlen(lib->dirs[i]) + strlen(file) + 2;
        char *path = malloc(n);
        snprintf(path, n, "%s/%s", lib->dirs[i], file);
        if (access(path, F_OK) == 0)
            return path;
        free(path);
    }
    return NULL;
}

bool font_library_has_file(font_library *lib, const char *file)
{
    char *path = find_file(lib, file);
    free(path);
    return path != NULL;
}

/* Fonts are mapped, not read, but a bound keeps a stray huge file out. */
#define FONT_MAX_BYTES ((off_t)512 << 20)

static mapped_file *map_file(font_library *lib, char *path, char *error, size_t error_size)
{
    for (size_t i = 0; i < lib->file_count; i++)
        if (!strcmp(lib->files[i].path, path)) {
            free(path);
            return &lib->files[i];
        }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    const char *why = fd < 0 || fstat(fd, &st) != 0 ? strerror(errno)
                      : !S_ISREG(st.st_mode)        ? _("it is not a regular file")
                      : st.st_size < 12             ? _("the file is too short to be a font")
                      : st.st_size > FONT_MAX_BYTES ? _("the file is larger than 512 MiB")
                                                    : NULL;
    if (why) {
        snprintf(error, error_size, _("cannot read font %s: %s"), path, why);
        if (fd >= 0)
            close(fd);
        free(path);
        return NULL;
    }
    void *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (data == MAP_FAILED) {
        snprintf(error, error_size, _("cannot read font %s: %s"), path, strerror(errno));
        free(path);
        return NULL;
    }
    lib->files = realloc(lib->files, (lib->file_count + 1) * sizeof *lib->files);
    mapped_file *m = &lib->files[lib->file_count++];
    m->path = path;
    m->data = data;
    m->size = (size_t)st.st_size;
    m->blob =
        hb_blob_create((const char *)data, (unsigned)m->size, HB_MEMORY_MODE_READONLY, NULL, NULL);
    return m;
}

/* The tables a subset is made of; the rest (cmap, bitmaps, layout,
 * hinting) the subsetter is not shown. */
static hb_blob_t *outline_tables(hb_face_t *face, hb_tag_t tag, void *user_data)
{
    (void)face;
    static const hb_tag_t kept[] = {HB_TAG('h', 'e', 'a', 'd'), HB_TAG('h', 'h', 'e', 'a'),
                                    HB_TAG('m', 'a', 'x', 'p'), HB_TAG('h', 'm', 't', 'x'),
                                    HB_TAG('l', 'o', 'c', 'a'), HB_TAG('g', 'l', 'y', 'f'),
                                    HB_TAG('O', 'S', '/', '2'), HB_TAG('p', 'o', 's', 't'),
                                    HB_TAG('n', 'a', 'm', 'e'), HB_TAG('C', 'F', 'F', ' ')};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (tag == kept[i])
            return hb_face_reference_table((hb_face_t *)user_data, tag);
    return hb_blob_get_empty();
}

static unsigned read16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t read32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What can be known of a face without opening it, in microseconds: the
 * collection holds it, its table directory and every table lie inside the
 * file, and the tables a face cannot do without are there. A font that is
 * truncated or is no font at all is so reported when the template naming
 * it is loaded, as before faces were opened only when first needed. */
static bool sfnt_header_ok(const unsigned char *data, size_t size, int index, char *reason,
                           size_t reason_size)
{
    uint64_t at = 0;
    if (!memcmp(data, "ttcf", 4)) {
        uint32_t faces = read32(data + 8);
        if ((uint64_t)index >= faces || 12 + 4 * (uint64_t)faces > size) {
            snprintf(reason, reason_size, _("the collection has %u faces"), faces);
            return false;
        }
        at = read32(data + 12 + 4 * (size_t)index);
    } else if (index != 0) {
        snprintf(reason, reason_size, _("the file holds one face, number 0"));
        return false;
    }
    uint32_t version = at + 12 <= size ? read32(data + at) : 0;
    if (version != 0x00010000 && version != 0x4F54544F /* OTTO */ &&
        version != 0x74727565 /* true */) {
        snprintf(reason, reason_size, _("unknown file format"));
        return false;
    }
    unsigned tables = read16(data + at + 4);
    if (at + 12 + 16 * (uint64_t)tables > size) {
        snprintf(reason, reason_size, _("its table directory ends past the end of the file"));
        return false;
    }
    /* The tables FreeType reads to open a face; damage to the outlines is
     * found glyph by glyph, where it matters (font_first_inkless). */
    static const char need[][5] = {"cmap", "head", "hhea", "hmtx", "maxp"};
    unsigned found = 0;
    bool outlines = false;
    unsigned upem = 0;
    for (unsigned i = 0; i < tables; i++) {
        const unsigned char *record = data + at + 12 + 16 * (size_t)i;
        uint64_t start = read32(record + 8), length = read32(record + 12);
        for (unsigned k = 0; k < sizeof need / sizeof *need; k++)
            if (!memcmp(record, need[k], 4)) {
                if (start + length > size) {
                    snprintf(reason, reason_size, _("its table %s ends past the end of the file"),
                             need[k]);
                    return false;
                }
                found |= 1u << k;
            }
        if (!memcmp(record, "head", 4) && length >= 20)
            upem = read16(data + start + 18);
        outlines = outlines || !memcmp(record, "glyf", 4) || !memcmp(record, "CFF ", 4);
    }
    if ((found & 2) && (upem < 16 || upem > 16384)) {
        snprintf(reason, reason_size, _("its em is %u units, where fonts have 16 to 16384"), upem);
        return false;
    }
    for (unsigned k = 0; k < sizeof need / sizeof *need; k++)
        if (!(found & 1u << k)) {
            snprintf(reason, reason_size, _("it has no %s table"), need[k]);
            return false;
        }
    if (!outlines)
        snprintf(reason, reason_size, _("it has no outlines (glyf or CFF table)"));
    return outlines;
}

static void destroy_face(void *user_data)
{
    hb_face_destroy((hb_face_t *)user_data);
}

/* The face as the subsetter sees it: its outlines and metrics only. Glyphs
 * are asked for by id and the subset gets a cmap of its own, so hb-subset
 * need not map a CJK face's whole Unicode table back to glyphs, nor read
 * its bitmaps, on every document. */
static hb_face_t *subset_source(hb_face_t *face)
{
    hb_face_t *view = hb_face_create_for_tables(outline_tables, face, destroy_face);
    hb_face_set_index(view, hb_face_get_index(face));
    hb_face_set_upem(view, hb_face_get_upem(face));
    hb_face_set_glyph_count(view, hb_face_get_glyph_count(face));
    return view;
}

static int thousandths(long units, unsigned upem)
{
    return (int)(units * 1000 / (long)upem);
}

/* The em box that lines are set on, and what a PDF font descriptor says of
 * the face. A CJK face's typographic ascender and descender are its
 * ideographic em box (880 and -120 in Noto CJK); hhea's values are the
 * extremes of every script's glyphs (1160, -288), which would set Chinese
 * text low in its line. Like dvipdfmx, the descriptor gives the em box. */
static void describe(font_face *f, FT_Face ft)
{
    const char *ps = FT_Get_Postscript_Name(ft);
    f->postscript_name = strdup(ps ? ps : "Unnamed");
    unsigned upem = ft->units_per_EM;
    f->bbox[0] = thousandths(ft->bbox.xMin, upem), f->bbox[1] = thousandths(ft->bbox.yMin, upem);
    f->bbox[2] = thousandths(ft->bbox.xMax, upem), f->bbox[3] = thousandths(ft->bbox.yMax, upem);
    const TT_OS2 *os2 = FT_Get_Sfnt_Table(ft, FT_SFNT_OS2);
    long ascender = ft->ascender, descender = ft->descender;
    if (os2 && os2->version != 0xFFFF && os2->sTypoAscender > 0 && os2->sTypoDescender <= 0 &&
        os2->sTypoAscender - os2->sTypoDescender >= (long)upem * 9 / 10)
        ascender = os2->sTypoAscender, descender = os2->sTypoDescender;
    f->ascender = (double)ascender / upem;
    f->descender = (double)descender / upem;
    f->ascent = thousandths(ascender, upem);
    f->descent = thousandths(descender, upem);
    f->cap_height = os2 && os2->version >= 2 && os2->sCapHeight ? thousandths(os2->sCapHeight, upem)
                                                                : f->ascent;
}

/* FreeType's own words for its error codes, from its list of them. */
typedef struct freetype_message {
    int code;
    const char *text;
} freetype_message;

// clang-format off
#undef FTERRORS_H_
#define FT_ERRORDEF(e, v, s) {e, s},
#define FT_ERROR_START_LIST  {
#define FT_ERROR_END_LIST    {0, NULL}};
static const freetype_message freetype_messages[] =
#include FT_ERRORS_H

static const char *freetype_error(FT_Error code)
{
    for (size_t i = 0; freetype_messages[i].text; i++)
        if (freetype_messages[i].code == code)
            return freetype_messages[i].text;
    return _("an unknown FreeType error");
}
// clang-format on

static bool open_face(font_face *f, char *error, size_t error_size)
{
    FT_Face ft;
    FT_Error err = FT_New_Memory_Face(f->library->ft, f->data, (FT_Long)f->size, f->index, &ft);
    if (err) {
        snprintf(error, error_size, _("the font file %s is damaged or not a font: %s (face %d)"),
                 f->path, freetype_error(err), f->index);
        return false;
    }
    if (ft->units_per_EM < 16 || ft->units_per_EM > 16384) {
        snprintf(error, error_size,
                 _("the font file %s is damaged or not a font: its em is %u units, where fonts "
                   "have 16 to 16384"),
                 f->path, (unsigned)ft->units_per_EM);
        FT_Done_Face(ft);
        return false;
    }
    if (!FT_IS_SFNT(ft) || !FT_IS_SCALABLE(ft) || FT_Select_Charmap(ft, FT_ENCODING_UNICODE)) {
        snprintf(error, error_size, _("%s is not a TrueType or OpenType font with a Unicode map"),
                 f->path);
        FT_Done_Face(ft);
        return false;
    }
    /* CFF outlines are embedded as a CID-keyed font program, whose charset
     * the subsetter's output can be given; a name-keyed one has none. */
    bool cff = !strcmp(FT_Get_Font_Format(ft), "CFF");
    FT_Bool cid_keyed = 0;
    if (cff && (FT_Get_CID_Is_Internally_CID_Keyed(ft, &cid_keyed) || !cid_keyed)) {
        snprintf(error, error_size,
                 _("%s has name-keyed CFF outlines; use its TrueType or CID-keyed version"),
                 f->path);
        FT_Done_Face(ft);
        return false;
    }
    f->cff = cff;
    f->family = strdup(ft->family_name ? ft->family_name : "?");
    f->units_per_em = ft->units_per_EM;
    f->ft_face = ft;
    describe(f, ft);
    f->hb_face = subset_source(hb_face_create(f->blob, (unsigned)f->index));
    return true;
}

bool font_open(const font_face *face, char *error, size_t error_size)
{
    if (face->ft_face)
        return true;
    /* The one change made to a shared face: it is filled on first need. */
    return open_face((font_face *)face, error, error_size);
}

/* The face, found and its header checked, but not opened. */
static const font_face *declare(font_library *lib, const char *file, int index, char *error,
                                size_t error_size)
{
    char *path = find_file(lib, file);
    if (!path) {
        snprintf(error, error_size,
                 strchr(file, '/') ? _("font %s not found")
                                   : _("font %s not found in the font directories"),
                 file);
        return NULL;
    }
    for (size_t i = 0; i < lib->face_count; i++)
        if (!strcmp(lib->faces[i]->path, path) && lib->faces[i]->index == index) {
            free(path);
            return lib->faces[i];
        }
    mapped_file *m = map_file(lib, path, error, error_size);
    if (!m)
        return NULL;
    char reason[200];
    if (!sfnt_header_ok(m->data, m->size, index, reason, sizeof reason)) {
        snprintf(error, error_size, _("the font file %s is damaged or not a font: %s (face %d)"),
                 m->path, reason, index);
        return NULL;
    }
    font_face *f = calloc(1, sizeof *f);
    *f = (font_face){.path = m->path,
                     .index = index,
                     .library = lib,
                     .blob = m->blob,
                     .data = m->data,
                     .size = m->size};
    lib->faces = realloc(lib->faces, (lib->face_count + 1) * sizeof *lib->faces);
    lib->faces[lib->face_count++] = f;
    return f;
}

const font_face *font_library_declare(font_library *lib, const char *file, int index, char *error,
                                      size_t error_size)
{
    return declare(lib, file, index, error, error_size);
}

const font_face *font_library_face(font_library *lib, const char *file, int index, char *error,
                                   size_t error_size)
{
    const font_face *f = declare(lib, file, index, error, error_size);
    return f && font_open(f, error, error_size) ? f : NULL;
}

unsigned font_glyph(const font_face *face, uint32_t cp)
{
    return FT_Get_Char_Index((FT_Face)face->ft_face, cp);
}

int font_advance(const font_face *face, unsigned glyph)
{
    FT_Fixed advance = 0;
    FT_Get_Advance((FT_Face)face->ft_face, glyph, FT_LOAD_NO_SCALE, &advance);
    return (int)((unsigned long)advance * 1000 / face->units_per_em);
}

bool font_ink(const font_face *face, unsigned glyph, int box[4])
{
    FT_Face ft = (FT_Face)face->ft_face;
    if (FT_Load_Glyph(ft, glyph, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) ||
        ft->glyph->format != FT_GLYPH_FORMAT_OUTLINE || !ft->glyph->outline.n_points)
        return false;
    FT_BBox b;
    FT_Outline_Get_CBox(&ft->glyph->outline, &b);
    unsigned upem = face->units_per_em;
    box[0] = thousandths(b.xMin, upem), box[1] = thousandths(b.yMin, upem);
    box[2] = thousandths(b.xMax, upem), box[3] = thousandths(b.yMax, upem);
    return true;
}

void font_drop_pages(const font_face *face)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = (uintptr_t)face->data & ~(page - 1);
    /* The mapping is private, read-only and never written: pages dropped
     * are read again, unchanged, from the page cache when next touched. */
    madvise((void *)start, face->size + ((uintptr_t)face->data - start), MADV_DONTNEED);
}
