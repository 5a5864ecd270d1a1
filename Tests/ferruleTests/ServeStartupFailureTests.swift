import FerruleTestSupport
import Foundation
import Testing

/// `ferrule serve` that cannot listen says why in one line and exits 1 at once, instead of
/// hanging without a word.
@Suite("ferrule serve: an address it cannot listen on")
struct ServeStartupFailureTests {
    @Test(
        "a port another process holds: one error[bind] line naming host:port and the reason, no runner started, exit 1 promptly"
    )
    func busyPort() async throws {
        let occupier = try SilentListener()
        let state = try Scratch.directory("ferrule-serve").path
        // A server that kept running after the failed bind is killed at the timeout, and then its
        // status is not 1: that is the "promptly" (wall time on this pool is not a measure, as CI
        // runs a thousand tests at once on two cores).
        let output = try await FerruleRunner.execute(
            ["serve", "--port", "\(occupier.port)", "--state", state],
            timeout: .seconds(60)
        )
        #expect(output.status == 1, "\(output.combined)")
        #expect(output.stdout.isEmpty, "no listening line: \(output.stdout)")
        #expect(
            output.stderr.contains(
                "ferrule serve: error[bind]: cannot listen on 127.0.0.1:\(occupier.port): Address already in use"
            ),
            "\(output.stderr)"
        )
        #expect(!output.stderr.contains("Fatal error"), "\(output.stderr)")
        // The runner starts only once the server listens: nothing of it before the error.
        #expect(!output.stderr.contains("campaign runner"), "\(output.stderr)")
    }

    @Test("listen.host that is not a host: --check-config and serve refuse it at file:line:col")
    func invalidHost() async throws {
        let directory = try Scratch.directory(["bad.yaml": "listen:\n  host: \"not a host!!\"\n  port: 0\n"])
        let file = directory + "/bad.yaml"
        for arguments in [["serve", "--check-config", "--config", file], ["serve", "--config", file]] {
            let output = try await FerruleRunner.execute(arguments, timeout: .seconds(60))
            #expect(output.status == 1, "\(arguments): \(output.combined)")
            #expect(
                output.stderr.contains(
                    "bad.yaml:2:9: error[bad-value]: listen.host \"not a host!!\" is not an IP address"
                ),
                "\(output.stderr)"
            )
        }
        let flag = try await FerruleRunner.execute(["serve", "--host", "not a host!!", "--check-config"])
        #expect(flag.status == 64, "\(flag.combined)")
    }
}
