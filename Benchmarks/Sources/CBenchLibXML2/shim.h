#ifndef FERRULE_CBENCHLIBXML2_SHIM_H
#define FERRULE_CBENCHLIBXML2_SHIM_H

/* Same trick as Sources/CLibXML2/shim.h: Debian's libxml2 2.9 is built with ICU and encoding.h
 * pulls ICU headers that clash with Foundation's bundled ICU. The benchmark never uses them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <stdio.h>
#include <string.h>

/// Installs a SAX handler on a parser context exactly as Ferrule does (`ferrule_setSAX`).
static inline void bench_setSAX(xmlParserCtxtPtr ctxt, const xmlSAXHandler *handler, void *userData) {
    memcpy(ctxt->sax, handler, sizeof(xmlSAXHandler));
    ctxt->userData = userData;
}

/// Whether the parsed document was well formed.
static inline int bench_wellFormed(xmlParserCtxtPtr ctxt) { return ctxt->wellFormed; }

/// The libxml2 version the benchmark runs against (e.g. "20914"), from the loaded library.
static inline const char *bench_libxmlVersion(void) { return xmlParserVersion; }

/// Glibc's `stderr` is a C global Swift 6 refuses to touch (SE-0412, strict concurrency for global variables).
static inline void bench_printError(const char *line) { fputs(line, stderr); fputc('\n', stderr); }

#endif
