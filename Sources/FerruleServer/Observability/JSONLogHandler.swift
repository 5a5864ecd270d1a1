import FerruleJSON
import Foundation
public import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line to standard error:
/// `{"timestamp": "…Z", "level": "info", "logger": "ferrule.serve", "message": "request", "request_id": "…", …}`.
///
/// Metadata keys become top-level members (after the fixed ones); nested metadata is written as
/// JSON objects and arrays. Lines are written whole, never interleaved.
public struct JSONLogHandler: LogHandler {
    /// The logger's label.
    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let sink: @Sendable (String) -> Void

    /// A handler writing to standard error.
    public init(label: String) {
        self.init(label: label) { line in
            JSONLogHandler.standardError.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    /// A handler giving each line (with its newline) to `sink`, for tests.
    public init(label: String, sink: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.sink = sink
    }

    private static let standardError = Mutex(())

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var members: [(String, JSONValue)] = [
            ("timestamp", .string(Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))),
            ("level", .string(event.level.rawValue)),
            ("logger", .string(label)),
            ("message", .string(event.message.description)),
        ]
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for key in merged.keys.sorted() where !["timestamp", "level", "logger", "message"].contains(key) {
            if let value = merged[key] { members.append((key, Self.json(value))) }
        }
        sink(JSONValue.object(members).compactText + "\n")
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values):
            .object(values.keys.sorted().compactMap { key in values[key].map { (key, json($0)) } })
        }
    }
}

/// Sets up swift-log for `ferrule serve` (the only place that bootstraps it).
public enum ServerLogging {
    /// Bootstraps `LoggingSystem` with `format` on standard error at `level`; returns the server's logger.
    public static func bootstrap(_ settings: ServerConfiguration.LogSettings) -> Logger {
        let level = Logger.Level(rawValue: settings.level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                settings.format == .json
                ? JSONLogHandler(label: label)
                : DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
            handler.logLevel = level
            return handler
        }
        return Logger(label: "ferrule.serve")
    }
}
