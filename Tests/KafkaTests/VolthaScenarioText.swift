import Foundation

/// The `voltha-standin` scenarios and trigger rules the PON end-to-end tests share.
enum VolthaScenarioText {
    /// Four ONUs whose serials are the GenieACS stand-in's CPEs (`HWTC00000000` …).
    static let fourCPESerials = (0..<4).map { String(format: "HWTC%08X", $0) }

    /// One OLT in `state` with one PON holding `serials`, the lifecycle instant (`step_ms: 0`);
    /// `onu` is appended to every ONU's entry (`, images_delay_ms: 1500`).
    static func onePON(_ serials: [String], seed: Int? = nil, olt state: String = "preprovisioned", onu: String = "")
        -> String
    {
        (seed.map { "seed: \($0)\n" } ?? "")
            + "timing: {mode: time, step_ms: 0}\nolts:\n  - state: \(state)\n    pon_ports: 1\n    onus:\n"
            + serials.map { "      - {pon: 0, serial: \($0)\(onu)}" }.joined(separator: "\n") + "\n"
    }

    /// A rule list item (under `rules:`) calling a webhook on `pon_up`.
    static let ponRestoredRule = """
          - name: pon-restored
            on: voltha.pon_up
            actions:
              - webhook: {url: "http://127.0.0.1:9/restored/${event.olt}/${event.ponPort}"}
        """
}
