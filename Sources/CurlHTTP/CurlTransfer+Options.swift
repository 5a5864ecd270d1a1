import CCurl

extension CurlTransfer {
    /// Bodies below this size are handed to libcurl whole (`CURLOPT_COPYPOSTFIELDS`) and sent with
    /// the headers; below libcurl's 64 KiB `MAX_INITIAL_POST_SIZE`. Larger ones stream through the
    /// read callback.
    static let inlineBodyLimit = 60 * 1024

    /// Sets every option of this transfer on a freshly reset `easy`; returns the first failure.
    func configure(_ easy: CurlEasy, settings: ClientSettings, budget: ResponseBudget) -> CURLcode {
        var failure = CURLE_OK
        func apply(_ code: CURLcode) {
            if failure == CURLE_OK, code != CURLE_OK { failure = code }
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        maxResponseBytes = min(max(0, request.maxResponseBytes ?? Int.max), settings.maxResponseBytes)
        self.budget = budget

        apply(easy.set(CURLOPT_URL, request.url))
        apply(easy.set(CURLOPT_PROTOCOLS_STR, "http,https"))
        // HTTP/2 has no reason phrase, and GenieACS reports task outcomes in it.
        apply(easy.set(CURLOPT_HTTP_VERSION, FERRULE_CURL_HTTP_VERSION_1_1))
        apply(easy.set(CURLOPT_NOSIGNAL, 1))
        apply(easy.set(CURLOPT_TIMEOUT_MS, request.timeout?.curlMilliseconds ?? settings.requestTimeoutMilliseconds))
        apply(easy.set(CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMilliseconds))
        apply(easy.set(CURLOPT_PRIVATE, pointer: context))
        apply(ferrule_curl_easy_setopt_write_function(easy.handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback))
        apply(easy.set(CURLOPT_HEADERDATA, pointer: context))
        apply(ferrule_curl_easy_setopt_write_function(easy.handle, CURLOPT_WRITEFUNCTION, curlWriteCallback))
        apply(easy.set(CURLOPT_WRITEDATA, pointer: context))
        if !isIdempotent {
            apply(ferrule_curl_easy_setopt_prereq_function(easy.handle, CURLOPT_PREREQFUNCTION, curlPrereqCallback))
            apply(easy.set(CURLOPT_PREREQDATA, pointer: context))
        }

        if request.method == "HEAD" {
            apply(easy.set(CURLOPT_NOBODY, 1))
        } else if sendsBody {
            // POST mechanics (Content-Length, body from the read callback) under any method name.
            apply(easy.set(CURLOPT_POST, 1))
            apply(easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: request.body.count))
            if !request.body.isEmpty && request.body.count < Self.inlineBodyLimit {
                // A small body goes out with the headers in one send (libcurl 7.88 lib/http.c
                // Curl_http_bodysend, MAX_INITIAL_POST_SIZE): one TCP segment per request instead of
                // headers and body apart. libcurl copies it and rewinds it itself for a resend.
                apply(
                    request.body.withUnsafeBytes {
                        easy.set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: $0.baseAddress))
                    }
                )
            } else {
                apply(ferrule_curl_easy_setopt_read_function(easy.handle, CURLOPT_READFUNCTION, curlReadCallback))
                apply(easy.set(CURLOPT_READDATA, pointer: context))
                apply(ferrule_curl_easy_setopt_seek_function(easy.handle, CURLOPT_SEEKFUNCTION, curlSeekCallback))
                apply(easy.set(CURLOPT_SEEKDATA, pointer: context))
            }
            if request.method != "POST" { apply(easy.set(CURLOPT_CUSTOMREQUEST, request.method)) }
        } else if request.method == "GET" {
            apply(easy.set(CURLOPT_HTTPGET, 1))
        } else {
            apply(easy.set(CURLOPT_CUSTOMREQUEST, request.method))
        }

        headerList = makeHeaderList(settings: settings)
        if let headerList { apply(ferrule_curl_easy_setopt_slist(easy.handle, CURLOPT_HTTPHEADER, headerList)) }

        if !settings.userAgent.isEmpty { apply(easy.set(CURLOPT_USERAGENT, settings.userAgent)) }
        if let username = settings.basicUsername, let password = settings.basicPassword {
            apply(easy.set(CURLOPT_HTTPAUTH, FERRULE_CURLAUTH_BASIC))
            apply(easy.set(CURLOPT_USERNAME, username))
            apply(easy.set(CURLOPT_PASSWORD, password))
        }
        if let file = settings.tls.caFile { apply(easy.set(CURLOPT_CAINFO, file)) }
        if let file = settings.tls.clientCertificateFile { apply(easy.set(CURLOPT_SSLCERT, file)) }
        if let file = settings.tls.clientKeyFile { apply(easy.set(CURLOPT_SSLKEY, file)) }
        if settings.tls.insecureSkipVerify {
            apply(easy.set(CURLOPT_SSL_VERIFYPEER, 0))
            apply(easy.set(CURLOPT_SSL_VERIFYHOST, 0))
        }
        if settings.verbose { apply(easy.set(CURLOPT_VERBOSE, 1)) }
        return failure
    }

    /// The request's headers, the client's authentication header, and for bodies an empty
    /// `Expect:` (no `100-continue` round trip) and, unless the request names one, an empty
    /// `Content-Type:` (no `application/x-www-form-urlencoded` default from libcurl).
    private func makeHeaderList(settings: ClientSettings) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        func append(_ line: String) {
            if let longer = line.withCString({ curl_slist_append(list, $0) }) { list = longer }
        }
        var hasContentType = false
        for header in request.headers {
            // libcurl reads `Name:` as "remove this header" and `Name;` as "send it empty".
            append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
            if !hasContentType, header.name.lowercased() == "content-type" { hasContentType = true }
        }
        for line in settings.extraHeaderLines { append(line) }
        if sendsBody {
            append("Expect:")
            if !hasContentType { append("Content-Type:") }
        }
        return list
    }
}

// libcurl's callbacks: C function pointers that capture nothing and find their transfer through
// the `*DATA` pointer (an unretained `CurlTransfer`, kept alive by the loop while attached).

private func curlHeaderCallback(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    deliver(buffer, size * count, context) { $0.receiveHeaderLine($1) }
}

private func curlWriteCallback(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    let length = size * count
    var kept = true
    let delivered = deliver(buffer, length, context) { kept = $0.receiveBody($1) }
    // Fewer bytes than delivered makes libcurl stop the transfer with CURLE_WRITE_ERROR.
    return kept ? delivered : 0
}

/// Hands `length` bytes libcurl delivered to the transfer behind `context`; returns `length`
/// (all consumed), as libcurl's header and write callbacks must.
private func deliver(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ length: Int,
    _ context: UnsafeMutableRawPointer?,
    _ body: (CurlTransfer, UnsafeRawBufferPointer) -> Void
) -> Int {
    guard let buffer, let context else { return length }
    body(
        Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue(),
        UnsafeRawBufferPointer(start: buffer, count: length)
    )
    return length
}

private func curlReadCallback(
    _ buffer: UnsafeMutablePointer<CChar>?,
    _ size: Int,
    _ count: Int,
    _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return FERRULE_CURL_READFUNC_ABORT }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.readBody(into: UnsafeMutableRawBufferPointer(start: buffer, count: size * count))
}

private func curlSeekCallback(_ context: UnsafeMutableRawPointer?, _ offset: curl_off_t, _ origin: Int32) -> Int32 {
    guard let context, origin == SEEK_SET else { return FERRULE_CURL_SEEKFUNC_FAIL }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.seekBody(to: Int(offset)) ? FERRULE_CURL_SEEKFUNC_OK : FERRULE_CURL_SEEKFUNC_FAIL
}

private func curlPrereqCallback(
    _ context: UnsafeMutableRawPointer?,
    _ primaryIP: UnsafeMutablePointer<CChar>?,
    _ localIP: UnsafeMutablePointer<CChar>?,
    _ primaryPort: Int32,
    _ localPort: Int32
) -> Int32 {
    guard let context else { return FERRULE_CURL_PREREQFUNC_OK }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.beginAttempt() ? FERRULE_CURL_PREREQFUNC_OK : FERRULE_CURL_PREREQFUNC_ABORT
}
