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

static inline CURLMcode ferrule_curl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}

/* CURLMOPT_SOCKETFUNCTION: libcurl says which sockets to watch for what (curl/multi.h curl_socket_callback). */
static inline CURLMcode ferrule_curl_multi_setopt_socket_function(CURLM *multi, curl_socket_callback callback) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
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
static const curl_socket_t FERRULE_CURL_SOCKET_TIMEOUT = CURL_SOCKET_TIMEOUT;


/* MARK: epoll (Linux)
 *
 * `struct epoll_event` is packed on x86-64 (sys/epoll.h __EPOLL_PACKED), a layout Swift does not promise to
 * import faithfully: these wrappers keep it on the C side.
 */
#if defined(__linux__)
#include <errno.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* Watches `fd` for reading (`in`) and/or writing (`out`), adding or changing its registration; 0 or errno. */
static inline int ferrule_epoll_watch(int epfd, int fd, int in, int out) {
    struct epoll_event event;
    event.events = (in ? EPOLLIN : 0) | (out ? EPOLLOUT : 0);
    event.data.u64 = 0;
    event.data.fd = fd;
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event) == 0) return 0;
    if (errno != ENOENT) return errno;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) == 0) return 0;
    return errno;
}

/* Stops watching `fd`; a socket libcurl already closed has left the set by itself. */
static inline void ferrule_epoll_unwatch(int epfd, int fd) {
    struct epoll_event event = {0};
    (void)epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &event);
}

/*
 * Waits up to `timeout_ms` (-1: no limit) for at most `capacity` ready descriptors; stores each one's fd and
 * libcurl's CURL_CSELECT_* bits. Returns their number, 0 on timeout or signal, -1 on another error.
 */
static inline int ferrule_epoll_wait(int epfd, int *fds, int *bits, int capacity, int timeout_ms) {
    struct epoll_event events[256];
    if (capacity > 256) capacity = 256;
    int n = epoll_wait(epfd, events, capacity, timeout_ms);
    if (n < 0) return errno == EINTR ? 0 : -1;
    for (int i = 0; i < n; i++) {
        uint32_t e = events[i].events;
        fds[i] = events[i].data.fd;
        bits[i] = ((e & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) ? CURL_CSELECT_IN : 0) | ((e & EPOLLOUT) ? CURL_CSELECT_OUT : 0)
            | ((e & EPOLLERR) ? CURL_CSELECT_ERR : 0);
    }
    return n;
}

static inline int ferrule_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int ferrule_eventfd_create(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

/* Makes the eventfd readable (a wakeup); extra wakeups before it is drained add up in its counter. */
static inline void ferrule_eventfd_signal(int fd) {
    uint64_t one = 1;
    (void)!write(fd, &one, sizeof one);
}

static inline void ferrule_eventfd_drain(int fd) {
    uint64_t count;
    (void)!read(fd, &count, sizeof count);
}
#endif

#endif
