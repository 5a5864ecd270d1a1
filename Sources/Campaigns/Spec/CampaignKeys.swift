import FerruleCore

/// The keys one mapping of a campaign file accepts: snake_case names, their camelCase aliases,
/// and hints for names people bring from elsewhere (the seed API, GenieACS).
struct CampaignKeys: Sendable {
    /// The documented names, in the order the docs list them.
    let names: [String]
    /// Other spellings → documented name (`maxConcurrent` → `max_concurrent`).
    let aliases: [String: String]
    /// Names that are not keys here but have an obvious home → what to write instead.
    let hints: [String: String]

    init(_ names: [String], aliases: [String: String] = [:], hints: [String: String] = [:]) {
        self.names = names
        self.aliases = aliases
        self.hints = hints
    }

    /// The documented name for `key`, or nil when it is not a key of this mapping.
    func canonical(_ key: String) -> String? {
        if names.contains(key) { return key }
        return aliases[key]
    }

    /// The file's top level.
    static let file = CampaignKeys(
        ["name", "description", "firmware", "configuration", "devices", "rollout"],
        hints: [
            "device_filter":
                "write the filter under `devices:` (friendly keys such as `manufacturer`, or `query:` for a raw GenieACS query)",
            "deviceFilter": "write the filter under `devices:`",
            "filter": "write the filter under `devices:`",
            "firmware_file": "write `firmware: {file: …, target_version: …}`",
            "file_type": "`file_type` belongs under `firmware:`",
            "wifi": "configuration is a list of actions: `configuration: [{wifi: {band: 2.4GHz, ssid: …}}]`",
            "lan": "write `configuration: [{lanDHCP: {…}}]`",
            "wan": "write `configuration: [{wan: {…}}]`",
            "custom_parameters": "write each parameter as `configuration: [{set: {path: …, value: …}}]`",
            "expected_count": "`expected_count` belongs under `devices:`",
            "scheduled_at": "`scheduled_at` belongs under `rollout:`",
            "timezone": "`timezone` belongs under `rollout:`",
            "max_concurrent": "`max_concurrent` belongs under `rollout:`",
            "dry_run": "a dry run is not part of the file; the campaign file only says what to do",
        ]
    )

    /// `firmware:`.
    static let firmware = CampaignKeys(
        ["file", "file_type", "target_version"],
        aliases: ["fileType": "file_type", "targetVersion": "target_version", "version": "target_version"],
        hints: [
            "firmware_file": "write `file:`",
            "target_file_name": "GenieACS campaigns download to the CPE's own file name",
        ]
    )

    /// `rollout:`.
    static let rollout = CampaignKeys(
        [
            "scheduled_at", "timezone", "windows", "max_concurrent", "rate_per_minute", "waves", "max_failure_rate",
            "min_sample", "retries", "retry_backoff", "device_deadline", "connection_request", "session_wait",
            "max_per_olt", "max_per_pon", "canary_spread", "pon_health", "storm_hold",
        ],
        aliases: [
            "scheduledAt": "scheduled_at", "start_at": "scheduled_at", "startAt": "scheduled_at",
            "timeZone": "timezone", "time_zone": "timezone", "maxConcurrent": "max_concurrent",
            "ratePerMinute": "rate_per_minute", "maxFailureRate": "max_failure_rate", "minSample": "min_sample",
            "min_samples": "min_sample", "minimum_sample": "min_sample", "retryBackoff": "retry_backoff",
            "deviceDeadline": "device_deadline", "connectionRequest": "connection_request",
            "sessionWait": "session_wait",
            "maxPerOLT": "max_per_olt", "maxPerOlt": "max_per_olt",
            "maxPerPON": "max_per_pon", "maxPerPon": "max_per_pon", "max_per_pon_port": "max_per_pon",
            "canarySpread": "canary_spread", "ponHealth": "pon_health", "stormHold": "storm_hold",
        ],
        hints: [
            "window": "write `windows:` as a list", "wave": "write `waves:` as a list",
            "max_per_port": "write `max_per_pon:` (devices in flight per PON port)",
            "max_signal_lost": "write `pon_health: {max_signal_lost: \"2%\", window: 10m}`",
        ]
    )

    /// `pon_health:`.
    static let ponHealth = CampaignKeys(
        ["max_signal_lost", "window", "grace"],
        aliases: ["maxSignalLost": "max_signal_lost", "max_los": "max_signal_lost", "max_lost": "max_signal_lost"]
    )

    /// One item of `windows:`.
    static let window = CampaignKeys(
        ["days", "start", "end", "timezone"],
        aliases: ["weekdays": "days", "timeZone": "timezone", "time_zone": "timezone", "from": "start", "to": "end"]
    )

    /// The keys of `devices:` that are not conditions.
    static let filterSettings = CampaignKeys(
        ["query", "expected_count", "tolerance", "all"],
        aliases: ["expectedCount": "expected_count"]
    )
}
