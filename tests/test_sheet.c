/* Unit tests of the spreadsheet readers and of number formats. */
#include <stdlib.h>

#include "../src/numfmt.h"
#include "../src/sheet.h"
#include "unit.h"

static const char *show(arena *a, const char *code, const char *number)
{
    return numfmt_show(a, code, number, false).text;
}

static void test_formats(void)
{
    arena a;
    arena_init(&a);
    CHECK_STR(show(&a, NULL, "4210.5"), "4210.5");
    CHECK_STR(show(&a, NULL, "0.30000000000000004"), "0.3");
    CHECK_STR(show(&a, NULL, "1234567890123"), "1.23457E+12");
    CHECK_STR(show(&a, NULL, "3.14159265358979"), "3.141592654");
    CHECK_STR(show(&a, "0.00", "2.675"), "2.68"); /* half away from zero, in decimal */
    CHECK_STR(show(&a, "0.00", "-2.675"), "-2.68");
    CHECK_STR(show(&a, "#,##0", "1234567.5"), "1,234,568");
    CHECK_STR(show(&a, "#,##0.00", "999.999"), "1,000.00");
    CHECK_STR(show(&a, "#,##0.00", "0.5"), "0.50");
    CHECK_STR(show(&a, "0%", "0.125"), "13%");
    CHECK_STR(show(&a, "0.0%", "0.8584"), "85.8%");
    CHECK_STR(show(&a, "0.00%", "1"), "100.00%");
    CHECK_STR(show(&a, "#,##0,", "1234567"), "1,235");
    CHECK_STR(show(&a, "0.00E+00", "12345"), "1.23E+04");
    CHECK_STR(show(&a, "\"¥\"#,##0.00;\"¥\"-#,##0.00", "-1234.5"), "¥-1,234.50");
    CHECK_STR(show(&a, "#,##0.00_);(#,##0.00)", "-5"), "(5.00)");
    CHECK_STR(show(&a, "0.0\"万元\"", "12.34"), "12.3万元");
    CHECK_STR(show(&a, "[$-804]#,##0.0", "1000"), "1,000.0");
    CHECK_STR(show(&a, "[$¥-804]#,##0.00", "1234.5"), "¥1,234.50");
    CHECK_STR(show(&a, "#.##", "3"), "3.");
    CHECK_STR(show(&a, "# ?/?", "0.5"), "0.5");            /* fractions: shown as General */
    CHECK_STR(show(&a, "[>100]0.0;0", "150"), "150");      /* conditions: General */
    CHECK_STR(show(&a, "000-0000", "1234567"), "1234567"); /* text between digits: General */
    CHECK_STR(show(&a, "0.0?", "1.5"), "1.50");
    CHECK_STR(show(&a, "0\\人", "12"), "12人");        /* an escaped character */
    CHECK_STR(show(&a, "0.00;-0.00;\"—\"", "0"), "—"); /* the zero section */
    numfmt_shown d = numfmt_show(&a, "0.00%", "0.5", false);
    CHECK(d.decimals == 4 && !d.is_date);
    /* dates: serial 44986 is 2023-03-01 in the 1900 system */
    CHECK_STR(show(&a, "yyyy/m/d", "44986"), "2023年3月1日");
    CHECK_STR(show(&a, "yyyy\"年\"m\"月\"", "44986"), "2023年3月");
    CHECK_STR(show(&a, "m\"月\"d\"日\"", "44986"), "3月1日");
    CHECK_STR(show(&a, "yyyy/m/d h:mm", "44986.5"), "2023年3月1日 12:00");
    CHECK_STR(show(&a, "h:mm", "0.75"), "18:00");
    CHECK_STR(show(&a, "d-mmm-yy", "60"), "1900年2月29日");
    CHECK_STR(show(&a, "yyyy-mm-dd", "59"), "1900年2月28日");
    CHECK_STR(show(&a, "yyyy-mm-dd", "61"), "1900年3月1日");
    CHECK_STR(numfmt_show(&a, "yyyy-mm-dd", "43524", true).text, "2023年3月1日"); /* 1904 */
    CHECK(!show(&a, "yyyy-mm-dd", "-1"));
    CHECK(numfmt_is_date("yyyy\"年\"m\"月\"d\"日\"") && !numfmt_is_date("0.00E+00") &&
          !numfmt_is_date("General") && numfmt_is_date("[h]:mm:ss"));
    /* shown text back to numbers, and a format that shows them so */
    CHECK_STR(numfmt_parse_shown(&a, "1,234.50"), "1234.50");
    CHECK_STR(numfmt_parse_shown(&a, "56.8%"), "0.568");
    CHECK_STR(numfmt_parse_shown(&a, "5%"), "0.05");
    CHECK(!numfmt_parse_shown(&a, "12,34") && !numfmt_parse_shown(&a, "1,2345") &&
          !numfmt_parse_shown(&a, "3.5万") && !numfmt_parse_shown(&a, "—"));
    CHECK_STR(numfmt_guess(&a, "1,234.50"), "#,##0.00");
    CHECK_STR(numfmt_guess(&a, "12.5%"), "0.0%");
    CHECK(!numfmt_guess(&a, "4210.5"));
    arena_free(&a);
}

static sheet *read_fixture(arena *a, const char *file, const char *name, size_t cells, char *error)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/sheets/%s", JIANBAO_DATA_DIR, file);
    size_t len;
    bool too_large;
    unsigned char *bytes = sheet_load_file(path, 0, &len, &too_large, error, 600);
    if (!bytes)
        return NULL;
    sheet_limits limits = {0, cells};
    sheet *s = NULL;
    sheet_read(a, file, bytes, len, name, &limits, &s, error, 600);
    free(bytes);
    return s;
}

static void test_readers(void)
{
    arena a;
    arena_init(&a);
    char error[600] = "";
    const char *files[] = {"funds.xlsx", "funds-lo.xlsx", "funds.ods"};
    for (size_t i = 0; i < 3; i++) {
        sheet *s = read_fixture(&a, files[i], NULL, 0, error);
        CHECK(s != NULL);
        if (!s)
            continue;
        CHECK_STR(s->name, "资金");
        /* merges: A1:F1 title, A2:A3, B2:C2 */
        const sheet_area *m = sheet_merge_at(s, 2, 0);
        CHECK(m && m->row0 == 1 && m->row1 == 2 && m->col0 == 0 && m->col1 == 0);
        m = sheet_merge_at(s, 1, 2);
        CHECK(m && m->row0 == 1 && m->col0 == 1 && m->col1 == 2);
        CHECK(sheet_row_hidden(s, 6) && !sheet_row_hidden(s, 5) && !sheet_row_hidden(s, 7));
        CHECK(sheet_col_hidden(s, 5) && !sheet_col_hidden(s, 4));
        const sheet_cell *c = sheet_find(s, 3, 1);
        CHECK(c && c->kind == SHEET_NUMBER && !strcmp(c->number, "1250.5"));
        CHECK_STR(c ? c->shown : NULL, "1,250.50");
        c = sheet_find(s, 3, 4);
        CHECK(c && c->kind == SHEET_DATE);
        CHECK_STR(c ? c->shown : NULL, "2023年3月1日");
        CHECK(!sheet_find(s, 3, 6));
        /* LibreOffice's trailing runs of empty rows and columns add no cells */
        CHECK(s->cols == 6 && s->rows == 13);
    }
    sheet *s = read_fixture(&a, "funds.xlsx", "汇总", 0, error);
    CHECK(s && s->count >= 20);
    s = read_fixture(&a, "funds.xlsx", "没有", 0, error);
    CHECK(!s);
    CHECK_STR(error, "no sheet named `没有`; the sheets are 资金, 汇总, 隐藏");
    s = read_fixture(&a, "funds.xlsx", NULL, 5, error);
    CHECK(!s && strstr(error, "more than 5 cells"));
    s = read_fixture(&a, "dates1904.xlsx", NULL, 0, error);
    CHECK(s && s->date1904);
    s = read_fixture(&a, "inline.xlsx", NULL, 0, error);
    const sheet_cell *c = s ? sheet_find(s, 0, 1) : NULL;
    CHECK_STR(c ? c->shown : NULL, "已完成");
    c = s ? sheet_find(s, 3, 2) : NULL;
    CHECK(c && c->problem && strstr(c->problem, "no stored result"));
    c = s ? sheet_find(s, 1, 3) : NULL; /* an ISO date cell (t="d") */
    CHECK(c && c->kind == SHEET_DATE);
    CHECK_STR(c ? c->shown : NULL, "2023年3月1日");
    s = read_fixture(&a, "hidden-first.xlsx", NULL, 0, error);
    CHECK_STR(s ? s->name : NULL, "进度"); /* the first visible sheet is the default */
    s = read_fixture(&a, "households-gbk.csv", NULL, 0, error);
    c = s ? sheet_find(s, 1, 0) : NULL;
    CHECK_STR(c ? c->shown : NULL, "潇浦镇");
    c = s ? sheet_find(s, 1, 2) : NULL;
    CHECK(c && c->kind == SHEET_NUMBER && !strcmp(c->number, "12580.50"));
    CHECK(s && !s->name && s->rows == 5 && s->cols == 3);
    arena_free(&a);
}

static void test_names(void)
{
    arena a;
    arena_init(&a);
    uint32_t row, col;
    CHECK(sheet_parse_cell("AB12", 4, &row, &col) && row == 11 && col == 27);
    CHECK(sheet_parse_cell("$C$5", 4, &row, &col) && row == 4 && col == 2);
    CHECK(!sheet_parse_cell("5C", 2, &row, &col) && !sheet_parse_cell("C0", 2, &row, &col) &&
          !sheet_parse_cell("XFE1", 4, &row, &col) && !sheet_parse_cell("A1048577", 8, &row, &col));
    CHECK_STR(sheet_cell_name(&a, 11, 27), "AB12");
    CHECK_STR(sheet_cell_name(&a, 0, 16383), "XFD1");
    sheet_area area;
    CHECK(sheet_parse_area("E15:A3", &area) && area.row0 == 2 && area.col1 == 4);
    CHECK(!sheet_parse_area("A3-E15", &area));
    arena_free(&a);
}

int main(void)
{
    test_formats();
    test_readers();
    test_names();
    return unit_finish();
}
