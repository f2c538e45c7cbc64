#include "sheet_zip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "i18n.h"

bool package_open(sheet_package *p, const unsigned char *bytes, size_t len, size_t max_bytes)
{
    memset(p, 0, sizeof *p);
    p->budget = max_bytes ? max_bytes : SIZE_MAX;
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &error);
    if (src) {
        p->zip = zip_open_from_source(src, ZIP_RDONLY, &error);
        if (!p->zip)
            zip_source_free(src);
    }
    zip_error_fini(&error);
    return p->zip != NULL;
}

void package_close(sheet_package *p)
{
    if (p->zip)
        zip_discard(p->zip);
    p->zip = NULL;
}

/* libxml2 pulls the part through here: every inflated byte is counted. */
static int read_part(void *context, char *buffer, int len)
{
    sheet_part *part = context;
    sheet_package *p = part->package;
    zip_int64_t n = zip_fread(part->file, buffer, (zip_uint64_t)len);
    if (n < 0) {
        p->broken = true;
        snprintf(p->problem, sizeof p->problem, "%s", zip_file_strerror(part->file));
        return -1;
    }
    if ((size_t)n > p->budget) {
        p->over = true;
        return -1;
    }
    p->budget -= (size_t)n;
    return (int)n;
}

static int close_nothing(void *context)
{
    (void)context;
    return 0;
}

static void xml_error(void *arg, const char *msg, xmlParserSeverities severity,
                      xmlTextReaderLocatorPtr locator)
{
    sheet_package *p = arg;
    (void)locator;
    if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR)
        return;
    if (!p->broken) {
        snprintf(p->problem, sizeof p->problem, "%s", msg);
        size_t n = strlen(p->problem);
        while (n && (p->problem[n - 1] == '\n' || p->problem[n - 1] == ' '))
            p->problem[--n] = 0;
    }
    p->broken = true;
}

bool part_open(sheet_package *p, const char *name, sheet_part *part)
{
    memset(part, 0, sizeof *part);
    part->package = p;
    zip_int64_t index = zip_name_locate(p->zip, name, ZIP_FL_NOCASE);
    if (index < 0)
        return false;
    part->file = zip_fopen_index(p->zip, (zip_uint64_t)index, 0);
    if (!part->file) {
        p->broken = true;
        snprintf(p->problem, sizeof p->problem, "%s", zip_strerror(p->zip));
        return false;
    }
    /* NONET and no NOENT, DTDLOAD or DTDATTR: nothing is fetched or expanded. */
    part->xml = xmlReaderForIO(read_part, close_nothing, part, name, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!part->xml) {
        zip_fclose(part->file);
        part->file = NULL;
        p->broken = true;
        return false;
    }
    xmlTextReaderSetErrorHandler(part->xml, xml_error, p);
    return true;
}

void part_close(sheet_part *part)
{
    if (part->xml)
        xmlFreeTextReader(part->xml);
    if (part->file)
        zip_fclose(part->file);
    part->xml = NULL;
    part->file = NULL;
}

int part_next(sheet_part *part)
{
    int r = xmlTextReaderRead(part->xml);
    if (r == 1 && xmlTextReaderNodeType(part->xml) == XML_READER_TYPE_DOCUMENT_TYPE) {
        part->package->broken = true;
        snprintf(part->package->problem, sizeof part->package->problem,
                 _("a part declares a DTD, which office files never do"));
        return -1;
    }
    if (r < 0)
        part->package->broken = part->package->broken || !part->package->over;
    return r;
}

static bool is_named(const sheet_part *part, const char *local_name)
{
    const xmlChar *n = xmlTextReaderConstLocalName(part->xml);
    return n && !strcmp((const char *)n, local_name);
}

bool part_is_start(const sheet_part *part, const char *local_name)
{
    return xmlTextReaderNodeType(part->xml) == XML_READER_TYPE_ELEMENT &&
           is_named(part, local_name);
}

bool part_is_end(const sheet_part *part, const char *local_name)
{
    return xmlTextReaderNodeType(part->xml) == XML_READER_TYPE_END_ELEMENT &&
           is_named(part, local_name);
}

const char *part_attribute(const sheet_part *part, arena *a, const char *local_name)
{
    const char *found = NULL;
    if (xmlTextReaderMoveToFirstAttribute(part->xml) != 1)
        return NULL;
    do {
        if (is_named(part, local_name)) {
            const xmlChar *v = xmlTextReaderConstValue(part->xml);
            found = arena_strdup(a, v ? (const char *)v : "");
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(part->xml) == 1);
    xmlTextReaderMoveToElement(part->xml);
    return found;
}

bool part_has_attribute(const sheet_part *part, const char *local_name, const char *value)
{
    bool found = false;
    if (xmlTextReaderMoveToFirstAttribute(part->xml) != 1)
        return false;
    do {
        const xmlChar *v = xmlTextReaderConstValue(part->xml);
        found = is_named(part, local_name) && v && !strcmp((const char *)v, value);
    } while (!found && xmlTextReaderMoveToNextAttribute(part->xml) == 1);
    xmlTextReaderMoveToElement(part->xml);
    return found;
}

const char *part_text(sheet_part *part, arena *a, const char *skip)
{
    if (xmlTextReaderIsEmptyElement(part->xml))
        return "";
    int depth = xmlTextReaderDepth(part->xml);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int skipping = -1; /* depth of the skipped element */
    while (part_next(part) == 1) {
        int type = xmlTextReaderNodeType(part->xml);
        int d = xmlTextReaderDepth(part->xml);
        if (type == XML_READER_TYPE_END_ELEMENT && d == depth)
            break;
        if (skipping >= 0) {
            if (type == XML_READER_TYPE_END_ELEMENT && d == skipping)
                skipping = -1;
            continue;
        }
        if (type == XML_READER_TYPE_ELEMENT && skip && is_named(part, skip) &&
            !xmlTextReaderIsEmptyElement(part->xml)) {
            skipping = d;
            continue;
        }
        if (type != XML_READER_TYPE_TEXT && type != XML_READER_TYPE_CDATA &&
            type != XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
            continue; /* blank text between elements is layout, not content */
        const char *v = (const char *)xmlTextReaderConstValue(part->xml);
        size_t n = v ? strlen(v) : 0;
        if (len + n + 1 > cap) {
            size_t want = (len + n + 1) * 2;
            char *grown = realloc(buf, want);
            if (!grown)
                break;
            buf = grown, cap = want;
        }
        memcpy(buf + len, v, n);
        len += n;
    }
    const char *out = arena_strndup(a, buf ? buf : "", len);
    free(buf);
    return out;
}
