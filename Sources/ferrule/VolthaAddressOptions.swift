import ArgumentParser
import VOLTHA

/// `--voltha HOST:PORT [--voltha-tls]` where VOLTHA is optional: `ferrule events run` reconciles
/// with it, `ferrule campaign run` / `resume` / `create` read the PON topology from it. Without an
/// address (nor `$FERRULE_VOLTHA`) nothing is read from VOLTHA.
struct VolthaAddressOptions: ParsableArguments {
    @Option(
        name: .customLong("voltha"),
        help: ArgumentHelp("VOLTHA's NBI as host:port (or $FERRULE_VOLTHA).", valueName: "host:port")
    )
    var address: String?

    @Flag(name: .customLong("voltha-tls"), help: "Use TLS to VOLTHA (VOLTHA's default is plain gRPC).")
    var tls = false

    func validate() throws {
        if tls, address == nil, CommandEnvironment.current["FERRULE_VOLTHA"] == nil {
            throw ValidationError("--voltha-tls applies to --voltha; add --voltha HOST:PORT")
        }
    }

    /// The configuration the options (or `$FERRULE_VOLTHA`) give; nil without an address.
    func configuration() throws -> VolthaConfiguration? {
        guard let text = address ?? CommandEnvironment.current["FERRULE_VOLTHA"] else { return nil }
        do {
            return try VolthaConfiguration(address: text, security: tls ? .tls(caFile: nil) : .plaintext)
        } catch let error as VolthaError {
            throw ValidationError(error.message)
        }
    }
}
