#ifndef ROSTERCHECK_CLIBXML2_SHIM_H
#define ROSTERCHECK_CLIBXML2_SHIM_H
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* A generic error handler that prints nothing (Swift cannot define C variadic functions). */
static inline void rostercheck_xml_silent_generic_error(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

/* Silences libxml2's generic error output on the calling thread (its error state is per thread). */
static inline void rostercheck_xml_silence_thread(void) {
  xmlSetGenericErrorFunc(NULL, rostercheck_xml_silent_generic_error);
}

/* An external entity loader that loads nothing: no file, no network, no DTD, ever. */
static inline xmlParserInputPtr rostercheck_xml_deny_loader(const char *url, const char *id,
                                                           xmlParserCtxtPtr ctxt) {
  (void)url;
  (void)id;
  (void)ctxt;
  return NULL;
}

static inline void rostercheck_xml_install_deny_loader(void) {
  xmlSetExternalEntityLoader(rostercheck_xml_deny_loader);
}
#endif
