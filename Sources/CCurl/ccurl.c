#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_add_handle)(CURLM *, CURL *);
    CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
    CURLMcode (*multi_perform)(CURLM *, int *);
    CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
    CURLMcode (*multi_wakeup)(CURLM *);
    CURLMsg *(*multi_info_read)(CURLM *, int *);
    CURLMcode (*multi_cleanup)(CURLM *);
} fn;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;
static char load_error[512];

static void *find(void *lib, const char *name, int *missing) {
    void *symbol = dlsym(lib, name);
    if (!symbol && !*missing) {
        snprintf(load_error, sizeof load_error, "libcurl has no %s; install libcurl 7.68 or newer", name);
        *missing = 1;
    }
    return symbol;
}

static void load(void) {
#if defined(__APPLE__)
    static const char *names[] = {"libcurl.4.dylib", "libcurl.dylib", NULL};
#else
    static const char *names[] = {"libcurl.so.4", "libcurl.so", NULL};
#endif
    void *lib = NULL;
    for (int i = 0; !lib && names[i]; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libcurl (%s); install libcurl4 (Debian) or curl (Homebrew)",
                 why ? why : "not found");
        return;
    }
    int missing = 0;
#define FIND(field, name) *(void **)(&fn.field) = find(lib, name, &missing)
    FIND(global_init, "curl_global_init");
    FIND(easy_init, "curl_easy_init");
    FIND(easy_cleanup, "curl_easy_cleanup");
    FIND(easy_perform, "curl_easy_perform");
    FIND(easy_strerror, "curl_easy_strerror");
    FIND(easy_setopt, "curl_easy_setopt");
    FIND(easy_getinfo, "curl_easy_getinfo");
    FIND(slist_append, "curl_slist_append");
    FIND(slist_free_all, "curl_slist_free_all");
    FIND(multi_init, "curl_multi_init");
    FIND(multi_add_handle, "curl_multi_add_handle");
    FIND(multi_remove_handle, "curl_multi_remove_handle");
    FIND(multi_perform, "curl_multi_perform");
    FIND(multi_poll, "curl_multi_poll");
    FIND(multi_wakeup, "curl_multi_wakeup");
    FIND(multi_info_read, "curl_multi_info_read");
    FIND(multi_cleanup, "curl_multi_cleanup");
#undef FIND
    loaded = !missing;
}

int rclaude_curl_available(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *rclaude_curl_load_error(void) {
    pthread_once(&once, load);
    return load_error;
}

/* Only rclaude_curl_global_init and rclaude_curl_easy_init/multi_init can come first (every
 * other call takes a handle one of them made), so only they check that libcurl is there. */

CURLcode rclaude_curl_global_init(long flags) {
    return rclaude_curl_available() ? fn.global_init(flags) : CURLE_FAILED_INIT;
}
CURL *rclaude_curl_easy_init(void) { return rclaude_curl_available() ? fn.easy_init() : NULL; }
void rclaude_curl_easy_cleanup(CURL *c) { fn.easy_cleanup(c); }
CURLcode rclaude_curl_easy_perform(CURL *c) { return fn.easy_perform(c); }
const char *rclaude_curl_easy_strerror(CURLcode code) {
    return rclaude_curl_available() ? fn.easy_strerror(code) : load_error;
}
struct curl_slist *rclaude_curl_slist_append(struct curl_slist *list, const char *string) {
    return rclaude_curl_available() ? fn.slist_append(list, string) : NULL;
}
void rclaude_curl_slist_free_all(struct curl_slist *list) {
    if (list) fn.slist_free_all(list);
}
CURLM *rclaude_curl_multi_init(void) { return rclaude_curl_available() ? fn.multi_init() : NULL; }
CURLMcode rclaude_curl_multi_add_handle(CURLM *m, CURL *c) { return fn.multi_add_handle(m, c); }
CURLMcode rclaude_curl_multi_remove_handle(CURLM *m, CURL *c) { return fn.multi_remove_handle(m, c); }
CURLMcode rclaude_curl_multi_perform(CURLM *m, int *running) { return fn.multi_perform(m, running); }
CURLMcode rclaude_curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int count, int timeout_ms, int *ret) {
    return fn.multi_poll(m, extra, count, timeout_ms, ret);
}
CURLMcode rclaude_curl_multi_wakeup(CURLM *m) { return fn.multi_wakeup(m); }
CURLMsg *rclaude_curl_multi_info_read(CURLM *m, int *queued) { return fn.multi_info_read(m, queued); }
CURLMcode rclaude_curl_multi_cleanup(CURLM *m) { return fn.multi_cleanup(m); }

CURLcode rclaude_curl_setopt_string(CURL *c, CURLoption o, const char *v) { return fn.easy_setopt(c, o, v); }
CURLcode rclaude_curl_setopt_long(CURL *c, CURLoption o, long v) { return fn.easy_setopt(c, o, v); }
CURLcode rclaude_curl_setopt_pointer(CURL *c, CURLoption o, void *v) { return fn.easy_setopt(c, o, v); }
CURLcode rclaude_curl_setopt_offset(CURL *c, CURLoption o, curl_off_t v) { return fn.easy_setopt(c, o, v); }
CURLcode rclaude_curl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v) { return fn.easy_setopt(c, o, v); }
CURLcode rclaude_curl_setopt_write(CURL *c, rclaude_curl_data_cb f) { return fn.easy_setopt(c, CURLOPT_WRITEFUNCTION, f); }
CURLcode rclaude_curl_setopt_header(CURL *c, rclaude_curl_data_cb f) { return fn.easy_setopt(c, CURLOPT_HEADERFUNCTION, f); }
CURLcode rclaude_curl_setopt_read(CURL *c, rclaude_curl_data_cb f) { return fn.easy_setopt(c, CURLOPT_READFUNCTION, f); }
CURLcode rclaude_curl_getinfo_long(CURL *c, CURLINFO i, long *v) { return fn.easy_getinfo(c, i, v); }
