import FerruleJSON
import GenieACS
import Testing

/// `all(_:)` pages on `_id` ranges; a server that ignores the range must not make it loop.
@Suite("GenieACS NBI paging")
struct PagingTests {
    /// An NBI answering every query with the same full page of devices `d-0` … `d-(n-1)`.
    struct SamePageNBI: GenieACSNBI {
        struct Unused: Error {}
        let size: Int
        var baseURL: String { "http://same-page.invalid" }
        func query(_ collection: NBICollection, _ query: CollectionQuery) async throws -> CollectionPage {
            CollectionPage(items: (0..<size).map { .object([("_id", .string("d-\($0)"))]) }, total: nil)
        }
        func submit(_ request: TaskRequest, to device: String, connectionRequest: Bool, sessionStart: Duration?)
            async throws -> TaskSubmission
        { throw Unused() }
        func connectionRequest(to device: String) async throws -> ConnectionRequestResult { throw Unused() }
        func deleteTask(_ id: String) async throws { throw Unused() }
        func deleteFault(_ id: String) async throws { throw Unused() }
        func putPreset(_ name: String, _ document: JSONValue) async throws { throw Unused() }
        func deletePreset(_ name: String) async throws { throw Unused() }
        func putScript(_ kind: ScriptKind, _ name: String, script: String) async throws { throw Unused() }
        func deleteScript(_ kind: ScriptKind, _ name: String) async throws { throw Unused() }
        func putObject(_ name: String, _ document: JSONValue) async throws { throw Unused() }
        func deleteObject(_ name: String) async throws { throw Unused() }
    }

    @Test("a server that answers the same page whatever the _id range ends paging with an error, not a loop")
    func samePageStops() async throws {
        var pages = 0
        do {
            for try await _ in SamePageNBI(size: 10).all(.devices, pageSize: 10) { pages += 1 }
            Issue.record("paging ended without an error after \(pages) pages")
        } catch let error as GenieACSError {
            #expect(pages == 1)
            #expect("\(error)".contains("ignored the {\"_id\": {\"$gt\": …}} range"), "\(error)")
        }
    }

    @Test("ids compare as MongoDB orders strings: by UTF-8 bytes")
    func ordering() {
        #expect(SamePageNBI.follows(.string("b"), .string("a")))
        #expect(!SamePageNBI.follows(.string("a"), .string("a")))
        #expect(SamePageNBI.follows(.string("Z\u{e9}"), .string("Zz")))
        #expect(SamePageNBI.follows(.number("10"), .number("9")))
    }
}
