/* The xlsx reader (Office Open XML, as Excel, WPS, LibreOffice and openpyxl
 * write it): workbook, relationships, styles, shared strings, one sheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "i18n.h"
#include "numfmt.h"
#include "sheet.h"
#include "sheet_zip.h"

typedef struct xlsx {
    arena *arena;
    sheet_package package;
    const sheet_limits *limits;
    const char *workbook; /* the workbook part's name */
    const char **strings; /* shared strings */
    size_t string_count, string_cap;
    const char **formats; /* number format code of each cell style (xf); NULL: General */
    size_t format_count, format_cap;
    bool date1904;
    char *error;
    size_t error_size;
} xlsx;

typedef struct custom_format {
    unsigned id;
    const char *code;
} custom_format;

static bool is_true(const char *v)
{
    return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

/* A relationship's target as a part name: relative to the source's folder. */
static const char *resolve_target(arena *a, const char *source, const char *target)
{
    if (target[0] == '/')
        return target + 1;
    const char *slash = strrchr(source, '/');
    char *path = arena_printf(a, "%.*s%s", slash ? (int)(slash - source + 1) : 0, source, target);
    /* fold "dir/../" away */
    char *up;
    while ((up = strstr(path, "/../"))) {
        char *start = up;
        while (start > path && start[-1] != '/')
            start--;
        memmove(start, up + 4, strlen(up + 4) + 1);
    }
    return path;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcmp(s + n - t, tail);
}

typedef struct relationship {
    const char *id, *type, *target;
} relationship;

/* Reads the relationships of part `source` (NULL for the package's own). */
static relationship *read_relationships(xlsx *x, const char *source, size_t *count)
{
    const char *name = "_rels/.rels";
    if (source) {
        const char *slash = strrchr(source, '/');
        name = arena_printf(x->arena, "%.*s_rels/%s.rels", slash ? (int)(slash - source + 1) : 0,
                            source, slash ? slash + 1 : source);
    }
    relationship *rels = NULL;
    size_t cap = 0;
    *count = 0;
    sheet_part part;
    if (!part_open(&x->package, name, &part))
        return NULL;
    while (part_next(&part) == 1) {
        if (!part_is_start(&part, "Relationship"))
            continue;
        relationship r = {part_attribute(&part, x->arena, "Id"),
                          part_attribute(&part, x->arena, "Type"),
                          part_attribute(&part, x->arena, "Target")};
        if (r.id && r.type && r.target) {
            r.target = resolve_target(x->arena, source ? source : "", r.target);
            ARENA_PUSH(x->arena, rels, *count, cap, r);
        }
    }
    part_close(&part);
    return rels;
}

static const char *find_relationship(const relationship *rels, size_t count, const char *type_tail)
{
    for (size_t i = 0; i < count; i++)
        if (ends_with(rels[i].type, type_tail))
            return rels[i].target;
    return NULL;
}

static void read_shared_strings(xlsx *x, const char *name)
{
    sheet_part part;
    if (!name || !part_open(&x->package, name, &part))
        return;
    while (part_next(&part) == 1) {
        if (!part_is_start(&part, "si"))
            continue;
        /* rich runs join; phonetic runs (rPh) are not shown */
        const char *text = part_text(&part, x->arena, "rPh");
        ARENA_PUSH(x->arena, x->strings, x->string_count, x->string_cap, text);
    }
    part_close(&part);
}

static void read_styles(xlsx *x, const char *name)
{
    sheet_part part;
    if (!name || !part_open(&x->package, name, &part))
        return;
    custom_format *custom = NULL;
    size_t custom_count = 0, custom_cap = 0;
    bool in_cell_xfs = false;
    while (part_next(&part) == 1) {
        if (part_is_start(&part, "numFmt")) {
            const char *id = part_attribute(&part, x->arena, "numFmtId");
            const char *code = part_attribute(&part, x->arena, "formatCode");
            if (id && code) {
                custom_format f = {(unsigned)strtoul(id, NULL, 10), code};
                ARENA_PUSH(x->arena, custom, custom_count, custom_cap, f);
            }
        } else if (part_is_start(&part, "cellXfs")) {
            in_cell_xfs = !xmlTextReaderIsEmptyElement(part.xml);
        } else if (part_is_end(&part, "cellXfs")) {
            in_cell_xfs = false;
        } else if (in_cell_xfs && part_is_start(&part, "xf")) {
            const char *id_text = part_attribute(&part, x->arena, "numFmtId");
            unsigned id = id_text ? (unsigned)strtoul(id_text, NULL, 10) : 0;
            const char *code = numfmt_builtin(id);
            for (size_t i = 0; i < custom_count; i++)
                if (custom[i].id == id)
                    code = custom[i].code;
            ARENA_PUSH(x->arena, x->formats, x->format_count, x->format_cap, code);
        }
    }
    part_close(&part);
}

/* The workbook: its date system and the part of the sheet asked for. */
static const char *find_sheet(xlsx *x, const char *name, const char **found_name)
{
    sheet_part part;
    if (!part_open(&x->package, x->workbook, &part))
        return NULL;
    const char *rid = NULL, *names = "";
    while (part_next(&part) == 1) {
        if (part_is_start(&part, "workbookPr")) {
            x->date1904 = is_true(part_attribute(&part, x->arena, "date1904"));
        } else if (part_is_start(&part, "sheet") && !rid) {
            const char *sheet_name = part_attribute(&part, x->arena, "name");
            const char *state = part_attribute(&part, x->arena, "state");
            const char *id = part_attribute(&part, x->arena, "id");
            if (!sheet_name || !id)
                continue;
            names = arena_printf(x->arena, "%s%s%s", names, *names ? ", " : "", sheet_name);
            bool visible = !state || !strcmp(state, "visible");
            if (name ? !strcmp(name, sheet_name) : visible)
                rid = id, *found_name = sheet_name;
        }
    }
    part_close(&part);
    if (!rid) {
        if (!x->package.broken && !x->package.over)
            snprintf(x->error, x->error_size,
                     name ? _("no sheet named `%s`; the sheets are %s")
                          : _("the workbook has no visible sheet%s%s"),
                     name ? name : "", names);
        return NULL;
    }
    size_t count;
    relationship *rels = read_relationships(x, x->workbook, &count);
    for (size_t i = 0; i < count; i++)
        if (!strcmp(rels[i].id, rid))
            return rels[i].target;
    snprintf(x->error, x->error_size, _("the workbook names a sheet part that is missing"));
    return NULL;
}

/* ---- the sheet --------------------------------------------------------- */

typedef struct cell_reader {
    xlsx *x;
    sheet *s;
    uint32_t row, col; /* of the next cell when it gives no reference */
} cell_reader;

static const char *iso_date_text(arena *a, const char *v)
{
    int y, m, d;
    if (v && sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3)
        return arena_printf(a, "%d年%d月%d日", y, m, d);
    return NULL;
}

/* A cell's value as shown, from its type, stored value and style. */
static sheet_cell make_cell(xlsx *x, const char *type, const char *style, const char *value,
                            const char *inline_text, bool formula)
{
    arena *a = x->arena;
    sheet_cell c = {.kind = SHEET_TEXT};
    if (!value && !inline_text) {
        c.shown = "";
        c.problem = formula ? _("the formula has no stored result; open the file in Excel or "
                                "WPS and save it, so that the results are stored")
                            : NULL;
        return c;
    }
    if (!value || (type && !strcmp(type, "inlineStr"))) {
        c.shown = inline_text ? inline_text : value; /* inline text, whatever the type says */
        return c;
    }
    if (type && !strcmp(type, "s")) {
        char *end;
        unsigned long i = strtoul(value, &end, 10);
        if (*end || i >= x->string_count)
            c.shown = "", c.problem = _("the cell names a shared string that is missing");
        else
            c.shown = x->strings[i];
    } else if (type && !strcmp(type, "str")) {
        c.shown = value;
    } else if (type && !strcmp(type, "b")) {
        c.kind = SHEET_BOOL;
        c.shown = is_true(value) ? "TRUE" : "FALSE";
    } else if (type && !strcmp(type, "e")) {
        c.shown = value;
        c.problem =
            arena_printf(a, _("the cell shows the error %s; correct it in the spreadsheet"), value);
    } else if (type && !strcmp(type, "d")) {
        c.kind = SHEET_DATE;
        c.shown = iso_date_text(a, value);
        if (!c.shown)
            c.shown = "", c.problem = _("the cell holds a date that cannot be read");
    } else {
        unsigned long xf = style ? strtoul(style, NULL, 10) : 0;
        const char *code = xf < x->format_count ? x->formats[xf] : NULL;
        if (code && !strcmp(code, "@"))
            code = NULL;
        numfmt_shown shown = numfmt_show(a, code, value, x->date1904);
        c.kind = shown.is_date ? SHEET_DATE : SHEET_NUMBER;
        c.number = value;
        c.format = code;
        c.decimals = shown.decimals;
        c.shown = shown.text ? shown.text : "";
        if (!shown.text)
            c.problem = shown.is_date ? _("the date is out of range (before 1900 or after 9999)")
                                      : _("the cell holds a number that cannot be read");
    }
    return c;
}

static bool read_cell(cell_reader *r, sheet_part *part)
{
    xlsx *x = r->x;
    const char *ref = part_attribute(part, x->arena, "r");
    const char *type = part_attribute(part, x->arena, "t");
    const char *style = part_attribute(part, x->arena, "s");
    uint32_t row = r->row, col = r->col;
    if (ref && !sheet_parse_cell(ref, strlen(ref), &row, &col)) {
        snprintf(x->error, x->error_size, _("a cell reference `%s` that is not one"), ref);
        return false;
    }
    if (col >= SHEET_MAX_COLS || row >= SHEET_MAX_ROWS) {
        snprintf(x->error, x->error_size, _("a cell beyond the last row or column"));
        return false;
    }
    r->row = row, r->col = col + 1;
    const char *value = NULL, *inline_text = NULL;
    bool formula = false;
    if (!xmlTextReaderIsEmptyElement(part->xml)) {
        while (part_next(part) == 1 && !part_is_end(part, "c")) {
            if (part_is_start(part, "v"))
                value = part_text(part, x->arena, NULL);
            else if (part_is_start(part, "f"))
                formula = true;
            else if (part_is_start(part, "is"))
                inline_text = part_text(part, x->arena, "rPh");
        }
    }
    if (value && !*value)
        value = NULL; /* <v></v>: openpyxl's formula without a result */
    if (!value && !inline_text && !formula)
        return true; /* a blank cell with a style */
    sheet_cell c = make_cell(x, type, style, value, inline_text, formula);
    c.row = row, c.col = col;
    if (!sheet_add_cell(x->arena, r->s, x->limits, c)) {
        snprintf(x->error, x->error_size,
                 _("the sheet has more than %zu cells; raise the bound with --limit "
                   "sheet-cells=N"),
                 x->limits->cells);
        x->package.over = true;
        return false;
    }
    return true;
}

static void read_row(cell_reader *r, sheet_part *part)
{
    const char *n = part_attribute(part, r->x->arena, "r");
    if (n) {
        unsigned long row = strtoul(n, NULL, 10);
        r->row = row >= 1 && row <= SHEET_MAX_ROWS ? (uint32_t)row - 1 : SHEET_MAX_ROWS;
    }
    r->col = 0;
    if (is_true(part_attribute(part, r->x->arena, "hidden")) && r->row < SHEET_MAX_ROWS)
        sheet_add_hidden(r->x->arena, &r->s->hidden_rows, &r->s->hidden_row_count,
                         &r->s->hidden_row_cap, r->row, r->row);
}

static void read_column(cell_reader *r, sheet_part *part)
{
    arena *a = r->x->arena;
    if (!is_true(part_attribute(part, a, "hidden")))
        return;
    const char *min = part_attribute(part, a, "min"), *max = part_attribute(part, a, "max");
    unsigned long first = min ? strtoul(min, NULL, 10) : 0, last = max ? strtoul(max, NULL, 10) : 0;
    if (first >= 1 && last >= first && last <= SHEET_MAX_COLS)
        sheet_add_hidden(a, &r->s->hidden_cols, &r->s->hidden_col_count, &r->s->hidden_col_cap,
                         (uint32_t)first - 1, (uint32_t)last - 1);
}

static bool read_sheet(xlsx *x, const char *part_name, sheet *s)
{
    sheet_part part;
    if (!part_open(&x->package, part_name, &part)) {
        if (!x->package.broken)
            snprintf(x->error, x->error_size, _("the sheet's part %s is missing"), part_name);
        return false;
    }
    cell_reader r = {x, s, 0, 0};
    bool in_row = false, ok = true;
    int status;
    while (ok && (status = part_next(&part)) == 1) {
        if (part_is_start(&part, "row")) {
            if (in_row)
                r.row++;
            read_row(&r, &part);
            in_row = !xmlTextReaderIsEmptyElement(part.xml);
            if (!in_row)
                r.row++;
        } else if (part_is_end(&part, "row")) {
            in_row = false;
            r.row++;
        } else if (part_is_start(&part, "c")) {
            ok = read_cell(&r, &part);
        } else if (part_is_start(&part, "col")) {
            read_column(&r, &part);
        } else if (part_is_start(&part, "mergeCell")) {
            const char *ref = part_attribute(&part, x->arena, "ref");
            sheet_area area;
            if (ref && sheet_parse_area(ref, &area))
                sheet_add_merge(x->arena, s, area);
        }
    }
    part_close(&part);
    return ok && !x->package.broken && !x->package.over;
}

static sheet_status failure(xlsx *x)
{
    if (x->package.over && !*x->error)
        snprintf(x->error, x->error_size,
                 _("the workbook inflates to more than %zu bytes; raise the bound with --limit "
                   "sheet-size=N if the file is genuine"),
                 x->limits->bytes);
    else if (x->package.broken && !*x->error)
        snprintf(x->error, x->error_size,
                 _("the workbook is broken (%s); open it in Excel or WPS "
                   "and save it again"),
                 *x->package.problem ? x->package.problem : _("unreadable XML"));
    else if (!*x->error)
        snprintf(x->error, x->error_size,
                 _("the workbook is broken; open it in Excel or WPS and "
                   "save it again"));
    package_close(&x->package);
    return x->package.over ? SHEET_TOO_LARGE : SHEET_BROKEN;
}

sheet_status sheet_read_xlsx(arena *a, const unsigned char *bytes, size_t len, const char *name,
                             const sheet_limits *limits, sheet **out, char *error,
                             size_t error_size)
{
    xlsx x = {.arena = a, .limits = limits, .error = error, .error_size = error_size};
    *error = 0;
    if (!package_open(&x.package, bytes, len, limits->bytes)) {
        snprintf(error, error_size, _("not a zip package that can be read: the file is broken"));
        return SHEET_BROKEN;
    }
    if (zip_name_locate(x.package.zip, "xl/workbook.bin", ZIP_FL_NOCASE) >= 0) {
        snprintf(error, error_size, _("an Excel binary workbook (.xlsb); save it as .xlsx"));
        return failure(&x);
    }
    size_t count;
    relationship *rels = read_relationships(&x, NULL, &count);
    x.workbook = find_relationship(rels, count, "/officeDocument");
    if (!x.workbook) {
        if (!x.package.broken && !x.package.over)
            snprintf(error, error_size,
                     _("a zip package, but no workbook inside: not an .xlsx or .ods file"));
        return failure(&x);
    }
    const char *sheet_name = NULL;
    const char *sheet_part_name = find_sheet(&x, name, &sheet_name);
    if (!sheet_part_name)
        return failure(&x);
    rels = read_relationships(&x, x.workbook, &count);
    read_shared_strings(&x, find_relationship(rels, count, "/sharedStrings"));
    read_styles(&x, find_relationship(rels, count, "/styles"));
    if (x.package.broken || x.package.over)
        return failure(&x);
    sheet *s = arena_alloc(a, sizeof *s);
    s->name = sheet_name;
    s->date1904 = x.date1904;
    if (!read_sheet(&x, sheet_part_name, s))
        return failure(&x);
    package_close(&x.package);
    sheet_finish(s);
    *out = s;
    return SHEET_OK;
}
