import FerruleTestSupport
import Foundation
import Testing

/// A state path that names a device or a file that is no SQLite database (a symbolic link to
/// /dev/zero, a text file) is refused before SQLite opens it, in one wording for every store,
/// instead of SQLite's "disk I/O error" and advice to free space.
@Suite("state files that are not Ferrule stores: end to end")
struct NotAStoreEndToEndTests {
    /// A directory holding `name` as a symbolic link to /dev/zero, and one holding it as a text file.
    static func impostors(_ name: String) throws -> [(what: String, directory: URL)] {
        let device = try Scratch.directory("ferrule-not-a-store")
        try FileManager.default.createSymbolicLink(atPath: device.path + "/" + name, withDestinationPath: "/dev/zero")
        let text = try Scratch.directory("ferrule-not-a-store")
        try Data("severity: critical\nnot: sqlite\n".utf8).write(to: text.appendingPathComponent(name))
        return [
            ("a character device", device),
            ("a file of 31 bytes that does not start with SQLite's header (it looks like text)", text),
        ]
    }

    func expectRefused(
        _ result: FerruleRunner.Output,
        code: String,
        store: String,
        found: String,
        path: String
    ) {
        #expect(result.status == 1, "\(result.combined)")
        // One line, `PATH: error[code]: open: it is not …`: the path named once, as its prefix.
        #expect(result.stderr.hasPrefix("\(path): error[\(code)]: open: it is not a Ferrule"), "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: path).count == 2, "\(result.stderr)")
        #expect(result.stderr.contains("error[\(code)]"), "\(result.stderr)")
        #expect(
            result.stderr.contains("it is not a Ferrule \(store): the path is \(found), not an SQLite database"),
            "\(result.stderr)"
        )
        #expect(!result.stderr.contains("disk I/O") && !result.stderr.contains("free space"), "\(result.stderr)")
    }

    @Test("voltha events and alarms on events.sqlite linked to /dev/zero or holding text: not an event store")
    func eventStore() async throws {
        for (found, directory) in try Self.impostors("events.sqlite") {
            defer { try? FileManager.default.removeItem(at: directory) }
            for command in ["events", "alarms"] {
                let result = try await FerruleRunner.execute(["voltha", command, "--state-dir", directory.path])
                expectRefused(
                    result,
                    code: "event-store-not-a-store",
                    store: "event store",
                    found: found,
                    path: directory.path + "/events.sqlite"
                )
            }
            // The text file is untouched.
            if found.hasPrefix("a file") {
                let text = try String(contentsOf: directory.appendingPathComponent("events.sqlite"), encoding: .utf8)
                #expect(text == "severity: critical\nnot: sqlite\n")
            }
        }
    }

    @Test("campaign list/show on a --state linked to /dev/zero or holding text: not a campaign store")
    func campaignStore() async throws {
        for (found, directory) in try Self.impostors("campaigns.sqlite") {
            defer { try? FileManager.default.removeItem(at: directory) }
            for arguments in [["list"], ["show", "abc"]] {
                let result = try await FerruleRunner.execute(
                    ["campaign"] + arguments + ["--state", directory.path + "/campaigns.sqlite"]
                )
                expectRefused(
                    result,
                    code: "campaign-state",
                    store: "campaign store",
                    found: found,
                    path: directory.path + "/campaigns.sqlite"
                )
            }
        }
    }
}
