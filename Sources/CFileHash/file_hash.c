#include "rostercheck_file_hash.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>

enum { CHUNK = 4 << 20 };

int rostercheck_sha256_file(const char *path, unsigned char digest[32]) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return errno != 0 ? errno : EIO;
  int status = -1;
  unsigned char *buffer = malloc(CHUNK);
  EVP_MD_CTX *context = EVP_MD_CTX_new();
  if (buffer != NULL && context != NULL && EVP_DigestInit_ex(context, EVP_sha256(), NULL) == 1) {
    status = 0;
    for (;;) {
      size_t n = fread(buffer, 1, CHUNK, file);
      if (n > 0 && EVP_DigestUpdate(context, buffer, n) != 1) {
        status = -1;
        break;
      }
      if (n < CHUNK) {
        if (ferror(file)) status = errno != 0 ? errno : EIO;
        break;
      }
    }
    unsigned int length = 0;
    if (status == 0 && (EVP_DigestFinal_ex(context, digest, &length) != 1 || length != 32)) status = -1;
  }
  EVP_MD_CTX_free(context);
  free(buffer);
  fclose(file);
  return status;
}
