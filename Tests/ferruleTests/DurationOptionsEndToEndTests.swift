import FerruleTestSupport
import Testing

/// Every duration option is parsed into a bounded range: a value out of it (one near Int.max
/// overflowed into a trap, SIGILL) is a usage error, exit 64, before anything is contacted.
@Suite("duration options: out of range is a usage error, never a crash")
struct DurationOptionsEndToEndTests {
    static let huge = "9223372036854775807"

    @Test(
        "an out-of-range timeout, wait, expiry or interval exits 64 naming the option and its range",
        arguments: [
            (["voltha", "devices", "--voltha", "127.0.0.1:1", "--voltha-timeout", huge], "--voltha-timeout"),
            (["voltha", "health", "--voltha", "127.0.0.1:1", "--voltha-timeout", "3601"], "--voltha-timeout"),
            (["voltha", "device", "onu-1", "--voltha", "127.0.0.1:1", "--voltha-timeout", "0"], "--voltha-timeout"),
            (["acs", "devices", "--acs", "http://127.0.0.1:1", "--acs-timeout", huge], "--acs-timeout"),
            (["acs", "task", "d1", "reboot", "--acs", "http://127.0.0.1:1", "--wait", huge], "--wait"),
            (["acs", "task", "d1", "reboot", "--acs", "http://127.0.0.1:1", "--expiry", huge], "--expiry"),
            (["campaign", "run", "c1", "--poll-interval", "1e300"], "--poll-interval"),
            (["campaign", "resume", "c1", "--poll-interval", "nan"], "--poll-interval"),
            (["campaign", "run", "c1", "--poll-interval", "0"], "--poll-interval"),
        ]
    )
    func outOfRange(_ arguments: [String], _ option: String) async throws {
        let output = try await FerruleRunner.execute(arguments)
        #expect(output.status == 64, "\(arguments): \(output.combined)")
        #expect(output.stderr.contains("\(option) ") && output.stderr.contains("is out of range"), "\(output.stderr)")
        #expect(!output.combined.contains("Fatal error"))
    }
}
