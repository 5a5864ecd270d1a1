import Foundation

/// Compiles a provision the way GenieACS's PUT does: a strict-mode function wrapper through
/// Node's `vm.Script` (lib/nbi.ts:143 at v1.2.16). Returns nil when it compiles, else Node's message.
enum NodeSyntax {
    static func check(_ script: String) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "node", "-e",
            """
            const vm = require("vm"); let src = "";
            process.stdin.on("data", d => src += d);
            process.stdin.on("end", () => {
              try { new vm.Script(`"use strict";(function(){\\n${src}\\n})();`); }
              catch (e) { process.stdout.write(e.name + ": " + e.message); process.exit(1); }
            });
            """,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : String(decoding: data, as: UTF8.self)
    }
}
