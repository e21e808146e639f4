/* libxml2 for Swift: the parser headers plus helpers for what Swift cannot express (variadic callbacks). */
#ifndef SHEETFLOW_CLIBXML_SHIM_H
#define SHEETFLOW_CLIBXML_SHIM_H
/* Debian builds libxml2 with ICU; its headers would include the system ICU headers, which clash
   with the ICU copy inside Foundation. We never touch the ICU members of libxml2's encoding
   handler struct (only pointers to it), so hide ICU from the headers. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

static void sf_xml_ignore_generic_error(void *ctx, const char *msg, ...) {
    (void)ctx; (void)msg;
}

/* Initialise libxml2 once and stop it printing anything to stderr: errors reach us through serror. */
static inline void sf_xml_initialize(void) {
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, sf_xml_ignore_generic_error);
}
#endif
