import CCurl

/// The loop thread's side of ``CurlMultiLoop``: attaches, completes and aborts transfers.
///
/// Lives on, and only on, the loop thread, so it needs no lock: the active transfers and the
/// pool of idle easy handles are its own.
final class CurlMultiWorker {
    /// Idle easy handles kept for reuse. Connections are cached by the multi handle, not here:
    /// this saves `curl_easy_init`/`curl_easy_cleanup` per request. The pool never holds more
    /// than the peak number of concurrent transfers; the cap only bounds memory after a burst
    /// (an idle handle is a few kilobytes). A cap below the usual concurrency makes handles churn:
    /// completions arrive in batches.
    private static let poolLimit = 1024
    /// Upper bound on one wait. libcurl's own timers (timeouts, retries) end it sooner and a
    /// wakeup ends it at once, so this only paces an idle loop.
    static let pollMilliseconds: Int32 = 10_000

    let loop: CurlMultiLoop
    /// What the bodies of the active transfers hold together.
    private let budget: ResponseBudget
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var pool: [CurlEasy] = []
    private var incoming: [CurlTransfer] = []
    private var cancellations: [CurlTransfer] = []
    #if os(Linux)
    /// The ready descriptors of one `epoll_wait` and their `CURL_CSELECT_*` bits.
    var readyDescriptors = [Int32](repeating: 0, count: CurlEvents.batch)
    var readyBits = [Int32](repeating: 0, count: CurlEvents.batch)
    #endif

    init(loop: CurlMultiLoop) {
        self.loop = loop
        budget = ResponseBudget(limit: loop.settings.maxBufferedResponseBytes)
    }

    /// Drives transfers until the client shuts down, then fails what is left and frees libcurl's
    /// handles.
    func run() {
        #if os(Linux)
        installCallbacks()
        #endif
        while true {
            let isShutDown = loop.takeMail(incoming: &incoming, cancellations: &cancellations)
            if isShutDown { break }
            for transfer in incoming { start(transfer) }
            for transfer in cancellations { abort(transfer, detail: "the task was cancelled") }
            incoming.removeAll(keepingCapacity: true)
            cancellations.removeAll(keepingCapacity: true)

            drive()
        }
        let detail = "the HTTP client was shut down"
        for transfer in incoming { transfer.finish(.failure(transfer.error(.cancelled, detail: detail))) }
        for transfer in Array(active.values) { abort(transfer, detail: detail) }
        incoming.removeAll()
        cancellations.removeAll()
        pool.removeAll()
        curl_multi_cleanup(loop.multi)
        #if os(Linux)
        loop.events.close()
        #endif
    }

    #if !os(Linux)
    /// Runs every attached transfer as far as it goes, completes the finished ones and waits for
    /// network activity, a timer or a wakeup.
    private func drive() {
        var running: Int32 = 0
        _ = curl_multi_perform(loop.multi, &running)
        completeFinished()
        _ = curl_multi_poll(loop.multi, nil, 0, CurlMultiWorker.pollMilliseconds, nil)
    }
    #endif

    /// Configures an easy handle for the transfer and adds it to the multi handle.
    private func start(_ transfer: CurlTransfer) {
        guard let easy = pool.popLast() ?? CurlEasy() else {
            transfer.finish(.failure(transfer.error(.other, detail: "libcurl is out of memory")))
            return
        }
        let code = transfer.configure(easy, settings: loop.settings, budget: budget)
        guard code == CURLE_OK else {
            let failure = transfer.error(
                HTTPClientError.Kind(curlCode: code),
                curlCode: Int(code.rawValue),
                detail: loop.settings.scrubbed(easy.errorText(for: code))
            )
            release(easy, of: transfer)
            transfer.finish(.failure(failure))
            return
        }
        let added = curl_multi_add_handle(loop.multi, easy.handle)
        guard added == CURLM_OK else {
            let text = curl_multi_strerror(added).map { String(cString: $0) } ?? "curl_multi_add_handle failed"
            release(easy, of: transfer)
            transfer.finish(.failure(transfer.error(.other, detail: text)))
            return
        }
        transfer.easy = easy
        active[ObjectIdentifier(transfer)] = transfer
    }

    /// Reads libcurl's completion messages and resumes each finished transfer's task.
    func completeFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(loop.multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = ferrule_curl_msg_result(message)
            var context: UnsafeMutableRawPointer?
            _ = ferrule_curl_easy_getinfo_pointer(handle, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            complete(transfer, code: code)
        }
    }

    private func complete(_ transfer: CurlTransfer, code: CURLcode) {
        guard let easy = detach(transfer) else { return }
        let result: Result<HTTPResponse, HTTPClientError>
        if code == CURLE_OK || transfer.overflow == .truncated {
            result = .success(transfer.takeResponse(fallbackStatus: easy.responseCode))
        } else if let overflow = transfer.overflow {
            let detail: String
            switch overflow {
            case .shared:
                detail =
                    "the responses this client was receiving at once passed \(Self.bytes(budget.limit)) together, "
                    + "so this one was stopped unread; retry when fewer run at once, or ask for less"
            case .response, .truncated:
                detail =
                    "it exceeded \(Self.bytes(transfer.maxResponseBytes)) and was stopped unread; check that the "
                    + "URL is the service meant, or ask for less, e.g. a projection or a smaller page"
            }
            result = .failure(transfer.error(.responseTooLarge, curlCode: Int(code.rawValue), detail: detail))
        } else if transfer.refusedResend {
            let detail =
                "no response on a reused connection; \(transfer.request.method) is not idempotent, so not resent"
            result = .failure(transfer.error(.connectionDropped, curlCode: Int(code.rawValue), detail: detail))
        } else {
            result = .failure(
                transfer.error(
                    HTTPClientError.Kind(curlCode: code),
                    curlCode: Int(code.rawValue),
                    detail: loop.settings.scrubbed(easy.errorText(for: code))
                )
            )
        }
        release(easy, of: transfer)
        transfer.finish(result)
    }

    /// Removes a running transfer and fails it with `.cancelled`; does nothing for a transfer
    /// that already finished (or was never attached).
    private func abort(_ transfer: CurlTransfer, detail: String) {
        guard let easy = detach(transfer) else { return }
        release(easy, of: transfer)
        transfer.finish(.failure(transfer.error(.cancelled, detail: detail)))
    }

    /// Takes an attached transfer out of the multi handle; nil if it is not attached.
    private func detach(_ transfer: CurlTransfer) -> CurlEasy? {
        guard active.removeValue(forKey: ObjectIdentifier(transfer)) != nil, let easy = transfer.easy else {
            return nil
        }
        _ = curl_multi_remove_handle(loop.multi, easy.handle)
        transfer.easy = nil
        return easy
    }

    /// A byte count as an operator sets and reads it: `256 MiB`, `64 KiB`, `10000 bytes`.
    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20) MiB" }
        if count >= 1 << 10, count % (1 << 10) == 0 { return "\(count >> 10) KiB" }
        return "\(count) bytes"
    }

    /// Frees the transfer's header list, gives its body's share of the budget back and returns its
    /// easy handle to the pool.
    private func release(_ easy: CurlEasy, of transfer: CurlTransfer) {
        transfer.releaseBudget()
        curl_slist_free_all(transfer.headerList)
        transfer.headerList = nil
        easy.reset()
        if pool.count < CurlMultiWorker.poolLimit { pool.append(easy) }
    }
}
