#if os(Linux)
import CCurl
import Glibc

/// The descriptors the loop thread waits on: an epoll set holding the sockets libcurl asks to
/// watch, and an eventfd that other threads signal to wake the loop.
///
/// With `curl_multi_socket_action` (libcurl docs, "multi_socket"), a wakeup costs the sockets that
/// are ready, where `curl_multi_perform` visits every attached transfer and polls each one's socket
/// on every wakeup: with hundreds of connections open, most of the loop thread's time.
///
/// Plain descriptors, so `Sendable`: ``signal()`` may be called from any thread until ``close()``,
/// which only the loop thread calls, after the last signal (see ``CurlMultiLoop``).
struct CurlEvents: Sendable {
    /// At most this many ready descriptors are taken per wait (the shim's buffer).
    static let batch = 256

    let epoll: Int32
    let wakeup: Int32

    /// Creates both descriptors, or throws with the system's error.
    init() throws(HTTPClientError) {
        let epoll = ferrule_epoll_create()
        guard epoll >= 0 else { throw Self.failure("epoll_create1", errno) }
        let wakeup = ferrule_eventfd_create()
        guard wakeup >= 0 else {
            let code = errno
            Glibc.close(epoll)
            throw Self.failure("eventfd", code)
        }
        let watched = ferrule_epoll_watch(epoll, wakeup, 1, 0)
        guard watched == 0 else {
            Glibc.close(epoll)
            Glibc.close(wakeup)
            throw Self.failure("epoll_ctl", watched)
        }
        self.epoll = epoll
        self.wakeup = wakeup
    }

    /// Wakes the loop thread (any thread).
    func signal() {
        ferrule_eventfd_signal(wakeup)
    }

    /// Loop thread: closes both descriptors.
    func close() {
        Glibc.close(epoll)
        Glibc.close(wakeup)
    }

    private static func failure(_ call: String, _ code: Int32) -> HTTPClientError {
        let text = String(cString: strerror(code))
        return HTTPClientError(
            kind: .other,
            method: "INIT",
            url: "libcurl",
            detail: "cannot start the transfer loop: \(call) failed (\(text))"
        )
    }
}
#endif
