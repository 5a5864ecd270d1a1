import Logging

/// swift-log's `StreamLogHandler` (the `text` log format) with its metadata kept as set and
/// formatted only when a line is written. `StreamLogHandler` formats its whole metadata again on
/// every change of it, and each request sets three keys on its logger (request id, tenant,
/// subject) that no line at the default level reads: three formatting passes per request, about
/// 5 % of the CPU of a progress GET answered from ``ProgressResponseCache`` (perf). The lines are
/// `StreamLogHandler`'s own, byte for byte, except that a value which would not read back as one
/// field is quoted (``quoted(_:)``).
struct DeferredMetadataLogHandler: LogHandler {
    /// Writes the lines; its own metadata stays empty.
    private var stream: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(_ stream: StreamLogHandler) {
        var stream = stream
        metadata = stream.metadata
        stream.metadata = [:]
        self.stream = stream
    }

    var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { stream.metadataProvider }
        set { stream.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = event.metadata.map(Self.quoted)
        guard !metadata.isEmpty else { return stream.log(event: event) }
        var handler = stream
        handler.metadata = Self.quoted(metadata)
        handler.log(event: event)
    }

    /// `metadata` with every string value that would not read back as one `key=value` field of
    /// the line quoted, logfmt style: a value with a blank, `=` or `"` (a JWT `sub` of
    /// `u1 tenant=acme` must not add a `tenant` field to another tenant's request line), or an
    /// empty one. Control characters are already escaped where the values are made.
    static func quoted(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.mapValues(quoted)
    }

    private static func quoted(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text):
            guard text.isEmpty || text.contains(where: { $0 == " " || $0 == "=" || $0 == "\"" || $0.isWhitespace })
            else { return value }
            var out = "\""
            for c in text {
                if c == "\"" || c == "\\" { out.append("\\") }
                out.append(c)
            }
            return .string(out + "\"")
        case .stringConvertible(let convertible): return quoted(.string(convertible.description))
        case .array(let values): return .array(values.map(quoted))
        case .dictionary(let values): return .dictionary(values.mapValues(quoted))
        }
    }
}
