/* libcurl (Debian libcurl4-openssl-dev) for the PayloadS3 plugin.
 *
 * curl_easy_setopt / curl_easy_getinfo / curl_share_setopt are variadic, which
 * Swift cannot call: these typed wrappers pass exactly one argument of the
 * type each option expects (long, pointer, curl_off_t, callback). */
#ifndef DFS_CCURL_SHIM_H
#define DFS_CCURL_SHIM_H
#include <curl/curl.h>

/** Options taking a long (CURLOPT_TIMEOUT_MS, CURLOPT_NOBODY, ...). */
static inline CURLcode dfs_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
/** Options taking a string or a data pointer (CURLOPT_URL, CURLOPT_WRITEDATA, ...). */
static inline CURLcode dfs_curl_setopt_ptr(CURL *h, CURLoption o, const void *v) { return curl_easy_setopt(h, o, v); }
/** Options taking a curl_off_t (CURLOPT_INFILESIZE_LARGE, ...). */
static inline CURLcode dfs_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
/** Options taking a struct curl_slist * (CURLOPT_HTTPHEADER). */
static inline CURLcode dfs_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
/** CURLOPT_WRITEFUNCTION / CURLOPT_READFUNCTION / CURLOPT_HEADERFUNCTION. */
typedef size_t (*dfs_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode dfs_curl_setopt_datacb(CURL *h, CURLoption o, dfs_curl_data_cb cb) { return curl_easy_setopt(h, o, cb); }

/** CURLINFO_RESPONSE_CODE and other long-valued infos. */
static inline CURLcode dfs_curl_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl_easy_getinfo(h, i, out); }

/** curl_share_setopt with a long (CURLSHOPT_SHARE / CURLSHOPT_UNSHARE). */
static inline CURLSHcode dfs_curl_share_setopt_long(CURLSH *s, CURLSHoption o, long v) { return curl_share_setopt(s, o, v); }
#endif
