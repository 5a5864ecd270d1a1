import FerruleTestSupport
import Foundation

/// Compiles a provision the way GenieACS's PUT does: a strict-mode function wrapper through
/// Node's `vm.Script` (lib/nbi.ts:143 at v1.2.16). Returns nil when it compiles, else Node's message.
enum NodeSyntax {
    static let checker = """
        const vm = require("vm"); let src = "";
        process.stdin.on("data", d => src += d);
        process.stdin.on("end", () => {
          try { new vm.Script(`"use strict";(function(){\\n${src}\\n})();`); }
          catch (e) { process.stdout.write(e.name + ": " + e.message); process.exit(1); }
        });
        """

    static func check(_ script: String) async throws -> String? {
        let output = try await NodeRunner.run(["-e", checker], input: Data(script.utf8))
        return output.status == 0 ? nil : output.stdout
    }
}
