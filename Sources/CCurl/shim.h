#ifndef FERRULE_CCURL_SHIM_H
#define FERRULE_CCURL_SHIM_H

#include <curl/curl.h>

/*
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic and do not import into
 * Swift. Each wrapper below fixes one argument type (curl/easy.h: curl_easy_setopt(CURL *, CURLoption, ...); Swift
 * docs, CVarArg: C functions declared with ... are not imported). Macros Swift cannot import (casts, shifts) are
 * re-exported as constants.
 */

/* MARK: curl_easy_setopt */

static inline CURLcode ferrule_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ferrule_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ferrule_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ferrule_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ferrule_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION. */
static inline CURLcode ferrule_curl_easy_setopt_write_function(
    CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* CURLOPT_READFUNCTION. */
static inline CURLcode ferrule_curl_easy_setopt_read_function(
    CURL *handle, CURLoption option, curl_read_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* CURLOPT_SEEKFUNCTION. */
static inline CURLcode ferrule_curl_easy_setopt_seek_function(
    CURL *handle, CURLoption option, curl_seek_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* CURLOPT_PREREQFUNCTION. */
static inline CURLcode ferrule_curl_easy_setopt_prereq_function(
    CURL *handle, CURLoption option, curl_prereq_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/* MARK: curl_easy_getinfo */

static inline CURLcode ferrule_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ferrule_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ferrule_curl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ferrule_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* CURLINFO_PRIVATE: the pointer stored with CURLOPT_PRIVATE. */
static inline CURLcode ferrule_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

/* MARK: curl_multi_setopt */

static inline CURLMcode ferrule_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/* MARK: CURLMsg */

/* The transfer's result of a CURLMSG_DONE message (the anonymous union member). */
static inline CURLcode ferrule_curl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

/* MARK: Macros Swift does not import */

static const long FERRULE_CURLAUTH_BASIC = (long)CURLAUTH_BASIC;
static const long FERRULE_CURL_GLOBAL_ALL = (long)CURL_GLOBAL_ALL;
static const size_t FERRULE_CURL_READFUNC_ABORT = (size_t)CURL_READFUNC_ABORT;
static const int FERRULE_CURL_SEEKFUNC_OK = CURL_SEEKFUNC_OK;
static const int FERRULE_CURL_SEEKFUNC_FAIL = CURL_SEEKFUNC_FAIL;
static const int FERRULE_CURL_PREREQFUNC_OK = CURL_PREREQFUNC_OK;
static const int FERRULE_CURL_PREREQFUNC_ABORT = CURL_PREREQFUNC_ABORT;
static const size_t FERRULE_CURL_ERROR_SIZE = CURL_ERROR_SIZE;
static const long FERRULE_CURL_HTTP_VERSION_1_1 = (long)CURL_HTTP_VERSION_1_1;

#endif
