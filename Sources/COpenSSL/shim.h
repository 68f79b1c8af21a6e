#ifndef RCLAUDE_COPENSSL_SHIM_H
#define RCLAUDE_COPENSSL_SHIM_H
// libcrypto: random bytes, constant-time comparison, digests and HMAC.
// libssl: the TLS client of the ECS Exec (SSM) data channel.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

// SSL_set_mode and SSL_set_tlsext_host_name are function-like macros, which Swift cannot import.

/// SSL_set_mode: adds `mode` (SSL_MODE_* bits) to the session's mode; returns the new mode.
static inline long rclaude_ssl_set_mode(SSL *ssl, long mode) {
    return SSL_set_mode(ssl, mode);
}

/// SSL_set_tlsext_host_name: the server name sent in the TLS SNI extension; 1 on success.
static inline int rclaude_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

#endif
