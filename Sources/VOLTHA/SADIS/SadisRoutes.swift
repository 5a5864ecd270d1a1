import FerruleJSON

/// What the SADIS HTTP source answers, as BBSim's SADIS server does
/// (`bbsim:internal/bbsim/responders/sadis/sadis.go`: `ServeEntry`, `ServeBWPEntry`,
/// `ServeStaticConfig`), so ONOS's SADIS app can point its integration URLs here:
///
/// - `GET /v2/subscribers/{id}` (also `/subscribers/{id}`) → the entry, or 404 `{}`
/// - `GET /v2/bandwidthprofiles/{id}` (also `/bandwidthprofiles/{id}`) → the profile, or 404 `{}`
/// - `GET /v2/static` → the whole document (ONOS netcfg form)
public struct SadisRoutes: Sendable {
    private let subscribers: [String: JSONValue]
    private let profiles: [String: JSONValue]
    /// `/v2/static`, rendered once per document rather than once per request.
    private let staticText: String

    /// Indexes `document` by id (the first entry wins when an id repeats).
    public init(document: SadisDocument) {
        self.staticText = document.root.compactText
        var subscribers: [String: JSONValue] = [:]
        for entry in document.entries {
            if let id = entry["id"]?.stringValue, subscribers[id] == nil { subscribers[id] = entry }
        }
        var profiles: [String: JSONValue] = [:]
        for entry in document.root["bandwidthprofile"]?["entries"]?.arrayValue ?? [] {
            if let id = entry["id"]?.stringValue, profiles[id] == nil { profiles[id] = entry }
        }
        self.subscribers = subscribers
        self.profiles = profiles
    }

    /// The status and JSON body for a request.
    public func respond(method: String, path: String) -> (status: Int, body: String) {
        guard method == "GET" || method == "HEAD" else { return (405, "{}") }
        var segments = path.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "/") } ?? []
        if segments.first == "v2" { segments.removeFirst() }
        switch (segments.count, segments.first) {
        case (1, "static"), (1, "cfg"):
            return (200, staticText)
        case (2, "subscribers"):
            return subscribers[Self.unescape(segments[1])].map { (200, $0.compactText) } ?? (404, "{}")
        case (2, "bandwidthprofiles"):
            return profiles[Self.unescape(segments[1])].map { (200, $0.compactText) } ?? (404, "{}")
        default:
            return (404, "{}")
        }
    }

    /// Decodes `%XX` escapes (ids are plain in practice).
    static func unescape(_ segment: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = segment.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
