import Foundation

/// Times as the API writes them, from the engines' milliseconds since the epoch.
enum APITime {
    /// A `Date` from milliseconds since the epoch.
    static func date(_ milliseconds: Double) -> Date { Date(timeIntervalSince1970: milliseconds / 1000) }

    /// ``date(_:)`` of an optional time.
    static func date(_ milliseconds: Double?) -> Date? { milliseconds.map { date($0) } }

    /// A `Date` truncated to whole seconds, as the document's date-time fields are written.
    static func wholeSeconds(_ milliseconds: Double) -> Date { date(((milliseconds / 1000).rounded(.down)) * 1000) }

    /// ``wholeSeconds(_:)`` of an optional time.
    static func wholeSeconds(_ milliseconds: Double?) -> Date? { milliseconds.map { wholeSeconds($0) } }

    /// ISO 8601 in UTC with fractional seconds and `+00:00`, as DotMac writes the VOLTHA times it
    /// generates itself (`discovered_at`, an alarm operation's `timestamp`): `2026-12-05T09:00:00.123+00:00`.
    static func volthaText(_ date: Date) -> String {
        var text = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).format(date)
        if text.hasSuffix("Z") { text = String(text.dropLast()) + "+00:00" }
        return text
    }

    /// Milliseconds since the epoch of an ISO 8601 text with a zone (`Z` or an offset), nil otherwise.
    static func milliseconds(iso text: String) -> Double? {
        for style in [
            Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle(),
        ] {
            if let date = try? style.parse(text) { return date.timeIntervalSince1970 * 1000 }
        }
        return nil
    }
}
