#ifndef FERRULE_CLIBXML2_SHIM_H
#define FERRULE_CLIBXML2_SHIM_H

/* libxml2 2.9 on Debian is built with ICU and its encoding.h includes ICU headers, whose types
 * clash with Foundation's bundled ICU (`UErrorCode has different definitions`). Ferrule never
 * uses libxml2's ICU converters: hide them. Only pointers to the affected struct cross here. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#include <libxml/dict.h>
#include <string.h>

/// xmlFree is a global function pointer, which Swift 6 refuses to touch.
static inline void ferrule_xmlFree(void *p) { xmlFree(p); }

/// Installs the user's SAX handler on a parser context and points its user data at `userData`.
/// The context owns `ctxt->sax` (allocated by libxml2); copying into it keeps ownership simple.
static inline void ferrule_setSAX(xmlParserCtxtPtr ctxt, const xmlSAXHandler *handler, void *userData) {
    memcpy(ctxt->sax, handler, sizeof(xmlSAXHandler));
    ctxt->userData = userData;
}

/// The current line of the parser's input, or 0.
static inline int ferrule_currentLine(xmlParserCtxtPtr ctxt) {
    return (ctxt != NULL && ctxt->input != NULL) ? ctxt->input->line : 0;
}

/// The current column of the parser's input, or 0.
static inline int ferrule_currentColumn(xmlParserCtxtPtr ctxt) {
    return (ctxt != NULL && ctxt->input != NULL) ? ctxt->input->col : 0;
}

/// The 1-based line and column (in bytes) of the `<` that opens the element whose start tag the
/// parser has just read (it stands at the tag's end): scans back over the tag only, and over the
/// rest of its first line only when the tag spans lines, so a document costs linear time.
static inline void ferrule_tagStart(xmlParserCtxtPtr ctxt, int *line, int *column) {
    *line = 0;
    *column = 0;
    if (ctxt == NULL || ctxt->input == NULL || ctxt->input->cur == NULL || ctxt->input->base == NULL) return;
    const xmlChar *base = ctxt->input->base;
    const xmlChar *p = ctxt->input->cur;
    int newlines = 0;
    if (p > base) p--;
    while (p > base && *p != '<') {
        if (*p == '\n') newlines++;
        p--;
    }
    *line = ctxt->input->line;
    if (*p != '<') return;
    *line = ctxt->input->line - newlines;
    if (newlines == 0) {
        int start = ctxt->input->col - (int)(ctxt->input->cur - p);
        *column = start > 0 ? start : 0;
    } else {
        const xmlChar *q = p;
        while (q > base && q[-1] != '\n') q--;
        *column = (int)(p - q) + 1;
    }
}

/// How many strings the context's dictionary holds (element and attribute names, prefixes).
static inline size_t ferrule_dictSize(xmlParserCtxtPtr ctxt) {
    return (ctxt != NULL && ctxt->dict != NULL) ? (size_t)xmlDictSize(ctxt->dict) : 0;
}

/// Whether the parsed document was well formed.
static inline int ferrule_wellFormed(xmlParserCtxtPtr ctxt) { return ctxt->wellFormed; }

/// An external entity loader that refuses everything: no file or network access ever.
static xmlParserInputPtr ferrule_refuseEntityLoader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

/// Initialises libxml2 once and installs the refusing entity loader.
static inline void ferrule_xmlInitialize(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(ferrule_refuseEntityLoader);
}

#endif
