/* template: everything about a bulletin's look that is not its content:
 * page geometry, the face chain and size of each role, colours, rules,
 * page numbers and the fixed words of the layout. Loaded once per run. */
#ifndef JIANBAO_TEMPLATE_H
#define JIANBAO_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "boxes.h" /* colour */
#include "diag.h"
#include "fonts.h"

typedef enum {
    ROLE_MASTHEAD,
    ROLE_ISSUE,
    ROLE_MASTHEAD_LINE,
    ROLE_CLASSIFICATION,
    ROLE_TITLE,
    ROLE_SUBTITLE,
    ROLE_SOURCE,
    ROLE_LEAD,
    ROLE_HEADING1,
    ROLE_HEADING2,
    ROLE_HEADING3,
    ROLE_HEADING4,
    ROLE_BODY,
    ROLE_EMPHASIS,
    ROLE_TABLE_CAPTION,
    ROLE_TABLE_HEADER,
    ROLE_TABLE_BODY,
    ROLE_TABLE_NOTE,
    ROLE_FOOTER,
    ROLE_PAGE_NUMBER,
    ROLE_DISTRIBUTION,
    ROLE_CHART,         /* a chart's labels, values, ticks, legend and unit line */
    ROLE_CHART_CAPTION, /* 图1　… under it */
    ROLE_COUNT
} role_id;

enum { MAX_CHAIN = 4 };

typedef struct role_style {
    /* [0] simplified, [1] traditional Chinese */
    const font_face *faces[2][MAX_CHAIN];
    size_t face_count[2];
    /* the chain as the template names it; faces[] is resolved from it */
    const char *chain[MAX_CHAIN];
    size_t chain_count;
    source_pos chain_at;
    double size;    /* pt */
    double pitch;   /* baseline to baseline, pt */
    colour color;   /* DeviceGray when its red, green and blue are equal, else RGB */
    bool color_red; /* `color: red`: the template's red, as its last `colors.red` says */
} role_style;

typedef enum { PAGE_NUMBER_OUTER, PAGE_NUMBER_CENTER } page_number_place;
/* bulletin: name, issue line, issuer and date, red rule (简报报头);
 * official: GB/T 9704 版头, the issuer's mark in red, the document number, a
 * red rule; none: no head (a reprinted article). */
typedef enum { MASTHEAD_BULLETIN, MASTHEAD_OFFICIAL, MASTHEAD_NONE } masthead_style;
/* bulletin: 报/送/发 lines between rules (报尾); official: GB/T 9704 版记;
 * none: the distribution block is not printed. */
typedef enum { CLOSING_BULLETIN, CLOSING_OFFICIAL, CLOSING_NONE } closing_style;
typedef enum { TABLE_GRID, TABLE_THREE_LINE } table_style;
/* Footer lines: at the foot of the text block above the page number, or in
 * the bottom margin below it. */
typedef enum { FOOTER_TEXT_BLOCK, FOOTER_MARGIN } footer_place;

/* A face a template names: its simplified and traditional Chinese variants
 * (the same face when the template gives one); NULL when it is missing. */
typedef struct named_face {
    const char *name;
    const font_face *face[2];
    const char *missing; /* why the file is not there, for the one warning */
    source_pos missing_at;
    bool warned;
} named_face;

enum { MAX_PALETTE = 8 };

/* Charts: their size, and the colours of their series in order. */
typedef struct chart_style {
    double width;  /* a share of the text block's width */
    double height; /* pt, of a bar or line chart's drawing and labels */
    colour palette[MAX_PALETTE];
    bool palette_red[MAX_PALETTE]; /* `red`: the template's red, as its last colors.red says */
    size_t palette_count;
} chart_style;

/* The grey a colour prints as in black and white, 0 to 1: Rec. 601 luma
 * of RGB; of CMYK, what its inks leave of white, the same weights. */
static inline double grey_of(colour c)
{
    if (c.space == COLOUR_GRAY)
        return c.v[0];
    if (c.space == COLOUR_RGB)
        return 0.299 * c.v[0] + 0.587 * c.v[1] + 0.114 * c.v[2];
    double ink = 0.299 * c.v[0] + 0.587 * c.v[1] + 0.114 * c.v[2];
    return (1 - (ink > 1 ? 1 : ink)) * (1 - c.v[3]);
}

/* Series must stay apart when printed in black and white. */
#define PALETTE_GREY_STEP 0.2

typedef struct page_template {
    const char *name;
    const char *path; /* the file it came from */
    int warnings;     /* reported when it was loaded; errors under --strict */
    named_face *faces;
    size_t face_count;
    double page_width, page_height; /* pt */
    double margin_top, margin_bottom, margin_left, margin_right;
    role_style roles[ROLE_COUNT];
    colour red;      /* RGB: the masthead red on screen and office printers */
    colour red_cmyk; /* CMYK: the same red on press (colors.red_cmyk) */
    bool print;      /* CMYK for the press: reds as red_cmyk, nothing left in RGB */
    bool duplex;     /* the distribution block on an even page (the back of a sheet) */
    double masthead_rule, thick_rule, thin_rule; /* pt */
    page_number_place page_number_place;
    /* Text the template writes has a simplified [0] and a traditional [1]
     * form, chosen by the document's language. */
    const char *page_number_format[2]; /* {page} and {pages} */
    double page_number_gap;            /* below the text block, pt */
    int share_decimals;
    masthead_style masthead;
    const char *source_line[2];  /* {source} {author} {date} {date_iso}; "" for none */
    const char *issue_format[2]; /* {year} {issue}: 2022年第8期, 〔2022〕8号 */
    closing_style closing;
    const char *labels[2][4]; /* [lang][report, copy, send, printed] */
    /* a grid of lines and characters filling the text block, or 0 */
    int grid_lines, grid_chars;
    table_style table;
    footer_place footer_place;
    int footer_align;         /* 0 centre, 1 left, 2 right */
    bool footer_rule;         /* a thin rule above the footer lines */
    bool pdfa;                /* write PDF/A-1b */
    double latin_gap;         /* between Chinese and Latin or digits, in em */
    bool half_opening;        /* an opening mark starting a wrapped line: half an em */
    const char *numbering[4]; /* per heading level: {cn} or {n}; NULL for none */
    chart_style chart;
} page_template;

/* Page geometry, sizes and colours before any template file applies. */
void template_set_defaults(page_template *t);
/* Opens the faces the roles draw with in one language (0 simplified, 1
 * traditional): a template's faces are opened when a document first needs
 * them. False, with the reason, when one cannot be read. */
bool template_open_faces(const page_template *t, int lang, char *error, size_t error_size);
/* The keys of the roles in template files, indexed by role_id. */
const char *const *template_role_names(void);

/* #RRGGBB as a colour: DeviceGray when the three are equal (black and greys
 * print on the black plate alone), else RGB. */
colour colour_from_hex(unsigned rrggbb);
/* c as this template's output prints it: under `print`, an RGB colour
 * becomes CMYK (the plain conversion, K from the darkest component); gray and
 * CMYK stay as they are. */
colour template_ink(const page_template *t, colour c);
/* The masthead red as this output prints it: red, or red_cmyk under print. */
colour template_red(const page_template *t);
/* The colour a role's text prints in. */
colour role_colour(const page_template *t, role_id role);

#endif
