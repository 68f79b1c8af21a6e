#ifndef RCLAUDE_COPENSSL_SHIM_H
#define RCLAUDE_COPENSSL_SHIM_H
// libcrypto: random bytes, constant-time comparison, digests and HMAC.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#endif
