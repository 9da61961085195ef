#ifndef ROSTERCHECK_FILE_HASH_H
#define ROSTERCHECK_FILE_HASH_H

/* SHA-256 of a whole file with OpenSSL's libcrypto (package libssl-dev), which uses the
   processor's SHA instructions. OpenSSL's headers stay inside this target: Swift sees only
   this function. */

/* Hashes the file at `path` into `digest` (32 bytes). Returns 0 on success; otherwise the
   errno value of the failed open or read, or -1 when OpenSSL fails. */
int rostercheck_sha256_file(const char *path, unsigned char digest[32]);

#endif
