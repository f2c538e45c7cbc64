#include <hpdf.h>
#include <hpdf_doc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_internal.h"
#include "utf8.h"

/* ---- outline and information ------------------------------------------- */

/* A PDF text string in UTF-16BE with its byte-order mark. */
HPDF_Binary pdf_text_string(HPDF_Doc pdf, const char *utf8)
{
    size_t len = strlen(utf8);
    unsigned char *buf = malloc(len * 4 + 2);
    size_t n = 0;
    buf[n++] = 0xFE, buf[n++] = 0xFF;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(utf8 + i, len - i, &cp);
        if (!k)
            cp = 0xFFFD, k = 1;
        i += k;
        if (cp >= 0x10000) {
            uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
            buf[n++] = (unsigned char)(hi >> 8), buf[n++] = (unsigned char)hi;
            buf[n++] = (unsigned char)(lo >> 8), buf[n++] = (unsigned char)lo;
        } else {
            buf[n++] = (unsigned char)(cp >> 8), buf[n++] = (unsigned char)cp;
        }
    }
    HPDF_Binary b = HPDF_Binary_New(pdf->mmgr, buf, (HPDF_UINT)n);
    free(buf);
    return b;
}

void add_outline(renderer *r, HPDF_Page *pages)
{
    HPDF_Outline parents[5] = {NULL};
    for (size_t i = 0; i < r->doc->outline_count; i++) {
        const outline_entry *e = &r->doc->outline[i];
        int level = e->level < 1 ? 1 : e->level > 4 ? 4 : e->level;
        HPDF_Outline parent = NULL;
        for (int l = level - 1; l >= 1 && !parent; l--)
            parent = parents[l];
        HPDF_Outline o = HPDF_CreateOutline(r->pdf, parent, "", NULL);
        if (!o)
            return;
        HPDF_Dict_Add(o, "Title", pdf_text_string(r->pdf, e->title));
        /* a direct [page /FitH top] array: some readers take no indirect one */
        HPDF_Array dst = HPDF_Array_New(r->pdf->mmgr);
        HPDF_Array_Add(dst, pages[e->page]);
        HPDF_Array_AddName(dst, "FitH");
        HPDF_Array_AddReal(dst, e->y);
        HPDF_Dict_Add(o, "Dest", dst);
        HPDF_Outline_SetOpened(o, HPDF_TRUE);
        parents[level] = o;
        for (int l = level + 1; l <= 4; l++)
            parents[l] = NULL;
    }
    if (r->doc->outline_count)
        HPDF_SetPageMode(r->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

void add_info(renderer *r, const char *creator)
{
    const laid_out *d = r->doc;
    HPDF_Date date = {d->year, d->month, d->day, 0, 0, 0, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(r->pdf, HPDF_INFO_CREATION_DATE, date); /* creates the dictionary */
    HPDF_Dict info = r->pdf->info;
    if (!info)
        return;
    /* libharu writes D:...Z00'00'; a date in UTC ends at the Z */
    char when[32];
    snprintf(when, sizeof when, "D:%04d%02d%02d000000Z", d->year, d->month, d->day);
    HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(r->pdf->mmgr, when, NULL));
    if (d->title)
        HPDF_Dict_Add(info, "Title", pdf_text_string(r->pdf, d->title));
    if (d->author)
        HPDF_Dict_Add(info, "Author", pdf_text_string(r->pdf, d->author));
    if (d->subject)
        HPDF_Dict_Add(info, "Subject", pdf_text_string(r->pdf, d->subject));
    HPDF_Dict_Add(info, "Creator", pdf_text_string(r->pdf, creator));
    HPDF_Dict_Add(r->pdf->catalog, "Lang", HPDF_String_New(r->pdf->mmgr, d->lang, NULL));
}

/* ---- identity and PDF/A -------------------------------------------------- */

/* The document ID: the pages' fingerprint, so the same bulletin has the
 * same ID in every run and another bulletin another. */
void add_document_id(renderer *r)
{
    uint64_t h[2];
    laid_out_fingerprint(r->doc, h);
    unsigned char id[16];
    for (int i = 0; i < 8; i++)
        id[i] = (unsigned char)(h[0] >> (8 * i)), id[8 + i] = (unsigned char)(h[1] >> (8 * i));
    HPDF_Array ids = HPDF_Array_New(r->pdf->mmgr);
    HPDF_Array_Add(ids, HPDF_Binary_New(r->pdf->mmgr, id, 16));
    HPDF_Array_Add(ids, HPDF_Binary_New(r->pdf->mmgr, id, 16));
    HPDF_Dict_Add(r->pdf->xref->trailer, "ID", ids);
}

static void xml_escaped(HPDF_Stream s, const char *text)
{
    for (; text && *text; text++) {
        char one[2] = {*text, 0};
        HPDF_Stream_WriteStr(s, *text == '<'   ? "&lt;"
                                : *text == '>' ? "&gt;"
                                : *text == '&' ? "&amp;"
                                               : one);
    }
}

/* XMP metadata saying what the document information says, and that the
 * file claims PDF/A-1b. Left unfiltered, as PDF/A-1 asks. */
void add_metadata(renderer *r, const char *creator, bool tagged)
{
    const laid_out *d = r->doc;
    HPDF_Dict meta = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    HPDF_Dict_AddName(meta, "Type", "Metadata");
    HPDF_Dict_AddName(meta, "Subtype", "XML");
    HPDF_Stream s = meta->stream;
    char date[40];
    snprintf(date, sizeof date, "%04d-%02d-%02dT00:00:00Z", d->year, d->month, d->day);
    HPDF_Stream_WriteStr(s, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                            "<rdf:Description rdf:about=\"\" "
                            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                            "<dc:format>application/pdf</dc:format>\n");
    if (d->title) {
        HPDF_Stream_WriteStr(s, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_escaped(s, d->title);
        HPDF_Stream_WriteStr(s, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (d->author) {
        HPDF_Stream_WriteStr(s, "<dc:creator><rdf:Seq><rdf:li>");
        xml_escaped(s, d->author);
        HPDF_Stream_WriteStr(s, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (d->subject) {
        HPDF_Stream_WriteStr(s, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_escaped(s, d->subject);
        HPDF_Stream_WriteStr(s, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    HPDF_Stream_WriteStr(s, "</rdf:Description>\n<rdf:Description rdf:about=\"\" "
                            "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n<xmp:CreateDate>");
    HPDF_Stream_WriteStr(s, date);
    HPDF_Stream_WriteStr(s, "</xmp:CreateDate>\n<xmp:CreatorTool>");
    xml_escaped(s, creator);
    HPDF_Stream_WriteStr(s,
                         "</xmp:CreatorTool>\n</rdf:Description>\n<rdf:Description rdf:about=\"\" "
                         "xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n<pdf:Producer>");
    xml_escaped(s, "Haru Free PDF Library " HPDF_VERSION_TEXT); /* as libharu's /Producer */
    HPDF_Stream_WriteStr(s, "</pdf:Producer>\n</rdf:Description>\n<rdf:Description rdf:about=\"\" "
                            "xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                            "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>");
    HPDF_Stream_WriteStr(s, tagged ? "A" : "B");
    HPDF_Stream_WriteStr(s, "</pdfaid:conformance>\n"
                            "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
                            "<?xpacket end=\"w\"?>");
    HPDF_Dict_Add(r->pdf->catalog, "Metadata", meta);
}

/* The sRGB output intent that PDF/A asks for the device colours used. */
void add_output_intent(renderer *r, const pdf_options *o)
{
    HPDF_Dict profile = compressed_stream(r, o->icc, o->icc_size);
    HPDF_Dict_AddNumber(profile, "N", 3);
    HPDF_Dict intent = HPDF_Dict_New(r->pdf->mmgr);
    HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    HPDF_Dict_Add(intent, "OutputConditionIdentifier",
                  HPDF_String_New(r->pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "Info", HPDF_String_New(r->pdf->mmgr, "sRGB IEC61966-2.1", NULL));
    HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    HPDF_Array intents = HPDF_Array_New(r->pdf->mmgr);
    HPDF_Array_Add(intents, intent);
    HPDF_Dict_Add(r->pdf->catalog, "OutputIntents", intents);
}
