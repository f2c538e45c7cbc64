#include <hpdf.h>
#include <hpdf_doc.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pdf_internal.h"

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
