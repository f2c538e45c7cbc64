/* The ods reader (OpenDocument spreadsheets, as LibreOffice and WPS write
 * them): content.xml only, since each cell stores the text it shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "numfmt.h"
#include "sheet.h"
#include "sheet_zip.h"

typedef struct ods {
    arena *arena;
    sheet_package package;
    sheet_part part;
    const sheet_limits *limits;
    sheet *sheet;
    const char **hidden_styles; /* table styles with display="false" */
    size_t hidden_count, hidden_cap;
    uint32_t row, col;
    char *error;
    size_t error_size;
} ods;

static unsigned long count_attribute(ods *o, const char *name)
{
    const char *v = part_attribute(&o->part, o->arena, name);
    unsigned long n = v ? strtoul(v, NULL, 10) : 1;
    return n ? n : 1;
}

static void grow(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t want = (*len + n + 1) * 2;
        char *grown = realloc(*buf, want);
        if (!grown)
            return;
        *buf = grown, *cap = want;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = 0;
}

/* The cell's paragraphs as shown: text:s spaces, tabs and line breaks
 * written out; comments (office:annotation) left out. */
static const char *cell_text(ods *o)
{
    xmlTextReaderPtr xml = o->part.xml;
    if (xmlTextReaderIsEmptyElement(xml))
        return NULL;
    int depth = xmlTextReaderDepth(xml);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int paragraphs = 0;
    while (part_next(&o->part) == 1) {
        int type = xmlTextReaderNodeType(xml);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(xml) == depth)
            break;
        if (part_is_start(&o->part, "annotation")) {
            if (xmlTextReaderNext(xml) != 1 ||
                (xmlTextReaderNodeType(xml) == XML_READER_TYPE_END_ELEMENT &&
                 xmlTextReaderDepth(xml) == depth))
                break;
            if (xmlTextReaderNodeType(xml) != XML_READER_TYPE_ELEMENT)
                continue;
        }
        if (part_is_start(&o->part, "p") && paragraphs++)
            grow(&buf, &len, &cap, "\n", 1);
        else if (part_is_start(&o->part, "s")) {
            unsigned long n = count_attribute(o, "c");
            for (unsigned long i = 0; i < n && i < 256; i++)
                grow(&buf, &len, &cap, " ", 1);
        } else if (part_is_start(&o->part, "tab"))
            grow(&buf, &len, &cap, " ", 1);
        else if (part_is_start(&o->part, "line-break"))
            grow(&buf, &len, &cap, "\n", 1);
        else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                 type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(xml);
            if (v)
                grow(&buf, &len, &cap, v, strlen(v));
        }
    }
    const char *out = buf ? arena_strndup(o->arena, buf, len) : "";
    free(buf);
    return out;
}

static const char *date_text(arena *a, const char *v)
{
    int y, m, d, h = 0, mi = 0;
    int fields = v ? sscanf(v, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &h, &mi) : 0;
    if (fields < 3)
        return NULL;
    if (fields == 5 && (h || mi))
        return arena_printf(a, "%d年%d月%d日 %d:%02d", y, m, d, h, mi);
    return arena_printf(a, "%d年%d月%d日", y, m, d);
}

/* What a cell's attributes say; the text it shows is read after them. */
typedef struct cell_attributes {
    const char *type, *value, *date, *boolean, *string, *formula;
    bool error; /* calcext:value-type="error" beside office:value-type */
    unsigned long repeat, across, down;
} cell_attributes;

static cell_attributes read_attributes(ods *o)
{
    arena *a = o->arena;
    return (cell_attributes){
        part_attribute(&o->part, a, "value-type"),
        part_attribute(&o->part, a, "value"),
        part_attribute(&o->part, a, "date-value"),
        part_attribute(&o->part, a, "boolean-value"),
        part_attribute(&o->part, a, "string-value"),
        part_attribute(&o->part, a, "formula"),
        part_has_attribute(&o->part, "value-type", "error"),
        count_attribute(o, "number-columns-repeated"),
        count_attribute(o, "number-columns-spanned"),
        count_attribute(o, "number-rows-spanned"),
    };
}

static sheet_cell make_number(ods *o, const cell_attributes *at, const char *text)
{
    arena *a = o->arena;
    sheet_cell c = {.kind = SHEET_NUMBER, .shown = text};
    numfmt_shown general = at->value ? numfmt_show(a, NULL, at->value, false) : (numfmt_shown){0};
    if (!general.text) {
        c.kind = SHEET_TEXT;
        c.problem = _("the cell holds a number that cannot be read");
        return c;
    }
    c.number = at->value;
    if (!*text)
        c.shown = general.text;
    c.format = numfmt_guess(a, c.shown);
    c.decimals = sheet_places_shown(c.shown) + (strchr(c.shown, '%') ? 2 : 0);
    return c;
}

/* A cell's value from its attributes and the text it shows. */
static sheet_cell make_cell(ods *o, const cell_attributes *at, const char *text)
{
    arena *a = o->arena;
    const char *type = at->type;
    sheet_cell c = {.kind = SHEET_TEXT, .shown = text};
    if (at->error) {
        c.problem =
            arena_printf(a, _("the cell shows the error %s; correct it in the spreadsheet"), text);
    } else if (!type) {
        if (at->formula)
            c.problem = _("the formula has no stored result; open the file in LibreOffice or WPS "
                          "and save it, so that the results are stored");
    } else if (!strcmp(type, "float") || !strcmp(type, "percentage") || !strcmp(type, "currency")) {
        c = make_number(o, at, text);
    } else if (!strcmp(type, "date")) {
        c.kind = SHEET_DATE;
        c.shown = date_text(a, at->date);
        if (!c.shown)
            c.shown = "", c.problem = _("the cell holds a date that cannot be read");
    } else if (!strcmp(type, "boolean")) {
        c.kind = SHEET_BOOL;
        c.shown = at->boolean && !strcmp(at->boolean, "true") ? "TRUE" : "FALSE";
    } else if (!strcmp(type, "string")) {
        if (at->string)
            c.shown = at->string;
    } else if (!strcmp(type, "error")) {
        c.problem =
            arena_printf(a, _("the cell shows the error %s; correct it in the spreadsheet"), text);
    }
    return c;
}

static bool add_cell(ods *o, sheet_cell c)
{
    if (sheet_add_cell(o->arena, o->sheet, o->limits, c))
        return true;
    snprintf(o->error, o->error_size,
             _("the sheet has more than %zu cells; raise the bound with --limit sheet-cells=N"),
             o->limits->cells);
    o->package.over = true;
    return false;
}

static uint32_t clamp_add(uint32_t at, unsigned long n, uint32_t max)
{
    return n < max - at ? at + (uint32_t)n : max;
}

/* A cell, or a run of equal ones (number-columns-repeated). */
static bool read_cell(ods *o, bool covered)
{
    cell_attributes at = read_attributes(o);
    const char *text = cell_text(o);
    uint32_t col = o->col;
    o->col = clamp_add(col, at.repeat, SHEET_MAX_COLS);
    if (covered || col >= SHEET_MAX_COLS)
        return true;
    if (at.across > 1 || at.down > 1)
        sheet_add_merge(o->arena, o->sheet,
                        (sheet_area){o->row, col,
                                     clamp_add(o->row, at.down - 1, SHEET_MAX_ROWS - 1),
                                     clamp_add(col, at.across - 1, SHEET_MAX_COLS - 1)});
    if (!at.type && !at.formula && (!text || !*text))
        return true; /* empty, however often repeated */
    sheet_cell c = make_cell(o, &at, text ? text : "");
    for (uint32_t i = col; i < o->col; i++) {
        c.row = o->row, c.col = i;
        if (!add_cell(o, c))
            return false;
    }
    return true;
}

/* A row, or a run of equal ones (number-rows-repeated). */
static bool read_row(ods *o)
{
    const char *visibility = part_attribute(&o->part, o->arena, "visibility");
    unsigned long repeat = count_attribute(o, "number-rows-repeated");
    uint32_t first = o->row;
    size_t cells_before = o->sheet->count;
    o->col = 0;
    if (!xmlTextReaderIsEmptyElement(o->part.xml)) {
        int depth = xmlTextReaderDepth(o->part.xml);
        while (part_next(&o->part) == 1) {
            if (xmlTextReaderNodeType(o->part.xml) == XML_READER_TYPE_END_ELEMENT &&
                xmlTextReaderDepth(o->part.xml) == depth)
                break;
            bool covered = part_is_start(&o->part, "covered-table-cell");
            if ((covered || part_is_start(&o->part, "table-cell")) && !read_cell(o, covered))
                return false;
        }
    }
    o->row = clamp_add(first, repeat, SHEET_MAX_ROWS);
    if (visibility && strcmp(visibility, "visible") && o->row > first)
        sheet_add_hidden(o->arena, &o->sheet->hidden_rows, &o->sheet->hidden_row_count,
                         &o->sheet->hidden_row_cap, first, o->row - 1);
    /* a repeated row that holds cells: each copy holds them */
    size_t cells_after = o->sheet->count;
    for (uint32_t r = first + 1; r < o->row && cells_after > cells_before; r++)
        for (size_t i = cells_before; i < cells_after; i++) {
            sheet_cell c = o->sheet->cells[i];
            c.row = r;
            if (!add_cell(o, c))
                return false;
        }
    return true;
}

static void read_column(ods *o)
{
    const char *visibility = part_attribute(&o->part, o->arena, "visibility");
    unsigned long repeat = count_attribute(o, "number-columns-repeated");
    uint32_t first = o->col;
    o->col = clamp_add(first, repeat, SHEET_MAX_COLS);
    if (visibility && strcmp(visibility, "visible") && o->col > first)
        sheet_add_hidden(o->arena, &o->sheet->hidden_cols, &o->sheet->hidden_col_count,
                         &o->sheet->hidden_col_cap, first, o->col - 1);
}

static bool read_table(ods *o)
{
    int depth = xmlTextReaderDepth(o->part.xml);
    o->row = o->col = 0;
    while (part_next(&o->part) == 1) {
        if (xmlTextReaderNodeType(o->part.xml) == XML_READER_TYPE_END_ELEMENT &&
            xmlTextReaderDepth(o->part.xml) == depth)
            return true;
        if (part_is_start(&o->part, "table-column"))
            read_column(o);
        else if (part_is_start(&o->part, "table-row") && !read_row(o))
            return false;
    }
    return false;
}

static bool style_hidden(const ods *o, const char *style)
{
    for (size_t i = 0; style && i < o->hidden_count; i++)
        if (!strcmp(o->hidden_styles[i], style))
            return true;
    return false;
}

static sheet_status failure(ods *o)
{
    part_close(&o->part);
    if (o->package.over && !*o->error)
        snprintf(o->error, o->error_size,
                 _("the spreadsheet inflates to more than %zu bytes; raise the bound with --limit "
                   "sheet-size=N if the file is genuine"),
                 o->limits->bytes);
    else if (!*o->error)
        snprintf(o->error, o->error_size,
                 _("the spreadsheet is broken (%s); open it in LibreOffice or WPS and save it "
                   "again"),
                 *o->package.problem ? o->package.problem : _("unreadable content"));
    package_close(&o->package);
    return o->package.over ? SHEET_TOO_LARGE : SHEET_BROKEN;
}

/* Walks content.xml to the table asked for, noting hidden table styles on the way. */
static bool find_table(ods *o, const char *name, const char **names, const char **style_name)
{
    int status = part_next(&o->part);
    while (status == 1) {
        if (part_is_start(&o->part, "style")) {
            *style_name = part_attribute(&o->part, o->arena, "name");
        } else if (part_is_start(&o->part, "table-properties")) {
            const char *display = part_attribute(&o->part, o->arena, "display");
            if (display && !strcmp(display, "false") && *style_name)
                ARENA_PUSH(o->arena, o->hidden_styles, o->hidden_count, o->hidden_cap, *style_name);
        } else if (part_is_start(&o->part, "table")) {
            const char *table_name = part_attribute(&o->part, o->arena, "name");
            const char *style = part_attribute(&o->part, o->arena, "style-name");
            if (!table_name)
                table_name = "";
            *names = arena_printf(o->arena, "%s%s%s", *names, **names ? ", " : "", table_name);
            if (name ? !strcmp(name, table_name) : !style_hidden(o, style)) {
                o->sheet->name = table_name;
                return true;
            }
            status = xmlTextReaderNext(o->part.xml); /* over this table, to what follows it */
            continue;
        }
        status = part_next(&o->part);
    }
    return false;
}

sheet_status sheet_read_ods(arena *a, const unsigned char *bytes, size_t len, const char *name,
                            const sheet_limits *limits, sheet **out, char *error, size_t error_size)
{
    ods o = {.arena = a, .limits = limits, .error = error, .error_size = error_size};
    *error = 0;
    if (!package_open(&o.package, bytes, len, limits->bytes)) {
        snprintf(error, error_size, _("not a zip package that can be read: the file is broken"));
        return SHEET_BROKEN;
    }
    if (!part_open(&o.package, "content.xml", &o.part)) {
        if (!o.package.broken)
            snprintf(error, error_size, _("an OpenDocument package without content.xml"));
        return failure(&o);
    }
    o.sheet = arena_alloc(a, sizeof *o.sheet);
    const char *names = "", *style_name = NULL;
    if (!find_table(&o, name, &names, &style_name)) {
        if (!o.package.broken && !o.package.over)
            snprintf(error, error_size,
                     name ? _("no sheet named `%s`; the sheets are %s")
                          : _("the spreadsheet has no visible sheet%s%s"),
                     name ? name : "", names);
        return failure(&o);
    }
    if (!read_table(&o) || o.package.broken || o.package.over)
        return failure(&o);
    part_close(&o.part);
    package_close(&o.package);
    sheet_finish(o.sheet);
    *out = o.sheet;
    return SHEET_OK;
}
