import ArgumentParser
import CurlHTTP
import FerruleCore
import Foundation
import GenieACS

/// How every `ferrule` command that talks to GenieACS finds and authenticates to the NBI.
///
/// Credentials come only from the environment (never from arguments, which `ps` shows):
/// `FERRULE_ACS_USERNAME` + `FERRULE_ACS_PASSWORD` (basic), `FERRULE_ACS_TOKEN` (bearer) or
/// `FERRULE_ACS_HEADER` (`Name: value`), for the proxy operators put in front of the NBI.
struct ACSOptions: ParsableArguments {
    @Option(
        name: .customLong("acs"),
        help: "The GenieACS NBI URL (default: $FERRULE_ACS_URL), e.g. http://genieacs:7557."
    )
    var url: String?

    @Option(name: .customLong("acs-ca"), help: "A PEM CA bundle for an https:// NBI.")
    var caFile: String?

    @Flag(name: .customLong("acs-insecure"), help: "Skip TLS verification (lab setups only).")
    var insecure = false

    @Option(name: .customLong("acs-timeout"), help: "Seconds allowed per NBI call, 1-3600.")
    var timeout: Int = 120

    func validate() throws {
        // Bounded: a timeout near Int.max seconds overflows when turned into clock time (a trap).
        guard (1...3600).contains(timeout) else {
            throw ValidationError("--acs-timeout \(timeout) is out of range: 1-3600 seconds")
        }
    }

    /// The URL from `--acs` or `FERRULE_ACS_URL`.
    func resolvedURL() throws -> String {
        if let url, !url.isEmpty { return url }
        if let url = CommandEnvironment.current["FERRULE_ACS_URL"] { return url }
        throw ValidationError("no GenieACS NBI URL: pass --acs URL or set FERRULE_ACS_URL (e.g. http://genieacs:7557)")
    }

    /// A client for the NBI at `--acs` or `FERRULE_ACS_URL`.
    func client() throws -> NBIClient { try client(url: resolvedURL()) }

    /// A client for `--acs` only (nil without it): for commands with a URL of their own, such as
    /// a campaign's.
    func clientOrNil() throws -> NBIClient? { try url.map { try client(url: $0) } }

    /// A client for `url` with these options' TLS, timeout and credentials.
    static func client(url: String, from options: ACSOptions) throws -> NBIClient { try options.client(url: url) }

    /// A client for `url` with these options' TLS, timeout and credentials.
    func client(url: String) throws -> NBIClient {
        // A password in the URL would be stored with a campaign (`campaign show` prints its URL)
        // and shown by `ps`: credentials come from the environment only.
        if let components = URLComponents(string: url), components.user != nil || components.password != nil {
            throw ValidationError(
                "the GenieACS URL carries credentials (user:password@); give the URL without them and set "
                    + "FERRULE_ACS_USERNAME and FERRULE_ACS_PASSWORD (or FERRULE_ACS_TOKEN / FERRULE_ACS_HEADER) instead"
            )
        }
        // Request paths are appended to the URL (`<url>/devices/?query=…`): a `?` or `#` in it
        // would swallow them, and a token in a query would be stored and printed.
        if let components = URLComponents(string: url), components.query != nil || components.fragment != nil {
            throw ValidationError(
                "the GenieACS URL has a ?query or #fragment; give the NBI's base URL (http://genieacs:7557) and "
                    + "credentials through FERRULE_ACS_USERNAME/FERRULE_ACS_PASSWORD, FERRULE_ACS_TOKEN or FERRULE_ACS_HEADER"
            )
        }
        let environment = CommandEnvironment.current
        var authentication = HTTPClientConfiguration.Authentication.none
        if let user = environment["FERRULE_ACS_USERNAME"] {
            authentication = .basic(username: user, password: environment["FERRULE_ACS_PASSWORD"] ?? "")
        } else if let token = environment["FERRULE_ACS_TOKEN"] {
            authentication = .bearer(token: token)
        } else if let header = environment["FERRULE_ACS_HEADER"], let colon = header.firstIndex(of: ":") {
            authentication = .header(
                name: String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                value: String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            )
        }
        if let caFile {
            // Checked through the bounded reader (a FIFO or a device is refused at once) before
            // curl opens it by name.
            do {
                _ = try BoundedFileReader.read(caFile)
            } catch {
                StandardError.write("error: --acs-ca \(DisplayText.value(caFile)): \(error.reason)\n")
                throw ExitStatus.unreadable
            }
        }
        let configuration = HTTPClientConfiguration(
            authentication: authentication,
            tls: .init(caFile: caFile, insecureSkipVerify: insecure),
            requestTimeout: .seconds(timeout)
        )
        do {
            return try NBIClient(
                baseURL: url,
                http: try HTTPClient(configuration: configuration),
                timeout: .seconds(timeout)
            )
        } catch let error as GenieACSError {
            throw ValidationError(error.description)
        }
    }
}

/// Runs `body`, printing GenieACS and transport errors as one clear line and exiting 1.
func reportingACSErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as GenieACSError {
        // GenieACS's answer is quoted: a hostile or broken server's control bytes are escaped.
        StandardError.write("error: \(DisplayText.line(error.description))\n")
        throw ExitCode(1)
    } catch let error as HTTPClientError {
        let what = error.kind == .responseTooLarge ? "answer too large" : "unreachable"
        StandardError.write("error: GenieACS NBI \(what): \(DisplayText.line(error.description))\n")
        throw ExitCode(1)
    }
}
