import FerruleTestSupport
import Foundation
import Testing

/// The README's curl session (Tools/curl-session.sh) through the built executables: a token from
/// `ferrule token create`, a firmware schedule posted with DotMac's body, polled until it completes.
@Suite("ferrule serve: the README's curl session (end to end)")
struct ServeCurlSessionTests {
    @Test("create a token, schedule an upgrade, watch it finish: every device upgraded")
    func curlSession() async throws {
        let bin = FerruleRunner.executable.deletingLastPathComponent().path
        let output = try await ProcessRunner(
            URL(fileURLWithPath: "/bin/bash"),
            [Repository.url("Tools/curl-session.sh").path],
            environment: FerruleRunner.childEnvironment(["FERRULE_BIN": bin]),
            timeout: .seconds(240)
        ).run()
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stdout.contains("completed: 3/3 completed, 0 failed, 0 pending"), "\(output.stdout)")
        #expect(output.stdout.contains("$ curl -X POST $URL/api/v1/genieacs/firmware-upgrades/schedule"))
    }
}
