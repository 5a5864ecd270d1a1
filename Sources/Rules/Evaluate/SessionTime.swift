import CWMP
import FerruleCore

/// The session time `ferrule explain --now` and a test case's `now:` set, as milliseconds since
/// the epoch.
///
/// GenieACS keeps a session's time as a JavaScript time value (`Date.now()`, lib/session.ts), and
/// the provision's sandbox `Date` reads it (lib/sandbox.ts:56-68 at v1.2.16). Any xsd:dateTime
/// whose instant a JavaScript Date holds (±8.64e15 ms from 1970, ECMA-262 §21.4.1.1) is accepted:
/// TR-069's "unknown time" `0001-01-01T00:00:00Z` included, since as an instant it is simply a
/// time long ago. A value without a zone is read as UTC.
public enum SessionTime {
    /// The largest time value a JavaScript Date holds, in milliseconds either side of 1970.
    public static let limitMilliseconds = 8_640_000_000_000_000.0

    /// The accepted range as xsd:dateTime values (xsd years: no year 0, so JavaScript's year
    /// -271821 is -271822).
    public static let rangeText = "-271822-04-20T00:00:00Z to 275760-09-13T00:00:00Z"

    /// Why `text` is refused, or its milliseconds since the epoch.
    public static func milliseconds(_ text: String) -> Result<Double, Refusal> {
        guard let time = CWMPDateTime(text) else { return .failure(.notDateTime) }
        let milliseconds = Double(time.secondsSince1970) * 1000
        guard abs(milliseconds) <= limitMilliseconds else { return .failure(.outOfRange) }
        return .success(milliseconds)
    }

    /// Milliseconds since the epoch as an xsd:dateTime in UTC (`2026-12-01T00:00:00Z`), whole
    /// seconds, in the proleptic Gregorian calendar xsd:dateTime uses (Foundation's calendar turns
    /// Julian before 1582: `0001-01-01` would print as `0001-01-03`). Years before 1 are xsd's:
    /// `-0001` is 1 BCE.
    public static func text(_ milliseconds: Double) -> String {
        let seconds = Int64((milliseconds / 1000).rounded(.down))
        var days = seconds / 86400
        var rest = seconds % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        let (astronomical, month, day) = CivilDays.date(ofDay: days)
        let year = astronomical <= 0 ? astronomical - 1 : astronomical
        func pad(_ v: Int64, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(year < 0 ? "-" : "")\(pad(abs(year), 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(rest / 3600, 2)):\(pad(rest % 3600 / 60, 2)):\(pad(rest % 60, 2))Z"
    }

    public enum Refusal: Error, Sendable {
        /// Not the xsd:dateTime form.
        case notDateTime
        /// A time JavaScript's Date cannot hold.
        case outOfRange

        /// What to say after the value.
        public var message: String {
            switch self {
            case .notDateTime: "is not an xsd:dateTime; write it like 2026-12-01T03:00:00Z"
            case .outOfRange:
                "is outside the times GenieACS's session clock (a JavaScript Date) holds: \(SessionTime.rangeText)"
            }
        }
    }
}
