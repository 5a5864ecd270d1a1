import CCurl

/// One libcurl easy handle and its error buffer, reused across transfers.
///
/// Created, used and destroyed only on the ``CurlMultiLoop`` thread; never crosses threads.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: libcurl writes the last failure's text here.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// A fresh easy handle, or nil when libcurl is out of memory.
    init?() {
        guard let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(FERRULE_CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(FERRULE_CURL_ERROR_SIZE) + 1)
        _ = ferrule_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Clears every option (`curl_easy_reset`) and points libcurl at the error buffer again.
    /// Connections and the DNS cache live in the multi handle and survive this.
    func reset() {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        _ = ferrule_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    /// libcurl's text for the last failure, or its generic text for `code`.
    func errorText(for code: CURLcode) -> String {
        errorBuffer[Int(FERRULE_CURL_ERROR_SIZE)] = 0
        if errorBuffer[0] != 0 {
            var text = String(cString: errorBuffer)
            while text.last == "\n" { text.removeLast() }
            return text
        }
        guard let generic = curl_easy_strerror(code) else { return "" }
        return String(cString: generic)
    }

    func set(_ option: CURLoption, _ value: Int) -> CURLcode {
        ferrule_curl_easy_setopt_long(handle, option, value)
    }

    func set(_ option: CURLoption, _ value: String) -> CURLcode {
        // libcurl copies string options.
        value.withCString { ferrule_curl_easy_setopt_string(handle, option, $0) }
    }

    func set(_ option: CURLoption, offset value: Int) -> CURLcode {
        ferrule_curl_easy_setopt_off_t(handle, option, curl_off_t(value))
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) -> CURLcode {
        ferrule_curl_easy_setopt_pointer(handle, option, value)
    }

    /// `CURLINFO_RESPONSE_CODE`, 0 when there was none.
    var responseCode: Int {
        var code = 0
        _ = ferrule_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }
}
