import CCurl
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libcurl's multi handle and the one dedicated thread that drives it.
///
/// Tasks hand transfers and cancellations over through a mailbox under a `Mutex` and wake the
/// thread; the thread (``CurlMultiWorker``) owns every easy handle and drives them off the
/// cooperative pool. On Linux it waits in `epoll_wait` on the sockets libcurl names and answers
/// each ready one with `curl_multi_socket_action` (``CurlEvents``; woken through an eventfd);
/// elsewhere it runs `curl_multi_perform` → `curl_multi_info_read` → `curl_multi_poll`.
///
/// `@unchecked Sendable`: `multi` is used only by the loop thread, except for the wakeup
/// (`curl_multi_wakeup`, thread-safe in libcurl, or a write to the eventfd), which is sent only
/// under the `mailbox` lock and only before ``shutdown()``; the worker cleans the multi handle up
/// (and closes the eventfd) only after it has seen the shutdown under that lock, so no wakeup can
/// reach a freed handle or a closed descriptor. All else is in `mailbox`.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Mailbox {
        var incoming: [CurlTransfer] = []
        var cancellations: [CurlTransfer] = []
        /// A wakeup was sent that the loop has not yet answered: no need for another.
        var wakeupPending = false
        var isShutDown = false
    }

    let multi: UnsafeMutableRawPointer
    let settings: ClientSettings
    #if os(Linux)
    let events: CurlEvents
    #endif
    private let mailbox = Mutex(Mailbox())

    /// Creates the multi handle and starts its thread.
    init(settings: ClientSettings, maxConnectionsPerHost: Int, maxCachedConnections: Int) throws(HTTPClientError) {
        guard let multi = curl_multi_init() else {
            throw HTTPClientError(kind: .other, method: "INIT", url: "libcurl", detail: "curl_multi_init failed")
        }
        #if os(Linux)
        do {
            events = try CurlEvents()
        } catch {
            curl_multi_cleanup(multi)
            throw error
        }
        #endif
        self.multi = multi
        self.settings = settings
        _ = ferrule_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, maxConnectionsPerHost))
        _ = ferrule_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(0, maxCachedConnections))

        var thread = pthread_t()
        let context = Unmanaged.passRetained(self)
        let started = pthread_create(&thread, nil, curlMultiLoopThreadMain, context.toOpaque())
        guard started == 0 else {
            context.release()
            curl_multi_cleanup(multi)
            #if os(Linux)
            events.close()
            #endif
            throw HTTPClientError(
                kind: .other,
                method: "INIT",
                url: "libcurl",
                detail: "cannot start the transfer thread (error \(started))"
            )
        }
        pthread_detach(thread)
    }

    /// Hands a transfer to the loop; fails it at once with `.cancelled` after ``shutdown()``.
    func submit(_ transfer: CurlTransfer, continuation: CheckedContinuation<HTTPResponse, any Error>) {
        transfer.continuation = continuation
        let accepted = mailbox.withLock { box in
            guard !box.isShutDown else { return false }
            box.incoming.append(transfer)
            wake(&box)
            return true
        }
        if !accepted {
            // The loop never saw it: this thread still owns the transfer.
            transfer.finish(.failure(transfer.error(.cancelled, detail: "the HTTP client was shut down")))
        }
    }

    /// Asks the loop to abort a transfer with `.cancelled`, if it is still running.
    func cancel(_ transfer: CurlTransfer) {
        mailbox.withLock { box in
            guard !box.isShutDown else { return }
            box.cancellations.append(transfer)
            wake(&box)
        }
    }

    /// Stops the loop: in-flight and queued transfers fail with `.cancelled`, later ones at once.
    /// Returns without waiting for the thread. Idempotent.
    func shutdown() {
        mailbox.withLock { box in
            guard !box.isShutDown else { return }
            box.isShutDown = true
            signal()
        }
    }

    /// Loop thread: moves the queued transfers and cancellations into the (empty) arrays given and
    /// returns whether the client is shut down. The next enqueue wakes the loop again.
    func takeMail(incoming: inout [CurlTransfer], cancellations: inout [CurlTransfer]) -> Bool {
        mailbox.withLock { box in
            box.wakeupPending = false
            swap(&incoming, &box.incoming)
            swap(&cancellations, &box.cancellations)
            return box.isShutDown
        }
    }

    /// One wakeup per loop iteration at most; called under the lock, before shutdown.
    private func wake(_ box: inout Mailbox) {
        guard !box.wakeupPending else { return }
        box.wakeupPending = true
        signal()
    }

    private func signal() {
        #if os(Linux)
        events.signal()
        #else
        curl_multi_wakeup(multi)
        #endif
    }
}

/// The loop thread's entry point: runs the worker, then drops the loop's retain.
private func curlMultiLoopThreadMain(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    guard let context else { return nil }
    let loop = Unmanaged<CurlMultiLoop>.fromOpaque(context).takeRetainedValue()
    CurlMultiWorker(loop: loop).run()
    return nil
}
