/// An exception GenieACS's NBI does not catch: the worker dies and the client's connection is dropped without a
/// status (GenieACS 1.2.16 lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83).
struct WorkerCrash: Error, Sendable, CustomStringConvertible {
    /// What GenieACS would have logged as the uncaught exception.
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
