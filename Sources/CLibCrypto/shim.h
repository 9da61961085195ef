#ifndef ROSTERCHECK_CLIBCRYPTO_SHIM_H
#define ROSTERCHECK_CLIBCRYPTO_SHIM_H
/* OpenSSL's message digests (libcrypto, package libssl-dev): SHA-256 of input files for the
   run store, at the speed of the processor's SHA instructions. */
#include <openssl/evp.h>
#endif
