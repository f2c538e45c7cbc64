/* Fuzz target: the spreadsheet readers. An input is a file as it is
 * (xlsx, ods, csv, told apart by its bytes), or, so that mutations reach
 * the XML readers past zip's checksums, parts to package: "XLSX\n" then
 * the sheet, shared strings, styles and workbook parts separated by
 * "\n--\n", or "ODS\n" then content.xml. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../../src/sheet.h"

static const char *const xlsx_names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                         "xl/styles.xml", "xl/workbook.xml"};
static const char *const xlsx_fixed[][2] = {
    {"_rels/.rels", "<Relationships><Relationship Id=\"r\" Type=\"x/officeDocument\" "
                    "Target=\"xl/workbook.xml\"/></Relationships>"},
    {"xl/_rels/workbook.xml.rels",
     "<Relationships><Relationship Id=\"r1\" Type=\"x/worksheet\" "
     "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"r2\" Type=\"x/sharedStrings\" "
     "Target=\"sharedStrings.xml\"/><Relationship Id=\"r3\" Type=\"x/styles\" "
     "Target=\"styles.xml\"/></Relationships>"},
};
static const char default_workbook[] =
    "<workbook><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"r1\" "
    "xmlns:r=\"x\"/></sheets></workbook>";

static const uint8_t *find_separator(const uint8_t *at, const uint8_t *end)
{
    for (; end - at >= 4; at++)
        if (!memcmp(at, "\n--\n", 4))
            return at;
    return NULL;
}

static void add(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    if (s && zip_file_add(z, name, s, ZIP_FL_OVERWRITE) < 0)
        zip_source_free(s);
}

/* Writes the parts into a stored zip in memory; returns malloc'd bytes. */
static unsigned char *package(const uint8_t *data, size_t size, bool ods, size_t *len)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *buffer = zip_source_buffer_create(NULL, 0, 0, &error);
    zip_t *z = buffer ? zip_open_from_source(buffer, ZIP_TRUNCATE, &error) : NULL;
    zip_error_fini(&error);
    if (!z) {
        zip_source_free(buffer);
        return NULL;
    }
    zip_source_keep(buffer);
    if (ods) {
        add(z, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", 46);
        add(z, "content.xml", data, size);
    } else {
        for (size_t i = 0; i < 2; i++)
            add(z, xlsx_fixed[i][0], xlsx_fixed[i][1], strlen(xlsx_fixed[i][1]));
        add(z, xlsx_names[3], default_workbook, strlen(default_workbook));
        const uint8_t *at = data, *end = data + size;
        for (size_t part = 0; part < 4 && at <= end; part++) {
            const uint8_t *sep = find_separator(at, end);
            const uint8_t *stop = sep ? sep : end;
            add(z, xlsx_names[part], at, (size_t)(stop - at));
            if (!sep)
                break;
            at = sep + 4;
        }
    }
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++)
        zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    unsigned char *out = NULL;
    if (zip_close(z) == 0 && zip_source_open(buffer) == 0) {
        zip_stat_t st;
        if (zip_source_stat(buffer, &st) == 0 && (out = malloc(st.size + 1)))
            *len = (size_t)zip_source_read(buffer, out, st.size);
        zip_source_close(buffer);
    } else if (zip_close(z) != 0) {
        zip_discard(z);
    }
    zip_source_free(buffer);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    sheet_limits limits = {8u << 20, 100000};
    char error[600];
    sheet *s = NULL;
    bool xlsx = size >= 5 && !memcmp(data, "XLSX\n", 5),
         ods = size >= 4 && !memcmp(data, "ODS\n", 4);
    if (xlsx || ods) {
        size_t len = 0;
        unsigned char *bytes = package(data + (xlsx ? 5 : 4), size - (xlsx ? 5 : 4), ods, &len);
        if (bytes)
            sheet_read(&a, "fuzz.xlsx", bytes, len, NULL, &limits, &s, error, sizeof error);
        free(bytes);
    } else {
        sheet_read(&a, "fuzz.csv", data, size, NULL, &limits, &s, error, sizeof error);
        sheet_read(&a, "fuzz.xlsx", data, size, "S", &limits, &s, error, sizeof error);
    }
    arena_free(&a);
    return 0;
}
