import Campaigns
import FerruleCore
import Foundation

/// The text of one progress line of `campaign run`, cut to a width.
///
/// Full: `[#####-------] 42% pending 5 pushed 3 verifying 2 ok 10 failed 0 skipped 0 | 31.5/s |
/// waiting for the current wave to finish`. When the width is short the bar narrows (down to 8
/// cells), then goes; then the counts take short labels (`pend 5 push 3 verif 2 ok 10 fail 0
/// skip 0`); then the reason for waiting is cut with `…`; last the counts are cut, with the percent
/// and the rate kept in front, so the line always says where the run stands.
enum ProgressLine {
    /// The widest bar, in cells.
    static let barWidth = 24

    /// One line for `p`; `rate` is pushes per second (nil while not yet known); `width` is the most
    /// characters the line may take (nil: no limit).
    static func render(_ p: CampaignProgress, rate: Double?, width: Int?) -> String {
        let done = p.total == 0 ? 1 : Double(p.finished) / Double(p.total)
        let percent = "\(Int(done * 100))%"
        let rateText = rate.map { String(format: "%.1f/s", $0) } ?? "–/s"
        let waiting = p.waiting.map { " | " + DisplayText.escaped($0) } ?? ""
        let long = "\(percent) \(counts(p, short: false)) | \(rateText)"
        guard let width else { return bar(done, barWidth) + " " + long + waiting }

        // The bar takes what the text leaves, between 8 and 24 cells (+3 for "[", "] ").
        let room = width - long.count - waiting.count - 3
        if room >= 8 { return bar(done, min(barWidth, room)) + " " + long + waiting }
        if long.count + waiting.count <= width { return long + waiting }
        let short = "\(percent) \(counts(p, short: true)) | \(rateText)"
        if short.count <= width - 2 { return cut(short + waiting, to: width) }
        return cut("\(percent) \(rateText) \(counts(p, short: true))", to: width)
    }

    /// Devices per state: pending, pushed (pushing or pushed), verifying, ok, failed, skipped.
    static func counts(_ p: CampaignProgress, short: Bool) -> String {
        let labels =
            short
            ? ["pend", "push", "verif", "ok", "fail", "skip"]
            : ["pending", "pushed", "verifying", "ok", "failed", "skipped"]
        let values = [
            p.count(.pending), p.count(.pushing) + p.count(.pushed), p.count(.verifying), p.count(.succeeded),
            p.count(.failed), p.count(.skipped),
        ]
        return zip(labels, values).map { "\($0) \($1)" }.joined(separator: " ")
    }

    /// `[####----]` with `cells` cells.
    static func bar(_ done: Double, _ cells: Int) -> String {
        let filled = min(cells, max(0, Int(done * Double(cells))))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: cells - filled) + "]"
    }

    /// `text` in at most `width` characters, ending in `…` when cut.
    static func cut(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(max(0, width))) }
        return String(text.prefix(width - 1)) + "…"
    }
}
