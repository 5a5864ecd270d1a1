import Logging

/// swift-log's `StreamLogHandler` (the `text` log format) with its metadata kept as set and
/// formatted only when a line is written. `StreamLogHandler` formats its whole metadata again on
/// every change of it, and each request sets three keys on its logger (request id, tenant,
/// subject) that no line at the default level reads: three formatting passes per request, about
/// 5 % of the CPU of a progress GET answered from ``ProgressResponseCache`` (perf). The lines are
/// `StreamLogHandler`'s own, byte for byte.
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
        guard !metadata.isEmpty else { return stream.log(event: event) }
        var handler = stream
        handler.metadata = metadata
        handler.log(event: event)
    }
}
