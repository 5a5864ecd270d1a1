import Hummingbird
import Testing

@testable import FerruleServer

/// The `duration_ms` of access log lines and audit records.
@Suite("Access log durations")
struct AccessLogFormatTests {
    @Test("durations are written in milliseconds with three decimals, rounded to the microsecond")
    func milliseconds() {
        typealias Log = AccessLogMiddleware<BasicRequestContext>
        #expect(Log.milliseconds(.zero) == "0.000")
        #expect(Log.milliseconds(.microseconds(12_345)) == "12.345")
        #expect(Log.milliseconds(.microseconds(7)) == "0.007")
        #expect(Log.milliseconds(.nanoseconds(1_500)) == "0.002")
        #expect(Log.milliseconds(.seconds(2) + .microseconds(50)) == "2000.050")
        #expect(Log.milliseconds(.seconds(-1)) == "0.000")
    }
}
