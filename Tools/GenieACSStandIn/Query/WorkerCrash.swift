/// An exception GenieACS's NBI does not catch: the worker dies and the client's connection is dropped without a
/// status (GenieACS 1.2.16 lib/server.ts:89-100, bin/genieacs-nbi.ts:75-83).
struct WorkerCrash: Error, Sendable, CustomStringConvertible {
    /// What GenieACS would have logged as the uncaught exception.
    var message: String

    /// Set when GenieACS would answer but the stand-in does not reproduce the feature (a MongoDB operator it does
    /// not evaluate): answered `501 Not Implemented` with the message, never dropped.
    var notReproduced = false

    init(_ message: String) { self.message = message }

    /// The stand-in does not evaluate this MongoDB operator (GenieACS and MongoDB would answer it).
    init(notReproduced op: String) {
        message = "the GenieACS stand-in does not evaluate the MongoDB operator \(op); GenieACS would answer it"
        notReproduced = true
    }

    /// The stand-in cannot evaluate this regular expression, which MongoDB would take (a lookbehind: Swift's `Regex`
    /// has none).
    init(notReproducedRegex pattern: String, reason: String) {
        message =
            "the GenieACS stand-in cannot evaluate the regular expression \(pattern) (\(reason)); "
            + "MongoDB (PCRE) would take it: rewrite the query without it to test against the stand-in"
        notReproduced = true
    }

    var description: String { message }
}
