import Foundation
import Yams

extension Scenario {
    /// Reads a scenario file (YAML; every key optional, see `Tools/GenieACSStandIn/README.md`).
    ///
    /// Fixture paths are relative to the file's directory.
    /// - Throws: ``ScenarioError`` naming the file and what is wrong.
    public static func load(yamlFile path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, message: "cannot read the scenario file")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: path, baseDirectory: directory)
    }

    /// Reads scenario YAML text; relative fixture paths are resolved against `baseDirectory`.
    public static func parse(yaml text: String, file: String = "<scenario>", baseDirectory: String = ".") throws
        -> Scenario
    {
        let raw: ScenarioFile
        do {
            raw = try YAMLDecoder().decode(ScenarioFile.self, from: text.isEmpty ? "{}" : text)
        } catch {
            throw ScenarioError(file: file, message: "\(error)")
        }
        try checkKeys(text, file: file)
        var s = Scenario()
        if let v = raw.devices { s.devices = v }
        if let v = raw.serialPrefix { s.serialPrefix = v }
        if let v = raw.seed { s.seed = v }
        if let v = raw.onlineRatio { s.onlineRatio = v }
        if let v = raw.badCredentialsRatio { s.badCredentialsRatio = v }
        if let v = raw.informIntervalSeconds { s.informIntervalSeconds = v }
        if let v = raw.retryDelaySeconds { s.retryDelaySeconds = v }
        if let v = raw.downloadTimeoutSeconds { s.downloadTimeoutSeconds = v }
        if let v = raw.deviceOnlineThresholdMs { s.deviceOnlineThresholdMs = v }
        if let v = raw.dropConnectionOnCrash { s.dropConnectionOnCrash = v }
        if let v = raw.maxBodyBytes { s.maxBodyBytes = v }
        if let l = raw.latencies {
            if let v = l.crToSessionMs { s.latencies.crToSessionMs = v }
            if let v = l.sessionDurationMs { s.latencies.sessionDurationMs = v }
            if let v = l.responseDelayMs { s.latencies.responseDelayMs = v }
            if let v = l.crashCloseMs { s.latencies.crashCloseMs = v }
        }
        for (name, rule) in raw.faults ?? [:] {
            s.faults[name] = FaultRule(
                rate: rule.rate ?? 1,
                code: rule.code ?? "cwmp.9002",
                message: rule.message ?? "Internal error"
            )
        }
        if let f = raw.firmware {
            if let v = f.successRate { s.firmware.successRate = v }
            if let v = f.timeoutRate { s.firmware.timeoutRate = v }
            if let v = f.faultCode { s.firmware.faultCode = v }
            if let v = f.faultMessage { s.firmware.faultMessage = v }
            if let v = f.delayMs { s.firmware.delayMs = v }
            if let v = f.versions { s.firmware.versions = v }
        }
        for (index, entry) in (raw.fixtures ?? []).enumerated() {
            let weight = entry.weight ?? 1
            guard weight > 0 else {
                throw ScenarioError(file: file, message: "fixtures[\(index)]: weight must be positive")
            }
            switch (entry.path, entry.builtin?.lowercased()) {
            case (let path?, nil):
                let resolved = path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
                s.fixtures.append(FixtureSource(.file(resolved), weight: weight))
            case (nil, "tr098"?): s.fixtures.append(FixtureSource(.embeddedTR098, weight: weight))
            case (nil, "tr181"?): s.fixtures.append(FixtureSource(.embeddedTR181, weight: weight))
            default:
                throw ScenarioError(
                    file: file,
                    message: "fixtures[\(index)]: give either `path` or `builtin: tr098|tr181`"
                )
            }
        }
        try s.validate(file: file)
        return s
    }

    /// Unknown keys are errors: a misspelt key would otherwise silently keep its default.
    private static func checkKeys(_ text: String, file: String) throws {
        let known: [String: Set<String>] = [
            "": [
                "devices", "fixtures", "serialPrefix", "seed", "onlineRatio", "badCredentialsRatio", "latencies",
                "informIntervalSeconds", "retryDelaySeconds", "downloadTimeoutSeconds", "deviceOnlineThresholdMs",
                "faults", "firmware", "dropConnectionOnCrash", "maxBodyBytes",
            ],
            "latencies": ["crToSessionMs", "sessionDurationMs", "responseDelayMs", "crashCloseMs"],
            "firmware": ["successRate", "timeoutRate", "faultCode", "faultMessage", "delayMs", "versions"],
            "fixtures": ["path", "builtin", "weight"],
            "faults": ["rate", "code", "message"],
        ]
        guard let root = try? Yams.compose(yaml: text), let top = root.mapping else { return }
        func check(_ mapping: Node.Mapping, _ section: String) throws {
            for key in mapping.keys {
                guard let name = key.string, known[section]?.contains(name) == true else {
                    let where_ = section.isEmpty ? "" : " in \(section)"
                    throw ScenarioError(
                        file: file,
                        message: "line \(key.mark?.line ?? 0): unknown key '\(key.string ?? "?")'\(where_)"
                    )
                }
            }
        }
        try check(top, "")
        for (key, value) in top {
            switch key.string {
            case "latencies", "firmware": if let m = value.mapping { try check(m, key.string ?? "") }
            case "fixtures": for item in value.sequence ?? [] { if let m = item.mapping { try check(m, "fixtures") } }
            case "faults": for (_, rule) in value.mapping ?? [:] { if let m = rule.mapping { try check(m, "faults") } }
            default: break
            }
        }
    }

    /// Checks ranges; throws ``ScenarioError`` for the first value out of range.
    public func validate(file: String = "<scenario>") throws {
        func ratio(_ name: String, _ v: Double) throws {
            guard (0...1).contains(v) else { throw ScenarioError(file: file, message: "\(name) must be in 0…1") }
        }
        guard devices >= 0 else { throw ScenarioError(file: file, message: "devices must not be negative") }
        try ratio("onlineRatio", onlineRatio)
        try ratio("badCredentialsRatio", badCredentialsRatio)
        try ratio("firmware.successRate", firmware.successRate)
        try ratio("firmware.timeoutRate", firmware.timeoutRate)
        for (name, rule) in faults { try ratio("faults.\(name).rate", rule.rate) }
        guard informIntervalSeconds >= 0, retryDelaySeconds >= 0, downloadTimeoutSeconds >= 0 else {
            throw ScenarioError(file: file, message: "intervals and delays must not be negative")
        }
    }
}

/// A scenario file could not be read.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public var description: String { "\(file): error: \(message)" }
}

/// The YAML shape of a scenario: every key optional.
private struct ScenarioFile: Decodable {
    struct Fixture: Decodable {
        var path: String?
        var builtin: String?
        var weight: Int?
    }

    struct Latencies: Decodable {
        var crToSessionMs: Int?
        var sessionDurationMs: Int?
        var responseDelayMs: Int?
        var crashCloseMs: Int?
    }

    struct Fault: Decodable {
        var rate: Double?
        var code: String?
        var message: String?
    }

    struct Firmware: Decodable {
        var successRate: Double?
        var timeoutRate: Double?
        var faultCode: String?
        var faultMessage: String?
        var delayMs: Int?
        var versions: [String: String]?
    }

    var devices: Int?
    var fixtures: [Fixture]?
    var serialPrefix: String?
    var seed: UInt64?
    var onlineRatio: Double?
    var badCredentialsRatio: Double?
    var latencies: Latencies?
    var informIntervalSeconds: Double?
    var retryDelaySeconds: Double?
    var downloadTimeoutSeconds: Double?
    var deviceOnlineThresholdMs: Int?
    var faults: [String: Fault]?
    var firmware: Firmware?
    var dropConnectionOnCrash: Bool?
    var maxBodyBytes: Int?
}
