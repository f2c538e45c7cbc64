#include "ofd.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "subset.h"
#include "utf8.h"

#define OFD_NAMESPACE "http://www.ofdspec.org/2016"

/* OFD measures in millimetres from the top left. Every length is first
 * rounded to a whole number of ten-thousandths of a millimetre (0.0003 pt):
 * a glyph's DeltaX is the difference of two such numbers, so the offsets
 * add up to each glyph's position exactly, however long the line. */
typedef long length_units;

static length_units units_of(double points)
{
    return lround(points * 254000.0 / 72.0);
}

/* A length in millimetres, with no trailing zeros. */
static char *format_length(char *out, length_units v)
{
    char *p = out;
    if (v < 0)
        *p++ = '-', v = -v;
    p += sprintf(p, "%ld", v / 10000);
    if (v % 10000) {
        p += sprintf(p, ".%04ld", v % 10000);
        while (p[-1] == '0')
            p--;
    }
    *p = 0;
    return out;
}

/* One face's characters in this document, in code-point order, and the
 * resource that embeds them. */
typedef struct ofd_face {
    const font_face *face;
    uint32_t *cps;
    unsigned *glyphs;
    size_t count;
    unsigned id;
    char file[32];
} ofd_face;

/* A finished part of the package, waiting to be put into the zip in order. */
typedef struct package_part {
    char path[64];
    unsigned char *data;
    size_t size;
    size_t order; /* as added */
} package_part;

typedef struct ofd_writer {
    const laid_out *doc;
    ofd_face *faces;
    size_t face_count;
    package_part *parts;
    size_t part_count;
    unsigned last_id;    /* every object's ID is unique in the document */
    unsigned cmyk_space; /* the CMYK colour space's ID, 0 when no colour is CMYK */
    unsigned *page_ids;
    char *error;
    size_t error_size;
} ofd_writer;

static int fail(ofd_writer *w, const char *format, ...)
{
    if (!w->error[0]) {
        va_list ap;
        va_start(ap, format);
        vsnprintf(w->error, w->error_size, format, ap);
        va_end(ap);
    }
    return -1;
}

/* ---- faces --------------------------------------------------------------- */

static ofd_face *face_of(ofd_writer *w, const font_face *face)
{
    for (size_t i = 0; i < w->face_count; i++)
        if (w->faces[i].face == face)
            return &w->faces[i];
    w->faces = realloc(w->faces, (w->face_count + 1) * sizeof *w->faces);
    ofd_face *f = &w->faces[w->face_count++];
    memset(f, 0, sizeof *f);
    f->face = face;
    return f;
}

static int by_value(const void *a, const void *b)
{
    const uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Each face's distinct (code point, glyph) pairs, sorted: the layout gives
 * a code point one glyph in a face, so the font's cmap can say which. */
static void collect_faces(ofd_writer *w)
{
    const laid_out *d = w->doc;
    for (size_t p = 0; p < d->page_count; p++)
        for (size_t i = 0; i < d->pages[p].glyph_count; i++)
            face_of(w, d->pages[p].glyphs[i].face)->count++;
    for (size_t k = 0; k < w->face_count; k++) {
        ofd_face *f = &w->faces[k];
        uint64_t *pairs = malloc((f->count + 1) * sizeof *pairs);
        size_t n = 0;
        for (size_t p = 0; p < d->page_count; p++)
            for (size_t i = 0; i < d->pages[p].glyph_count; i++) {
                const placed_glyph *g = &d->pages[p].glyphs[i];
                if (g->face == f->face)
                    pairs[n++] = (uint64_t)g->cp << 32 | g->glyph;
            }
        qsort(pairs, n, sizeof *pairs, by_value);
        f->cps = malloc((n + 1) * sizeof *f->cps);
        f->glyphs = malloc((n + 1) * sizeof *f->glyphs);
        f->count = 0;
        for (size_t i = 0; i < n; i++) {
            if (i && pairs[i] >> 32 == pairs[i - 1] >> 32)
                continue;
            f->cps[f->count] = (uint32_t)(pairs[i] >> 32);
            f->glyphs[f->count++] = (unsigned)(pairs[i] & 0xFFFFFFFFu);
        }
        free(pairs);
        f->id = ++w->last_id;
        snprintf(f->file, sizeof f->file, "font_%u.%s", f->id, f->face->cff ? "otf" : "ttf");
    }
}

/* A CMYK colour space is declared when the pages (for the press) use one. */
static void find_colour_spaces(ofd_writer *w)
{
    const laid_out *d = w->doc;
    bool cmyk = false;
    for (size_t p = 0; p < d->page_count && !cmyk; p++) {
        for (size_t i = 0; i < d->pages[p].glyph_count; i++)
            cmyk |= d->pages[p].glyphs[i].color.space == COLOUR_CMYK;
        for (size_t i = 0; i < d->pages[p].rule_count; i++)
            cmyk |= d->pages[p].rules[i].color.space == COLOUR_CMYK;
        for (size_t i = 0; i < d->pages[p].shape_count; i++)
            cmyk |= d->pages[p].shapes[i].fill.space == COLOUR_CMYK ||
                    d->pages[p].shapes[i].stroke.space == COLOUR_CMYK;
    }
    if (cmyk)
        w->cmyk_space = ++w->last_id;
}

static void add_part(ofd_writer *w, const char *path, unsigned char *data, size_t size)
{
    w->parts = realloc(w->parts, (w->part_count + 1) * sizeof *w->parts);
    package_part *part = &w->parts[w->part_count++];
    snprintf(part->path, sizeof part->path, "%s", path);
    part->data = data;
    part->size = size;
    part->order = w->part_count - 1;
}

/* The face's OS/2 fsType when its licence allows no embedding of its
 * outlines (restricted, or bitmaps only), else 0. */
static unsigned forbidden_embedding(const font_face *face)
{
    const TT_OS2 *os2 = FT_Get_Sfnt_Table((FT_Face)face->ft_face, FT_SFNT_OS2);
    if (os2 && ((os2->fsType & 0x000F) == 0x0002 || (os2->fsType & 0x0200)))
        return os2->fsType;
    return 0;
}

static int embed_faces(ofd_writer *w)
{
    for (size_t k = 0; k < w->face_count; k++) {
        ofd_face *f = &w->faces[k];
        unsigned fs_type = forbidden_embedding(f->face);
        if (fs_type)
            return fail(w,
                        "the licence of %s forbids embedding it (OS/2 fsType %#x), and an OFD "
                        "package must hold its faces: name another face in the template",
                        f->face->path, fs_type);
        size_t size = 0;
        unsigned char *font = subset_face_file(f->face, f->cps, f->glyphs, f->count, &size);
        if (!font)
            return fail(w, "cannot make a font file of %s for the OFD package", f->face->path);
        char path[64];
        snprintf(path, sizeof path, "Doc_0/Res/%s", f->file);
        add_part(w, path, font, size);
    }
    return 0;
}

/* ---- XML ----------------------------------------------------------------- */

typedef struct xml_part {
    xmlBufferPtr buffer;
    xmlTextWriterPtr out;
} xml_part;

static void start(xmlTextWriterPtr out, const char *name)
{
    xmlTextWriterStartElementNS(out, BAD_CAST "ofd", BAD_CAST name, NULL);
}

static void end(xmlTextWriterPtr out)
{
    xmlTextWriterEndElement(out);
}

static void attribute(xmlTextWriterPtr out, const char *name, const char *value)
{
    xmlTextWriterWriteAttribute(out, BAD_CAST name, BAD_CAST value);
}

static void attribute_number(xmlTextWriterPtr out, const char *name, unsigned long value)
{
    xmlTextWriterWriteFormatAttribute(out, BAD_CAST name, "%lu", value);
}

static void attribute_length(xmlTextWriterPtr out, const char *name, length_units value)
{
    char text[32];
    attribute(out, name, format_length(text, value));
}

/* <ofd:NAME>text</ofd:NAME>; the writer escapes < & and the rest. */
static void text_element(xmlTextWriterPtr out, const char *name, const char *text)
{
    start(out, name);
    xmlTextWriterWriteString(out, BAD_CAST text);
    end(out);
}

static xmlTextWriterPtr part_begin(xml_part *part, const char *root)
{
    part->buffer = xmlBufferCreate();
    part->out = part->buffer ? xmlNewTextWriterMemory(part->buffer, 0) : NULL;
    if (!part->out)
        return NULL;
    xmlTextWriterStartDocument(part->out, NULL, "UTF-8", NULL);
    xmlTextWriterStartElementNS(part->out, BAD_CAST "ofd", BAD_CAST root, BAD_CAST OFD_NAMESPACE);
    return part->out;
}

/* Closes every element and queues the part for the package. */
static int part_end(ofd_writer *w, xml_part *part, const char *path)
{
    int status = part->out ? xmlTextWriterEndDocument(part->out) : -1;
    if (part->out)
        xmlFreeTextWriter(part->out); /* flushes into the buffer */
    unsigned char *data = NULL;
    size_t size = part->buffer ? (size_t)xmlBufferLength(part->buffer) : 0;
    if (status >= 0 && size && (data = malloc(size)))
        memcpy(data, xmlBufferContent(part->buffer), size);
    if (part->buffer)
        xmlBufferFree(part->buffer);
    if (!data)
        return fail(w, "cannot write %s of the OFD package", path);
    add_part(w, path, data, size);
    return 0;
}

/* Grey and RGB in OFD's default colour space, RGB, as three numbers from 0
 * to 255 (a grey's three equal); CMYK through the CMYK colour space that
 * PublicRes declares when any colour needs it. */
static void colour_element(const ofd_writer *w, xmlTextWriterPtr out, const char *name, colour c)
{
    start(out, name);
    long v[4];
    for (int i = 0; i < 4; i++)
        v[i] = lroundf(c.v[i] * 255);
    if (c.space == COLOUR_CMYK) {
        attribute_number(out, "ColorSpace", w->cmyk_space);
        xmlTextWriterWriteFormatAttribute(out, BAD_CAST "Value", "%ld %ld %ld %ld", v[0], v[1],
                                          v[2], v[3]);
    } else if (c.space == COLOUR_RGB) {
        xmlTextWriterWriteFormatAttribute(out, BAD_CAST "Value", "%ld %ld %ld", v[0], v[1], v[2]);
    } else {
        xmlTextWriterWriteFormatAttribute(out, BAD_CAST "Value", "%ld %ld %ld", v[0], v[0], v[0]);
    }
    end(out);
}

static void box_attribute(xmlTextWriterPtr out, const char *name, const length_units box[4])
{
    char a[32], b[32], c[32], d[32];
    xmlTextWriterWriteFormatAttribute(out, BAD_CAST name, "%s %s %s %s", format_length(a, box[0]),
                                      format_length(b, box[1]), format_length(c, box[2]),
                                      format_length(d, box[3]));
}

/* ---- pages --------------------------------------------------------------- */

/* A rule as a stroked path; its boundary holds the line and its square caps. */
static void write_rule(ofd_writer *w, xmlTextWriterPtr out, const rule_box *rb)
{
    const double height = w->doc->page_height, half = rb->width / 2;
    double x0 = fmin(rb->x0, rb->x1) - half, top = height - fmax(rb->y0, rb->y1) - half;
    length_units box[4] = {units_of(x0), units_of(top), units_of(fabs(rb->x1 - rb->x0) + rb->width),
                           units_of(fabs(rb->y1 - rb->y0) + rb->width)};
    start(out, "PathObject");
    attribute_number(out, "ID", ++w->last_id);
    box_attribute(out, "Boundary", box);
    attribute_length(out, "LineWidth", units_of(rb->width));
    attribute(out, "Cap", "Square");
    colour_element(w, out, "StrokeColor", rb->color);
    char a[32], b[32], c[32], d[32];
    start(out, "AbbreviatedData");
    xmlTextWriterWriteFormatString(out, "M %s %s L %s %s",
                                   format_length(a, units_of(rb->x0) - box[0]),
                                   format_length(b, units_of(height - rb->y0) - box[1]),
                                   format_length(c, units_of(rb->x1) - box[0]),
                                   format_length(d, units_of(height - rb->y1) - box[1]));
    end(out);
    end(out);
}

/* The bounding box of a shape's points, widened by half its stroke: the
 * PathObject's Boundary, to which its data is relative. */
static void shape_box_units(const ofd_writer *w, const shape_box *s, length_units box[4])
{
    double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9, half = s->stroke_width / 2;
    for (size_t i = 0; i < s->segment_count; i++) {
        const path_segment *g = &s->segments[i];
        for (int k = 0; k < (g->op == PATH_CURVE ? 3 : g->op == PATH_CLOSE ? 0 : 1); k++) {
            double x = g->x[k], y = w->doc->page_height - g->y[k];
            x0 = fmin(x0, x), x1 = fmax(x1, x), y0 = fmin(y0, y), y1 = fmax(y1, y);
        }
    }
    box[0] = units_of(x0 - half), box[1] = units_of(y0 - half);
    box[2] = units_of(x1 - x0 + 2 * half), box[3] = units_of(y1 - y0 + 2 * half);
}

/* A shape (a bar, a line of values, a wedge) as a path object: M, L, B
 * (a cubic Bézier curve) and C (close), relative to its boundary. */
static void write_shape(ofd_writer *w, xmlTextWriterPtr out, const shape_box *s)
{
    if (!s->segment_count || (!s->filled && s->stroke_width <= 0))
        return;
    length_units box[4];
    shape_box_units(w, s, box);
    start(out, "PathObject");
    attribute_number(out, "ID", ++w->last_id);
    box_attribute(out, "Boundary", box);
    attribute(out, "Stroke", s->stroke_width > 0 ? "true" : "false");
    attribute(out, "Fill", s->filled ? "true" : "false");
    if (s->stroke_width > 0) {
        attribute_length(out, "LineWidth", units_of(s->stroke_width));
        attribute(out, "Join", "Round");
        colour_element(w, out, "StrokeColor", s->stroke);
    }
    if (s->filled)
        colour_element(w, out, "FillColor", s->fill);
    char *data = malloc(s->segment_count * 150 + 1), *p = data, a[32], b[32];
    *p = 0;
    for (size_t i = 0; data && i < s->segment_count; i++) {
        const path_segment *g = &s->segments[i];
        static const char ops[] = {
            [PATH_MOVE] = 'M', [PATH_LINE] = 'L', [PATH_CURVE] = 'B', [PATH_CLOSE] = 'C'};
        p += sprintf(p, "%s%c", i ? " " : "", ops[g->op]);
        for (int k = 0; k < (g->op == PATH_CURVE ? 3 : g->op == PATH_CLOSE ? 0 : 1); k++)
            p += sprintf(p, " %s %s", format_length(a, units_of(g->x[k]) - box[0]),
                         format_length(b, units_of(w->doc->page_height - g->y[k]) - box[1]));
    }
    start(out, "AbbreviatedData");
    if (data)
        xmlTextWriterWriteString(out, BAD_CAST data);
    end(out);
    end(out);
    free(data);
}

static bool same_colour(colour a, colour b)
{
    return a.space == b.space && !memcmp(a.v, b.v, sizeof a.v);
}

/* Glyphs i..j-1 share face, size, colour and baseline, and stand on one
 * line: one text object. */
static size_t run_end(const page_box *pg, size_t i)
{
    const placed_glyph *a = &pg->glyphs[i];
    size_t j = i + 1;
    for (; j < pg->glyph_count; j++) {
        const placed_glyph *prev = &pg->glyphs[j - 1], *g = &pg->glyphs[j];
        float gap = g->x - (prev->x + prev->advance);
        if (g->face != a->face || g->size != a->size || g->y != a->y ||
            !same_colour(g->color, a->color) || gap < -0.5f * prev->size || gap > 2.0f * prev->size)
            break;
    }
    return j;
}

/* Readers that draw with an installed face (not the embedded one) pick its
 * weight from the text's Weight and the font's Bold. */
static bool is_bold(const font_face *face)
{
    return ((FT_Face)face->ft_face)->style_flags & FT_STYLE_FLAG_BOLD;
}

/* DeltaX: each glyph's offset from the one before, in rounded units, so
 * that their sum lands on the glyph's own rounded position. */
static char *delta_x(const placed_glyph *glyphs, size_t count)
{
    char *text = malloc(count * 24 + 1), *p = text;
    *p = 0;
    for (size_t k = 1; k < count; k++) {
        char number[32];
        length_units step = units_of(glyphs[k].x) - units_of(glyphs[k - 1].x);
        p += sprintf(p, "%s%s", k > 1 ? " " : "", format_length(number, step));
    }
    return text;
}

static void write_text(ofd_writer *w, xmlTextWriterPtr out, const placed_glyph *glyphs,
                       size_t count)
{
    const placed_glyph *first = &glyphs[0], *last = &glyphs[count - 1];
    const font_face *face = first->face;
    double ascender = face->ascender > 0 ? face->ascender : 1.0;
    double descender = face->descender < 0 ? face->descender : -0.25;
    double baseline = w->doc->page_height - first->y;
    length_units box[4] = {units_of(first->x), units_of(baseline - ascender * first->size),
                           units_of(last->x + last->advance) - units_of(first->x),
                           units_of((ascender - descender) * first->size)};
    start(out, "TextObject");
    attribute_number(out, "ID", ++w->last_id);
    box_attribute(out, "Boundary", box);
    attribute_number(out, "Font", face_of(w, face)->id);
    attribute_length(out, "Size", units_of(first->size));
    if (is_bold(face))
        attribute(out, "Weight", "700");
    colour_element(w, out, "FillColor", first->color);
    start(out, "TextCode");
    attribute(out, "X", "0");
    attribute_length(out, "Y", units_of(baseline) - box[1]);
    if (count > 1) {
        char *deltas = delta_x(glyphs, count);
        attribute(out, "DeltaX", deltas);
        free(deltas);
    }
    char *text = malloc(count * 4 + 1);
    size_t n = 0;
    for (size_t k = 0; k < count; k++)
        n += utf8_encode(glyphs[k].cp, text + n);
    text[n] = 0;
    xmlTextWriterWriteString(out, BAD_CAST text);
    free(text);
    end(out);
    end(out);
}

static int write_page(ofd_writer *w, size_t index)
{
    const page_box *pg = &w->doc->pages[index];
    xml_part part;
    xmlTextWriterPtr out = part_begin(&part, "Page");
    if (out) {
        start(out, "Content");
        start(out, "Layer");
        attribute_number(out, "ID", ++w->last_id);
        for (size_t i = 0; i < pg->rule_count; i++)
            write_rule(w, out, &pg->rules[i]);
        for (size_t i = 0; i < pg->shape_count; i++)
            write_shape(w, out, &pg->shapes[i]);
        for (size_t i = 0; i < pg->glyph_count;) {
            size_t j = run_end(pg, i);
            write_text(w, out, pg->glyphs + i, j - i);
            i = j;
        }
    }
    char path[64];
    snprintf(path, sizeof path, "Doc_0/Pages/Page_%zu/Content.xml", index);
    return part_end(w, &part, path);
}

/* ---- the document -------------------------------------------------------- */

static void write_public_res(ofd_writer *w, xmlTextWriterPtr out)
{
    attribute(out, "BaseLoc", "Res");
    if (w->cmyk_space) {
        start(out, "ColorSpaces");
        start(out, "ColorSpace");
        attribute_number(out, "ID", w->cmyk_space);
        attribute(out, "Type", "CMYK");
        end(out);
        end(out);
    }
    if (!w->face_count)
        return;
    start(out, "Fonts");
    for (size_t k = 0; k < w->face_count; k++) {
        const ofd_face *f = &w->faces[k];
        start(out, "Font");
        attribute_number(out, "ID", f->id);
        attribute(out, "FontName", f->face->postscript_name);
        attribute(out, "FamilyName", f->face->family);
        if (is_bold(f->face))
            attribute(out, "Bold", "true");
        text_element(out, "FontFile", f->file);
        end(out);
    }
    end(out);
}

static int outline_level(const outline_entry *e)
{
    return e->level < 1 ? 1 : e->level > 4 ? 4 : e->level;
}

/* Entry i and the entries below it; returns the next entry of its level
 * or above. */
static size_t write_outline(ofd_writer *w, xmlTextWriterPtr out, size_t i)
{
    const laid_out *d = w->doc;
    const outline_entry *e = &d->outline[i];
    start(out, "OutlineElem");
    attribute(out, "Title", e->title);
    start(out, "Actions");
    start(out, "Action");
    attribute(out, "Event", "CLICK");
    start(out, "Goto");
    start(out, "Dest");
    attribute(out, "Type", "XYZ");
    attribute_number(out, "PageID", w->page_ids[e->page < d->page_count ? e->page : 0]);
    attribute(out, "Left", "0");
    attribute_length(out, "Top", units_of(d->page_height - e->y));
    end(out), end(out), end(out), end(out);
    size_t j = i + 1;
    while (j < d->outline_count && outline_level(&d->outline[j]) > outline_level(e))
        j = write_outline(w, out, j);
    end(out);
    return j;
}

static void write_document(ofd_writer *w, xmlTextWriterPtr out)
{
    const laid_out *d = w->doc;
    char number[32];
    start(out, "CommonData");
    snprintf(number, sizeof number, "%u", w->last_id);
    text_element(out, "MaxUnitID", number);
    start(out, "PageArea");
    char width[32], height[32];
    start(out, "PhysicalBox");
    xmlTextWriterWriteFormatString(out, "0 0 %s %s", format_length(width, units_of(d->page_width)),
                                   format_length(height, units_of(d->page_height)));
    end(out);
    end(out);
    text_element(out, "PublicRes", "PublicRes.xml");
    end(out);
    start(out, "Pages");
    for (size_t p = 0; p < d->page_count; p++) {
        char path[64];
        snprintf(path, sizeof path, "Pages/Page_%zu/Content.xml", p);
        start(out, "Page");
        attribute_number(out, "ID", w->page_ids[p]);
        attribute(out, "BaseLoc", path);
        end(out);
    }
    end(out);
    if (d->outline_count) {
        start(out, "Outlines");
        for (size_t i = 0; i < d->outline_count;)
            i = write_outline(w, out, i);
        end(out);
        start(out, "VPreferences");
        text_element(out, "PageMode", "UseOutlines");
        end(out);
    }
}

/* DocID: 32 hexadecimal digits of the pages' fingerprint, so the same
 * bulletin has the same ID in every run. */
static void document_id(const laid_out *d, char id[33])
{
    uint64_t h[2];
    laid_out_fingerprint(d, h);
    snprintf(id, 33, "%016llx%016llx", (unsigned long long)h[0], (unsigned long long)h[1]);
}

static void write_entry(xmlTextWriterPtr out, const char *name, const char *text)
{
    if (text && *text)
        text_element(out, name, text);
}

static void write_ofd(ofd_writer *w, const ofd_options *o, xmlTextWriterPtr out)
{
    const laid_out *d = w->doc;
    attribute(out, "Version", "1.0");
    attribute(out, "DocType", "OFD");
    start(out, "DocBody");
    start(out, "DocInfo");
    char id[33], date[16];
    document_id(d, id);
    text_element(out, "DocID", id);
    write_entry(out, "Title", d->title);
    write_entry(out, "Author", d->author);
    write_entry(out, "Subject", d->subject);
    snprintf(date, sizeof date, "%04d-%02d-%02d", d->year, d->month, d->day);
    text_element(out, "CreationDate", date);
    write_entry(out, "Creator", o->creator);
    write_entry(out, "CreatorVersion", o->creator_version);
    end(out);
    text_element(out, "DocRoot", "Doc_0/Document.xml");
    end(out);
}

/* ---- the package --------------------------------------------------------- */

/* Where each part goes in the zip: the entry point, the document, its
 * resources, then the pages in order. */
static int part_rank(const char *path)
{
    return !strcmp(path, "OFD.xml")               ? 0
           : !strcmp(path, "Doc_0/Document.xml")  ? 1
           : !strcmp(path, "Doc_0/PublicRes.xml") ? 2
           : !strncmp(path, "Doc_0/Res/", 10)     ? 3
                                                  : 4;
}

static int by_rank(const void *a, const void *b)
{
    const package_part *x = a, *y = b;
    int rx = part_rank(x->path), ry = part_rank(y->path);
    return rx != ry ? rx - ry : x->order < y->order ? -1 : x->order > y->order;
}

/* Every entry carries the bulletin's date at midnight (MS-DOS time, which
 * has no zone), so the bytes never depend on the clock. */
static unsigned dos_date(const laid_out *d)
{
    if (d->year < 1980 || d->year > 2107 || d->month < 1 || d->day < 1)
        return 1 << 5 | 1; /* 1980-01-01 */
    return (unsigned)((d->year - 1980) << 9 | d->month << 5 | d->day);
}

static int add_to_zip(ofd_writer *w, zip_t *zip, package_part *part)
{
    zip_source_t *source = zip_source_buffer(zip, part->data, part->size, 1);
    if (!source)
        return fail(w, "libzip: %s", zip_strerror(zip));
    part->data = NULL; /* the source owns it now */
    zip_int64_t index = zip_file_add(zip, part->path, source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
        zip_source_free(source);
        return fail(w, "libzip: %s", zip_strerror(zip));
    }
    zip_uint64_t i = (zip_uint64_t)index;
    if (zip_set_file_compression(zip, i, ZIP_CM_DEFLATE, 0) != 0 ||
        zip_file_set_dostime(zip, i, 0, (zip_uint16_t)dos_date(w->doc), 0) != 0 ||
        zip_file_set_external_attributes(zip, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
        return fail(w, "libzip: %s", zip_strerror(zip));
    return 0;
}

/* The zip is built in memory and its bytes copied out. */
static int write_zip(ofd_writer *w, ofd_bytes *out)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *buffer = zip_source_buffer_create(NULL, 0, 0, &error);
    zip_t *zip = buffer ? zip_open_from_source(buffer, ZIP_TRUNCATE, &error) : NULL;
    if (!zip) {
        fail(w, "libzip: %s", zip_error_strerror(&error));
        zip_error_fini(&error);
        zip_source_free(buffer);
        return -1;
    }
    zip_source_keep(buffer);
    qsort(w->parts, w->part_count, sizeof *w->parts, by_rank);
    int status = 0;
    for (size_t i = 0; i < w->part_count && status == 0; i++)
        status = add_to_zip(w, zip, &w->parts[i]);
    if (status != 0) {
        zip_discard(zip);
    } else if (zip_close(zip) != 0) {
        status = fail(w, "libzip: %s", zip_strerror(zip));
        zip_discard(zip);
    }
    zip_int64_t size = -1;
    if (status == 0 && zip_source_open(buffer) == 0) {
        zip_source_seek(buffer, 0, SEEK_END);
        size = zip_source_tell(buffer);
        zip_source_seek(buffer, 0, SEEK_SET);
        out->data = size > 0 ? malloc((size_t)size) : NULL;
        if (!out->data || zip_source_read(buffer, out->data, (zip_uint64_t)size) != size)
            status = fail(w, "cannot read back the OFD package");
        out->size = (size_t)size;
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    zip_error_fini(&error);
    return status;
}

static int build(ofd_writer *w, const ofd_options *o, ofd_bytes *out)
{
    collect_faces(w);
    find_colour_spaces(w);
    if (embed_faces(w) != 0)
        return -1;
    w->page_ids = calloc(w->doc->page_count + 1, sizeof *w->page_ids);
    for (size_t p = 0; p < w->doc->page_count; p++)
        w->page_ids[p] = ++w->last_id;
    for (size_t p = 0; p < w->doc->page_count; p++)
        if (write_page(w, p) != 0)
            return -1;
    xml_part part;
    xmlTextWriterPtr x = part_begin(&part, "Res");
    if (x)
        write_public_res(w, x);
    if (part_end(w, &part, "Doc_0/PublicRes.xml") != 0)
        return -1;
    if ((x = part_begin(&part, "Document")))
        write_document(w, x);
    if (part_end(w, &part, "Doc_0/Document.xml") != 0)
        return -1;
    if ((x = part_begin(&part, "OFD")))
        write_ofd(w, o, x);
    if (part_end(w, &part, "OFD.xml") != 0)
        return -1;
    return write_zip(w, out);
}

int render_ofd(const laid_out *doc, const ofd_options *options, ofd_bytes *out, char *error,
               size_t error_size)
{
    ofd_writer w = {.doc = doc, .error = error, .error_size = error_size};
    out->data = NULL;
    out->size = 0;
    error[0] = 0;
    int status = build(&w, options, out);
    if (status != 0) {
        free(out->data);
        out->data = NULL;
    }
    for (size_t k = 0; k < w.face_count; k++)
        free(w.faces[k].cps), free(w.faces[k].glyphs);
    for (size_t i = 0; i < w.part_count; i++)
        free(w.parts[i].data);
    free(w.faces);
    free(w.parts);
    free(w.page_ids);
    return status;
}
