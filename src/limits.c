#include "limits.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

const input_limits default_limits = {
    .depth = 64,
    .nodes = 2000000,
    .text = 1000000,
    .file_size = 32u << 20,
    .figures = 10000,
    .sections = 10000,
    .rows = 100000,
    .cells = 1000000,
    .paragraph = 100000,
    .pages = 5000,
    .sheet_size = 256u << 20,
    .sheet_cells = 2000000,
};

static const struct {
    const char *name;
    size_t offset;
} fields[] = {
    {"depth", offsetof(input_limits, depth)},
    {"nodes", offsetof(input_limits, nodes)},
    {"text", offsetof(input_limits, text)},
    {"file-size", offsetof(input_limits, file_size)},
    {"figures", offsetof(input_limits, figures)},
    {"sections", offsetof(input_limits, sections)},
    {"rows", offsetof(input_limits, rows)},
    {"cells", offsetof(input_limits, cells)},
    {"paragraph", offsetof(input_limits, paragraph)},
    {"pages", offsetof(input_limits, pages)},
    {"sheet-size", offsetof(input_limits, sheet_size)},
    {"sheet-cells", offsetof(input_limits, sheet_cells)},
};

bool set_limit(input_limits *l, const char *assignment, char *error, size_t error_size)
{
    const char *eq = strchr(assignment, '=');
    for (size_t i = 0; eq && i < sizeof fields / sizeof *fields; i++) {
        if (strlen(fields[i].name) != (size_t)(eq - assignment) ||
            strncmp(assignment, fields[i].name, (size_t)(eq - assignment)))
            continue;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(eq + 1, &end, 10);
        if (end == eq + 1 || *end || eq[1] < '0' || eq[1] > '9') {
            snprintf(error, error_size, _("--limit %s takes a whole number, such as %s=1000"),
                     fields[i].name, fields[i].name);
            return false;
        }
        if (errno == ERANGE || v > SIZE_MAX / 2) {
            snprintf(error, error_size, _("--limit %s=%s is too large; write 0 for no bound"),
                     fields[i].name, eq + 1);
            return false;
        }
        *(size_t *)((char *)l + fields[i].offset) = (size_t)v;
        return true;
    }
    char names[200] = "";
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        size_t used = strlen(names);
        /* TRANSLATORS: between the words of a list of keys or values */
        snprintf(names + used, sizeof names - used, "%s%s", i ? _(", ") : "", fields[i].name);
    }
    snprintf(error, error_size, _("--limit takes NAME=N with NAME one of %s, not `%s`"), names,
             assignment);
    return false;
}
