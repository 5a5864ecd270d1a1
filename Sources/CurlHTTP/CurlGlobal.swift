import CCurl

/// libcurl's process-wide initialisation, done once.
///
/// `curl_global_init` is not thread-safe on its own; a `static let` is initialised exactly once,
/// under the Swift runtime's lock, on first use. libcurl is never cleaned up: other clients may
/// still be running when any one of them shuts down.
enum CurlGlobal {
    /// `CURLE_OK` (0) when libcurl initialised, otherwise its error code.
    private static let result: UInt32 = curl_global_init(FERRULE_CURL_GLOBAL_ALL).rawValue

    /// Initialises libcurl if no one has yet; returns the CURLcode of the one initialisation.
    static func initialize() -> Int {
        Int(result)
    }
}
