import Logging
import Synchronization
import Testing

@testable import FerruleServer

/// The `text` log format's lines are swift-log's `StreamLogHandler`'s, byte for byte, though the
/// metadata set on a logger is formatted only when a line is written.
@Suite("Text log lines with metadata formatted when written")
struct DeferredMetadataLogHandlerTests {
    /// Collects what a handler writes.
    final class Lines: TextOutputStream, Sendable {
        private let lines = Mutex<[String]>([])
        func write(_ string: String) { lines.withLock { $0.append(string) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// `line` without its timestamp (the first word), which differs between two handlers' lines.
    static func untimed(_ line: String) -> String { String(line.drop { $0 != " " }) }

    @Test("set, changed and removed metadata, explicit metadata and levels give StreamLogHandler's lines")
    func sameLines() {
        let plain = Lines()
        let deferred = Lines()
        var loggers = [
            Logger(
                label: "ferrule.serve",
                factory: { label in StreamLogHandler(label: label, stream: plain, metadataProvider: nil) }
            ),
            Logger(
                label: "ferrule.serve",
                factory: { label in
                    DeferredMetadataLogHandler(StreamLogHandler(label: label, stream: deferred, metadataProvider: nil))
                }
            ),
        ]
        for index in loggers.indices {
            loggers[index].logLevel = .debug
            loggers[index].info("request", metadata: ["status": "200", "route": "/a"])
            loggers[index][metadataKey: "request_id"] = "r-1"
            loggers[index][metadataKey: "tenant"] = "default"
            #expect(loggers[index][metadataKey: "tenant"] == "default")
            loggers[index].debug("decode error")
            loggers[index][metadataKey: "tenant"] = "other"
            loggers[index].warning("request", metadata: ["tenant": "explicit", "subject": .array(["a", "b"])])
            loggers[index][metadataKey: "request_id"] = nil
            loggers[index].trace("not written")
            loggers[index].error("gone")
        }
        #expect(plain.all.count == 4)
        #expect(deferred.all.map(Self.untimed) == plain.all.map(Self.untimed))
        #expect(plain.all[1].contains("request_id=r-1"))
        #expect(plain.all[1].contains("tenant=default"))
    }

    @Test("a value with blanks, = or quotes is quoted: a JWT sub cannot add fields to a request line")
    func forgedFieldsQuoted() {
        let lines = Lines()
        var logger = Logger(
            label: "ferrule.serve",
            factory: { label in
                DeferredMetadataLogHandler(StreamLogHandler(label: label, stream: lines, metadataProvider: nil))
            }
        )
        logger[metadataKey: "tenant"] = "beta"
        logger.info(
            "request",
            metadata: ["subject": "jwt:u1 tenant=acme status=200", "route": "/a", "agent": "say \"hi\"", "empty": ""]
        )
        let line = lines.all.joined()
        #expect(line.contains(#"subject="jwt:u1 tenant=acme status=200""#), "\(line)")
        #expect(line.contains(#"agent="say \"hi\"""#), "\(line)")
        #expect(line.contains(#"empty="""#), "\(line)")
        #expect(line.contains("route=/a"))
        // Outside quotes, one tenant field: the token's.
        let unquoted = line.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 0 }.map(\.element).joined()
        #expect(unquoted.ranges(of: "tenant=").count == 1, "\(line)")
    }
}
