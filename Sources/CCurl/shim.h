#ifndef RCLAUDE_CCURL_SHIM_H
#define RCLAUDE_CCURL_SHIM_H
// Swift cannot call C variadics: one typed wrapper per kind of curl_easy_setopt argument.
#include <curl/curl.h>

typedef size_t (*rclaude_curl_data_cb)(char *, size_t, size_t, void *);

static inline CURLcode rclaude_curl_setopt_string(CURL *c, CURLoption o, const char *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode rclaude_curl_setopt_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode rclaude_curl_setopt_pointer(CURL *c, CURLoption o, void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode rclaude_curl_setopt_offset(CURL *c, CURLoption o, curl_off_t v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode rclaude_curl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode rclaude_curl_setopt_write(CURL *c, rclaude_curl_data_cb f) { return curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode rclaude_curl_setopt_header(CURL *c, rclaude_curl_data_cb f) { return curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, f); }
static inline CURLcode rclaude_curl_setopt_read(CURL *c, rclaude_curl_data_cb f) { return curl_easy_setopt(c, CURLOPT_READFUNCTION, f); }
static inline CURLcode rclaude_curl_getinfo_long(CURL *c, CURLINFO i, long *v) { return curl_easy_getinfo(c, i, v); }

#endif
