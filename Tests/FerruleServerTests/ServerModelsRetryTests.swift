import FerruleTestSupport
import Foundation
import Synchronization
import Testing

@testable import FerruleServer

/// The server's data models: a failed load is retried after a bounded wait (a fixed file is
/// picked up without a restart), a successful one is kept.
@Suite("ferrule serve: loading the data models")
struct ServerModelsRetryTests {
    /// A clock the test moves, in seconds.
    final class Clock: Sendable {
        let seconds = Mutex(0.0)
        var now: Double { seconds.withLock { $0 } }
        func advance(_ by: Double) { seconds.withLock { $0 += by } }
    }

    static let model = """
        <dm:document xmlns:dm="urn:broadband-forum-org:cwmp:datamodel-1-14">
        <model name="Device:2">
        </model>
        </dm:document>
        """

    @Test("a missing model file fails the load; once it is there, the load after the retry wait succeeds and is kept")
    func retriedThenKept() async throws {
        let path = try Scratch.path("tr-181.xml", prefix: "ferrule-models")
        let clock = Clock()
        let models = ServerModels(files: [path]) { clock.now }
        await #expect(throws: (any Error).self) { try await models.modelSet() }
        // Fixed at once, but within the wait the failure stands (no load per request).
        try Self.model.write(toFile: path, atomically: true, encoding: .utf8)
        await #expect(throws: (any Error).self) { try await models.modelSet() }
        clock.advance(1.01)
        await #expect(throws: Never.self) { _ = try await models.modelSet() }
        // Kept: the file gone and time passed, the loaded models are still given.
        try FileManager.default.removeItem(atPath: path)
        clock.advance(3600)
        await #expect(throws: Never.self) { _ = try await models.modelSet() }
    }

    @Test("the wait after failures doubles from 1 s and stops at 60 s")
    func boundedBackoff() async throws {
        let path = try Scratch.path("absent.xml", prefix: "ferrule-models")
        let clock = Clock()
        let models = ServerModels(files: [path]) { clock.now }
        #expect((1...8).map { ServerModels.retryDelay(afterFailures: $0) } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(ServerModels.retryDelay(afterFailures: 10_000) == 60)
        // Three failures in a row: the third wait is 4 s.
        for wait in [1.0, 2.0] {
            await #expect(throws: (any Error).self) { try await models.modelSet() }
            clock.advance(wait)
        }
        await #expect(throws: (any Error).self) { try await models.modelSet() }
        try Self.model.write(toFile: path, atomically: true, encoding: .utf8)
        clock.advance(3.9)
        await #expect(throws: (any Error).self) { try await models.modelSet() }
        clock.advance(0.2)
        await #expect(throws: Never.self) { _ = try await models.modelSet() }
    }
}
