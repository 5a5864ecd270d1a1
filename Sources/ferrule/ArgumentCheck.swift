import ArgumentParser
import FerruleCore
import FerruleJSON

/// Checks of the raw command line that swift-argument-parser does not make, for every command at
/// once: an option that takes one value given twice (the parser keeps the last silently, so
/// `--c-tag 901 --c-tag 902` would program 902, `--env nosuch --env prod` would deploy prod), and
/// `--help` after a subcommand that does not exist (the parser shows the parent's help, exit 0).
///
/// Each command's options are read from the parser's own description of the command tree (what
/// `ferrule --experimental-dump-help` prints): an option is single-valued unless it is declared as
/// an array. Nothing is read when no option name appears twice and no help flag is given.
enum ArgumentCheck {
    /// One command of the tree: its name, subcommands and options.
    struct Command {
        var name: String
        var aliases: [String]
        var subcommands: [Command]
        /// Option names (`--c-tag`, `-s`) → the option's first name and whether it may be given
        /// more than once.
        var options: [String: (key: String, repeating: Bool)]
        /// Whether it takes positional arguments.
        var positionals: Bool

        init(_ json: JSONValue) {
            name = json["commandName"]?.stringValue ?? ""
            aliases = (json["aliases"]?.arrayValue ?? []).compactMap(\.stringValue)
            subcommands = (json["subcommands"]?.arrayValue ?? []).map(Command.init)
            options = [:]
            positionals = false
            for argument in json["arguments"]?.arrayValue ?? [] {
                switch argument["kind"]?.stringValue {
                case "option":
                    let repeating = argument["isRepeating"] == .bool(true)
                    let spelled = (argument["names"]?.arrayValue ?? []).compactMap { name -> String? in
                        name["name"]?.stringValue.map { (name["kind"]?.stringValue == "long" ? "--" : "-") + $0 }
                    }
                    let key = spelled.first { $0.hasPrefix("--") } ?? spelled.first ?? ""
                    for name in spelled { options[name] = (key, repeating) }
                case "positional":
                    positionals = true
                default:
                    break
                }
            }
        }

        func child(_ word: String) -> Command? {
            subcommands.first { $0.name == word || $0.aliases.contains(word) }
        }
    }

    /// The command tree as the parser describes it.
    static func tree() -> Command? {
        do {
            _ = try Ferrule.parseAsRoot(["--experimental-dump-help"])
        } catch {
            guard let json = try? JSONValue.parse(Ferrule.fullMessage(for: error)) else { return nil }
            return json["command"].map(Command.init)
        }
        return nil
    }

    static let helpNames: Set<String> = ["-h", "--help"]

    /// The command type at `path` (names from the root's down), for its usage; nil when unknown.
    static func commandType(_ path: [String]) -> (any ParsableCommand.Type)? {
        var current: any ParsableCommand.Type = Ferrule.self
        for name in path.dropFirst() {
            guard let next = current.configuration.subcommands.first(where: { $0.configuration.commandName == name })
            else { return nil }
            current = next
        }
        return current
    }

    /// Throws a ``ValidationError`` naming the first single-valued option given twice, or the
    /// unknown subcommand a `--help` follows; `command` is then the command whose usage to show.
    /// `arguments` excludes the program name.
    static func check(_ arguments: [String], command refused: inout (any ParsableCommand.Type)?) throws {
        let words = Array(arguments.prefix { $0 != "--" })
        let names = words.filter { $0.hasPrefix("-") }.map { String($0.prefix { $0 != "=" }) }
        let asksHelp = words.contains { helpNames.contains($0) }
        guard asksHelp || Set(names).count != names.count, var command = tree() else { return }
        var path = [command.name]
        var index = 0
        while index < words.count {
            let word = words[index]
            if let child = command.child(word) {
                command = child
                path.append(word)
            } else if !word.hasPrefix("-") {
                if asksHelp, !command.subcommands.isEmpty, !command.positionals {
                    refused = commandType(path)
                    throw ValidationError(
                        "\(path.joined(separator: " ")) has no subcommand \(DisplayText.value(word).debugDescription); "
                            + "see '\(path.joined(separator: " ")) --help'"
                    )
                }
                break
            }
            index += 1
        }
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
                refused = commandType(path)
                throw ValidationError(
                    "\(key) is given twice (\(DisplayText.value(first).debugDescription), then "
                        + "\(DisplayText.value(value).debugDescription)); it takes one value: give it once"
                )
            }
            seen[key] = value
        }
    }
}
