/* libcrypto (Debian libssl-dev): SHA-256 and HMAC-SHA-256 for AWS SigV4.
 * One-shot wrappers so Swift never touches OpenSSL's context types. */
#ifndef DFS_COPENSSL_SHIM_H
#define DFS_COPENSSL_SHIM_H
#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

/** SHA-256 of `len` bytes at `data` into `out` (32 bytes). */
static inline void dfs_sha256(const void *data, size_t len, unsigned char *out) {
    SHA256((const unsigned char *)data, len, out);
}

/** HMAC-SHA-256 of `len` bytes at `data` with `key` into `out` (32 bytes).
 *  Returns 1 on success. */
static inline int dfs_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                                  unsigned char *out) {
    unsigned int n = 32;
    return HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)data, len, out, &n) != NULL;
}
#endif
