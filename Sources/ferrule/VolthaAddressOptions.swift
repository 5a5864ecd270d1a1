import ArgumentParser
import VOLTHA

/// How a command talks to VOLTHA once it knows where it is: TLS, the CA that signed VOLTHA's
/// certificate, and the deadline of each call. Every command that talks to VOLTHA takes this one
/// group, through ``VolthaOptions`` (`ferrule voltha …`) or ``VolthaAddressOptions`` (`campaign
/// run` / `resume` / `create`, `events run`), so the same flags mean the same everywhere.
struct VolthaConnectionOptions: ParsableArguments {
    @Flag(name: .customLong("voltha-tls"), help: "Use TLS (VOLTHA's default is plain gRPC).")
    var tls = false

    @Option(
        name: .customLong("voltha-ca"),
        help: ArgumentHelp("A PEM CA bundle to verify VOLTHA's certificate (implies --voltha-tls).", valueName: "file")
    )
    var caFile: String?

    @Option(
        name: .customLong("voltha-timeout"),
        help: ArgumentHelp("Seconds allowed per gRPC call, 1-3600 (default 30).", valueName: "seconds")
    )
    var timeout: Int?

    /// The deadline when `--voltha-timeout` is not given.
    static let defaultTimeout = 30

    func validate() throws {
        // Bounded: a deadline near Int.max seconds overflows the transport's nanosecond clock (a trap).
        if let timeout, !(1...3600).contains(timeout) {
            throw ValidationError("--voltha-timeout \(timeout) is out of range: 1-3600 seconds")
        }
    }

    /// Whether any of the options was given.
    var isGiven: Bool { tls || caFile != nil || timeout != nil }

    /// The configuration for VOLTHA at `address` (`host:port`) with these options.
    func configuration(address: String) throws -> VolthaConfiguration {
        do {
            return try VolthaConfiguration(
                address: address,
                security: tls || caFile != nil ? .tls(caFile: caFile) : .plaintext,
                callTimeout: .seconds(timeout ?? Self.defaultTimeout)
            )
        } catch let error as VolthaError {
            throw ValidationError(error.message)
        }
    }
}

/// `--voltha HOST:PORT` and the connection options where VOLTHA is optional: `ferrule events run`
/// reconciles with it, `ferrule campaign run` / `resume` / `create` read the PON topology from it.
/// Without an address (nor `$FERRULE_VOLTHA`) nothing is read from VOLTHA.
struct VolthaAddressOptions: ParsableArguments {
    @Option(
        name: .customLong("voltha"),
        help: ArgumentHelp("VOLTHA's NBI as host:port (or $FERRULE_VOLTHA).", valueName: "host:port")
    )
    var address: String?

    @OptionGroup var connection: VolthaConnectionOptions

    func validate() throws {
        if connection.isGiven, address == nil, CommandEnvironment.current["FERRULE_VOLTHA"] == nil {
            throw ValidationError(
                "--voltha-tls, --voltha-ca and --voltha-timeout apply to --voltha; add --voltha HOST:PORT"
            )
        }
    }

    /// The configuration the options (or `$FERRULE_VOLTHA`) give; nil without an address.
    func configuration() throws -> VolthaConfiguration? {
        guard let text = address ?? CommandEnvironment.current["FERRULE_VOLTHA"] else { return nil }
        return try connection.configuration(address: text)
    }
}
