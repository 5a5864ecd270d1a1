import Foundation
import Testing

@testable import Campaigns

/// `_lastInform` as the runner reads it to decide that a device rebooted after its push.
@Suite struct LastInformTimeTests {
    /// What Foundation's ISO 8601 parsers make of `text` (the only reader before the fast path).
    static func foundation(_ text: String) -> Double? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date.timeIntervalSince1970 * 1000
        }
        if let date = try? Date(text, strategy: .iso8601) { return date.timeIntervalSince1970 * 1000 }
        return nil
    }

    @Test(
        "GenieACS's toISOString() times read by hand give the instant Foundation gives",
        arguments: [
            "2026-12-05T20:49:20.123Z", "2026-12-05T20:49:20Z", "1970-01-01T00:00:00.000Z",
            "2024-02-29T23:59:59.999Z", "2000-03-01T00:00:00.001Z", "2099-12-31T12:00:00.500Z",
        ]
    )
    func fastPathAgrees(text: String) throws {
        let fast = try #require(DeviceDocument.utcMilliseconds(text))
        let reference = try #require(Self.foundation(text))
        #expect(abs(fast - reference) < 0.5)
        #expect(DeviceDocument.milliseconds(text) == fast)
    }

    @Test(
        "other shapes are left to Foundation, and impossible dates are refused",
        arguments: [
            "2026-12-05T21:49:20.123+01:00", "2026-12-05 20:49:20Z", "2026-02-30T00:00:00Z", "2026-12-05T24:00:00Z",
            "2026-12-05T20:49:20.12Z", "2026-12-05", "", "x026-12-05T20:49:20Z",
        ]
    )
    func otherShapes(text: String) {
        #expect(DeviceDocument.utcMilliseconds(text) == nil)
        #expect(DeviceDocument.milliseconds(text) == Self.foundation(text))
    }
}
