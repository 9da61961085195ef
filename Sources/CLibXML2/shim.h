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

/* The number of newlines between the last '<' before `cur` and `cur`, or -1 when there is no
   '<' in [base, cur): how far back a start tag written over several lines began. */
static inline long rostercheck_xml_newlines_since_tag(const xmlChar *base, const xmlChar *cur) {
  const xmlChar *p = cur;
  long newlines = 0;
  while (p > base) {
    --p;
    if (*p == '<') return newlines;
    if (*p == '\n') ++newlines;
  }
  return -1;
}
#endif
