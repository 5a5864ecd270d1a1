import Foundation

/// Whole lines written with one `write(2)` each, so lines from concurrent tasks never interleave
/// and a reader sees each line as soon as it is written (no stdio buffering).
enum Output {
    /// A line on standard output.
    static func line(_ text: String) { write(text, to: FileHandle.standardOutput) }

    /// A line on standard error.
    static func error(_ text: String) { write(text, to: FileHandle.standardError) }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data((text + "\n").utf8))
    }
}
