import CCurl

/// One request in flight: the request, its continuation and the response as it arrives.
///
/// `@unchecked Sendable`: the submitting task sets ``continuation`` and then hands the transfer to
/// ``CurlMultiLoop`` under its mailbox lock; from then on only the loop thread reads or writes its
/// mutable state (libcurl's callbacks run there too). Other threads only pass the reference
/// around, e.g. to ask for its cancellation.
final class CurlTransfer: @unchecked Sendable {
    /// Bodies larger than this are not reserved up front from `Content-Length` (a server may
    /// announce more than it sends; growth past it doubles as the bytes arrive).
    private static let maximumReservation = 4 << 20

    let request: HTTPRequest
    /// Resumed exactly once, by ``finish(_:)``.
    var continuation: CheckedContinuation<HTTPResponse, any Error>?
    /// The easy handle while the transfer is attached to the multi handle.
    var easy: CurlEasy?
    /// The `CURLOPT_HTTPHEADER` list, freed when the transfer is detached.
    var headerList: UnsafeMutablePointer<curl_slist>?
    private(set) var head = ResponseHead()
    private var body: [UInt8] = []
    /// How much of the request body libcurl has read.
    private var uploadOffset = 0
    /// How many times libcurl began sending the request (see ``beginAttempt()``).
    private var attempts = 0
    /// A second attempt of a non-idempotent request was refused.
    private(set) var refusedResend = false
    /// The body kept at most (set from the request and the client's settings when the transfer
    /// is configured).
    var maxResponseBytes = Int.max
    /// What the bodies of the client's transfers hold together (set when configured).
    var budget: ResponseBudget?
    /// The bytes of ``body`` taken from ``budget``.
    private var budgeted = 0
    /// Why the write callback refused the body and libcurl stopped, if it did.
    private(set) var overflow: Overflow?

    enum Overflow: Equatable {
        /// The body passed ``maxResponseBytes``; it failed the request.
        case response
        /// The body passed ``maxResponseBytes`` and the request keeps its start.
        case truncated
        /// The bodies in flight together passed ``ResponseBudget/limit``.
        case shared
    }

    init(request: HTTPRequest) {
        self.request = request
    }

    deinit {
        curl_slist_free_all(headerList)
    }

    /// Whether the request goes out with a body and `Content-Length` (POST, PUT and PATCH always,
    /// so that an empty one is sent as `Content-Length: 0`).
    var sendsBody: Bool {
        guard request.method != "HEAD" else { return false }
        if !request.body.isEmpty { return true }
        switch request.method {
        case "POST", "PUT", "PATCH": return true
        default: return false
        }
    }

    /// Whether sending the request twice has the effect of sending it once (RFC 9110 §9.2.2).
    var isIdempotent: Bool {
        switch request.method {
        case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE": return true
        default: return false
        }
    }

    // MARK: libcurl callbacks (loop thread)

    /// Called before each attempt to send the request; false refuses the attempt.
    ///
    /// When a reused connection closes without a response, libcurl sends the request again on a
    /// fresh connection. That is right for idempotent methods, but a `POST` may already have
    /// taken effect, and GenieACS drops the connection precisely when a task crashes its handler
    /// (GenieACS 1.2.16 lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83): resending would crash it twice. Such a
    /// request fails instead.
    func beginAttempt() -> Bool {
        attempts += 1
        guard attempts > 1, !isIdempotent else { return true }
        refusedResend = true
        return false
    }

    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        head.consume(line: line)
    }

    /// Keeps `bytes` of the body; false (stop the transfer) once the body would pass
    /// ``maxResponseBytes`` (keeping its start when the request truncates) or the client's
    /// bodies together would pass their budget.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let room = maxResponseBytes - body.count
        guard bytes.count <= room else {
            if request.responseOverflow == .truncate {
                overflow = .truncated
                _ = keep(UnsafeRawBufferPointer(rebasing: bytes[..<max(0, room)]))
            } else {
                overflow = .response
                dropBody()
            }
            return false
        }
        return keep(bytes)
    }

    /// Takes `bytes` from the budget and appends them; false (body dropped) when the budget has
    /// no room for them.
    private func keep(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if let budget {
            guard budget.take(bytes.count) else {
                overflow = .shared
                dropBody()
                return false
            }
            budgeted += bytes.count
        }
        if body.isEmpty, let length = head.contentLength, length > bytes.count {
            // Never more up front than this body and the budget could still come to.
            let room = budget.map { $0.limit - $0.held + bytes.count } ?? Int.max
            body.reserveCapacity(min(length, CurlTransfer.maximumReservation, maxResponseBytes, room))
        }
        body.append(contentsOf: bytes)
        return true
    }

    private func dropBody() {
        body = []
        releaseBudget()
    }

    /// Gives the body's share of the budget back: the transfer left the multi handle (its body,
    /// if any, now belongs to the caller).
    func releaseBudget() {
        if let budget, budgeted != 0 { budget.give(budgeted) }
        budgeted = 0
    }

    /// Copies the next request-body bytes into libcurl's buffer; returns how many (0 at the end).
    func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        request.body.withUnsafeBytes { source in
            let count = min(buffer.count, source.count - uploadOffset)
            guard count > 0, let base = source.baseAddress, let target = buffer.baseAddress else { return 0 }
            target.copyMemory(from: base + uploadOffset, byteCount: count)
            uploadOffset += count
            return count
        }
    }

    /// Rewinds the request body (libcurl does this to resend on a fresh connection).
    func seekBody(to offset: Int) -> Bool {
        guard offset >= 0, offset <= request.body.count else { return false }
        uploadOffset = offset
        return true
    }

    // MARK: Completion (loop thread, or the submitter when the loop never saw it)

    /// The final response, taking over the received body.
    func takeResponse(fallbackStatus: Int) -> HTTPResponse {
        let response = HTTPResponse(
            url: request.url,
            status: head.statusLine?.status ?? fallbackStatus,
            reasonPhrase: head.statusLine?.reasonPhrase ?? "",
            headers: head.headers,
            body: body,
            isTruncated: overflow == .truncated
        )
        body = []
        return response
    }

    func error(_ kind: HTTPClientError.Kind, curlCode: Int = 0, detail: String) -> HTTPClientError {
        HTTPClientError(kind: kind, method: request.method, url: request.url, curlCode: curlCode, detail: detail)
    }

    /// Resumes the waiting task; later calls do nothing.
    func finish(_ result: Result<HTTPResponse, HTTPClientError>) {
        guard let continuation else { return }
        self.continuation = nil
        switch result {
        case .success(let response): continuation.resume(returning: response)
        case .failure(let error): continuation.resume(throwing: error)
        }
    }
}
