import FerruleCore
import Foundation

/// Reads the files named on the command line; a directory stands for the files below it.
enum InputFiles {
    /// The files to read, directories expanded (recursively, sorted) to files with one of `extensions`.
    static func expand(_ arguments: [String], extensions: Set<String>) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(argument)
                continue
            }
            let base = argument.hasSuffix("/") ? argument : argument + "/"
            let found = (manager.enumerator(atPath: argument)?.allObjects as? [String] ?? [])
                .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
            files += found.map { base + $0 }
        }
        return files
    }

    /// The bytes of `path` (standard input for `-`), or an error that names the file and the
    /// reason; regular files only, capped (``BoundedFileReader``).
    static func read(_ path: String) -> Result<[UInt8], InputError> {
        Result { () throws(BoundedReadError) in try BoundedFileReader.read(path) }
    }
}

/// A file that could not be read, or was too large or not a regular file.
typealias InputError = BoundedReadError
