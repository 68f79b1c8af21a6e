#ifndef RCLAUDE_CCURL_H
#define RCLAUDE_CCURL_H
// libcurl, loaded on first use: only commands that speak HTTP pay for loading libcurl and its
// ~30 dependent libraries (Kerberos, LDAP, GnuTLS…), about 4 ms of every process start.
// Each function below calls its libcurl namesake; Swift cannot call C variadics, so
// curl_easy_setopt/getinfo get one typed wrapper per kind of argument.
#include <curl/curl.h>

typedef size_t (*rclaude_curl_data_cb)(char *, size_t, size_t, void *);

/// Loads libcurl if it is not loaded yet; 1 when it is usable. `rclaude_curl_load_error` then
/// says why not.
int rclaude_curl_available(void);
/// Why libcurl could not be loaded (empty when it was).
const char *rclaude_curl_load_error(void);

CURLcode rclaude_curl_global_init(long flags);
CURL *rclaude_curl_easy_init(void);
void rclaude_curl_easy_cleanup(CURL *c);
CURLcode rclaude_curl_easy_perform(CURL *c);
const char *rclaude_curl_easy_strerror(CURLcode code);
struct curl_slist *rclaude_curl_slist_append(struct curl_slist *list, const char *string);
void rclaude_curl_slist_free_all(struct curl_slist *list);
CURLM *rclaude_curl_multi_init(void);
CURLMcode rclaude_curl_multi_add_handle(CURLM *m, CURL *c);
CURLMcode rclaude_curl_multi_remove_handle(CURLM *m, CURL *c);
CURLMcode rclaude_curl_multi_perform(CURLM *m, int *running);
CURLMcode rclaude_curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int *ret);
CURLMcode rclaude_curl_multi_wakeup(CURLM *m);
CURLMsg *rclaude_curl_multi_info_read(CURLM *m, int *queued);
CURLMcode rclaude_curl_multi_cleanup(CURLM *m);

CURLcode rclaude_curl_setopt_string(CURL *c, CURLoption o, const char *v);
CURLcode rclaude_curl_setopt_long(CURL *c, CURLoption o, long v);
CURLcode rclaude_curl_setopt_pointer(CURL *c, CURLoption o, void *v);
CURLcode rclaude_curl_setopt_offset(CURL *c, CURLoption o, curl_off_t v);
CURLcode rclaude_curl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v);
CURLcode rclaude_curl_setopt_write(CURL *c, rclaude_curl_data_cb f);
CURLcode rclaude_curl_setopt_header(CURL *c, rclaude_curl_data_cb f);
CURLcode rclaude_curl_setopt_read(CURL *c, rclaude_curl_data_cb f);
CURLcode rclaude_curl_getinfo_long(CURL *c, CURLINFO i, long *v);

#endif
