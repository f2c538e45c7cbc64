#include "template.h"

#include <string.h>

#define MM(x) ((x)*72.0 / 25.4)

/* The numbers every template starts from: GB/T 9704's page and text block,
 * the sizes of the bulletin's roles. Faces come from the template file. */
void template_set_defaults(page_template *t)
{
    memset(t, 0, sizeof *t);
    t->name = "defaults";
    t->page_width = MM(210), t->page_height = MM(297);
    /* 37 mm top, 28 mm binding edge, a 156 x 225 mm text block */
    t->margin_top = MM(37), t->margin_left = MM(28);
    t->margin_right = MM(210 - 28 - 156), t->margin_bottom = MM(297 - 37 - 225);
    double body_pitch = MM(225) / 22; /* 22 lines to the text block */
    static const struct {
        role_id role;
        double size, pitch;
    } sizes[] = {
        {ROLE_MASTHEAD, 36, 48},       {ROLE_ISSUE, 16, 26},         {ROLE_MASTHEAD_LINE, 14, 24},
        {ROLE_CLASSIFICATION, 14, 22}, {ROLE_TITLE, 22, 34},         {ROLE_SUBTITLE, 16, 26},
        {ROLE_SOURCE, 14, 24},         {ROLE_LEAD, 15.75, 0},        {ROLE_HEADING1, 15.75, 0},
        {ROLE_HEADING2, 15.75, 0},     {ROLE_HEADING3, 15.75, 0},    {ROLE_HEADING4, 15.75, 0},
        {ROLE_BODY, 15.75, 0},         {ROLE_EMPHASIS, 15.75, 0},    {ROLE_TABLE_CAPTION, 14, 24},
        {ROLE_TABLE_HEADER, 14, 20},   {ROLE_TABLE_BODY, 14, 20},    {ROLE_TABLE_NOTE, 12, 20},
        {ROLE_FOOTER, 10.5, 15},       {ROLE_PAGE_NUMBER, 14, 20},   {ROLE_DISTRIBUTION, 14, 26},
        {ROLE_CHART, 10.5, 14},        {ROLE_CHART_CAPTION, 14, 24},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        t->roles[sizes[i].role].size = sizes[i].size;
        t->roles[sizes[i].role].pitch = sizes[i].pitch ? sizes[i].pitch : body_pitch;
    }
    t->red = colour_from_hex(0xE60012);
    t->red_cmyk = (colour){COLOUR_CMYK, {0, 1, 1, 0}}; /* 大红: M100 Y100 */
    t->roles[ROLE_MASTHEAD].color_red = true;
    t->masthead_rule = 2.0;
    t->thick_rule = MM(0.35);
    t->thin_rule = MM(0.25);
    t->page_number_place = PAGE_NUMBER_OUTER;
    t->page_number_format[0] = t->page_number_format[1] = "— {page} —";
    t->page_number_gap = MM(7);
    t->share_decimals = 1;
    t->masthead = MASTHEAD_BULLETIN;
    t->source_line[0] = "文章来源：{source}　{date}";
    t->source_line[1] = "文章來源：{source}　{date}";
    t->issue_format[0] = "{year}年第{issue}期";
    t->issue_format[1] = "{year}年第{issue}期";
    t->latin_gap = 0.25;
    t->footer_place = FOOTER_TEXT_BLOCK;
    t->footer_rule = true;
    t->closing = CLOSING_BULLETIN;
    static const char *const labels[2][4] = {{"报：", "送：", "发：", "印发"},
                                             {"報：", "送：", "發：", "印發"}};
    memcpy(t->labels, labels, sizeof labels);
    t->table = TABLE_GRID;
    static const char *const numbering[4] = {"{cn}、", "（{cn}）", "{n}.", "（{n}）"};
    memcpy(t->numbering, numbering, sizeof numbering);
    /* the red, then greys: a bulletin prints in black and red alone; the
     * greys of the four (28%, 50%, 72%, 94%) stay 20% apart or more */
    t->chart = (chart_style){.width = 1.0, .height = MM(80), .palette_count = 4};
    t->chart.palette[0] = t->red;
    t->chart.palette[1] = colour_from_hex(0x808080);
    t->chart.palette[2] = colour_from_hex(0xB8B8B8);
    t->chart.palette[3] = colour_from_hex(0xF0F0F0); /* outlined where drawn */
    t->chart.palette_red[0] = true;
}

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_MASTHEAD] = "masthead",
    [ROLE_ISSUE] = "issue",
    [ROLE_MASTHEAD_LINE] = "masthead_line",
    [ROLE_CLASSIFICATION] = "classification",
    [ROLE_TITLE] = "title",
    [ROLE_SUBTITLE] = "subtitle",
    [ROLE_SOURCE] = "source",
    [ROLE_LEAD] = "lead",
    [ROLE_HEADING1] = "heading1",
    [ROLE_HEADING2] = "heading2",
    [ROLE_HEADING3] = "heading3",
    [ROLE_HEADING4] = "heading4",
    [ROLE_BODY] = "body",
    [ROLE_EMPHASIS] = "emphasis",
    [ROLE_TABLE_CAPTION] = "table_caption",
    [ROLE_TABLE_HEADER] = "table_header",
    [ROLE_TABLE_BODY] = "table_body",
    [ROLE_TABLE_NOTE] = "table_note",
    [ROLE_FOOTER] = "footer",
    [ROLE_PAGE_NUMBER] = "page_number",
    [ROLE_DISTRIBUTION] = "distribution",
    [ROLE_CHART] = "chart",
    [ROLE_CHART_CAPTION] = "chart_caption",
};

const char *const *template_role_names(void)
{
    return role_names;
}

colour colour_from_hex(unsigned rrggbb)
{
    float r = (float)((rrggbb >> 16) & 255) / 255.0f, g = (float)((rrggbb >> 8) & 255) / 255.0f,
          b = (float)(rrggbb & 255) / 255.0f;
    if (r == g && g == b)
        return (colour){COLOUR_GRAY, {r, 0, 0, 0}};
    return (colour){COLOUR_RGB, {r, g, b, 0}};
}

colour template_ink(const page_template *t, colour c)
{
    if (!t->print || c.space != COLOUR_RGB)
        return c;
    float r = c.v[0], g = c.v[1], b = c.v[2];
    float most = r > g ? (r > b ? r : b) : (g > b ? g : b);
    float k = 1.0f - most;
    if (most <= 0)
        return (colour){COLOUR_CMYK, {0, 0, 0, 1}};
    return (colour){COLOUR_CMYK, {(most - r) / most, (most - g) / most, (most - b) / most, k}};
}

colour template_red(const page_template *t)
{
    return t->print ? t->red_cmyk : t->red;
}

colour role_colour(const page_template *t, role_id role)
{
    const role_style *r = &t->roles[role];
    return r->color_red ? template_red(t) : template_ink(t, r->color);
}

bool template_open_faces(const page_template *t, int lang, char *error, size_t error_size)
{
    for (size_t r = 0; r < ROLE_COUNT; r++)
        for (size_t i = 0; i < t->roles[r].face_count[lang]; i++)
            if (!font_open(t->roles[r].faces[lang][i], error, error_size))
                return false;
    return true;
}
