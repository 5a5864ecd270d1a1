import ArgumentParser
import FerruleCore
import FerruleJSON

/// Checks of the raw command line that swift-argument-parser does not make, for every command at
/// once: an option that takes one value given twice (the parser keeps the last silently, so
/// `--c-tag 901 --c-tag 902` would program 902, `--env nosuch --env prod` would deploy prod), and
/// `--help` after a subcommand that does not exist (the parser shows the parent's help, exit 0).
///
/// The command's options are read from the parser's own description of it (what `ferrule …
/// --experimental-dump-help` prints): an option is single-valued unless it is declared as an
/// array. Nothing is described when fewer than two options are given.
enum ArgumentCheck {
    /// One command's options, as the parser describes them.
    struct Command {
        /// Option names (`--c-tag`, `-s`) → the option's first name and whether it may be given
        /// more than once.
        var options: [String: (key: String, repeating: Bool)] = [:]

        init(_ json: JSONValue) {
            for argument in json["arguments"]?.arrayValue ?? [] where argument["kind"]?.stringValue == "option" {
                let repeating = argument["isRepeating"] == .bool(true)
                let spelled = (argument["names"]?.arrayValue ?? []).compactMap { name -> String? in
                    name["name"]?.stringValue.map { (name["kind"]?.stringValue == "long" ? "--" : "-") + $0 }
                }
                let key = spelled.first { $0.hasPrefix("--") } ?? spelled.first ?? ""
                for name in spelled { options[name] = (key, repeating) }
            }
        }
    }

    /// The options of the command at `path` (names from the root's down) as the parser describes
    /// it; only that command is described, not the whole tree.
    static func describe(_ path: [String]) -> Command? {
        do {
            _ = try Ferrule.parseAsRoot(Array(path.dropFirst()) + ["--experimental-dump-help"])
        } catch {
            guard let json = try? JSONValue.parse(Ferrule.fullMessage(for: error)) else { return nil }
            return json["command"].map(Command.init)
        }
        return nil
    }

    static let helpNames: Set<String> = ["-h", "--help"]

    /// Throws a ``ValidationError`` naming the first single-valued option given twice, or the
    /// unknown subcommand a `--help` follows; `command` is then the command whose usage to show.
    /// `arguments` excludes the program name.
    static func check(_ arguments: [String], command refused: inout (any ParsableCommand.Type)?) throws {
        let words = Array(arguments.prefix { $0 != "--" })
        let names = words.filter { $0.hasPrefix("-") }.map { String($0.prefix { $0 != "=" }) }
        let asksHelp = words.contains { helpNames.contains($0) }
        guard asksHelp || names.count > 1 else { return }
        // The subcommand path, from the command types themselves (every command names itself).
        var type: any ParsableCommand.Type = Ferrule.self
        var path = ["ferrule"]
        var index = 0
        var optionsStart = 0
        while index < words.count {
            let word = words[index]
            if let child = type.configuration.subcommands.first(where: { $0.configuration.commandName == word }) {
                type = child
                path.append(word)
                optionsStart = index + 1
            } else if !word.hasPrefix("-") {
                // A command with subcommands takes no arguments of its own: this names none of them.
                if asksHelp, !type.configuration.subcommands.isEmpty {
                    refused = type
                    throw ValidationError(
                        "\(path.joined(separator: " ")) has no subcommand \(DisplayText.value(word).debugDescription); "
                            + "see '\(path.joined(separator: " ")) --help'"
                    )
                }
                break
            }
            index += 1
        }
        // Two spellings can name one option (`--state`, `--state-dir`): any two option words are checked.
        guard names.count > 1, let command = describe(path) else { return }
        index = optionsStart
        var seen: [String: String] = [:]  // option name → the value given first
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("-"), word.count > 1 else { continue }
            let name = String(word.prefix { $0 != "=" })
            guard let (key, repeating) = command.options[name] else { continue }
            var value = ""
            if name.count < word.count {
                value = String(word.dropFirst(name.count + 1))
            } else if index < words.count {
                value = words[index]
                index += 1
            }
            guard !repeating else { continue }
            if let first = seen[key] {
                refused = type
                throw ValidationError(
                    "\(key) is given twice (\(DisplayText.value(first).debugDescription), then "
                        + "\(DisplayText.value(value).debugDescription)); it takes one value: give it once"
                )
            }
            seen[key] = value
        }
    }
}
