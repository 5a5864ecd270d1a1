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

    /// The bytes of `path`, or an error message that names the file and the reason.
    static func read(_ path: String) -> Result<[UInt8], InputError> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            return .failure(InputError(path: path, reason: reason))
        }
        defer { try? handle.close() }
        do {
            return .success(Array(try handle.readToEnd() ?? Data()))
        } catch {
            return .failure(InputError(path: path, reason: error.localizedDescription))
        }
    }
}

/// A file that could not be read.
struct InputError: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): error: cannot read the file: \(reason)" }
}
