import Foundation

/// Runs `Tests/Integration/merchant_cipher.py`, a merchant's side of the spec §5 cipher written with
/// Python's `cryptography` package, so tests check `MerchantCipher` against an independent
/// implementation in both directions.
///
/// The script takes the apiSecret and the plaintext on its command line: use test secrets only.
public enum MerchantCipherScript {
    /// When set (to any value) and python3 with `cryptography` is missing, the test run stops at once
    /// instead of quietly skipping the cross-checks (scripts/test.sh sets it).
    public static let requirePythonVariable = "CARDPLANE_TEST_REQUIRE_PYTHON"

    /// The script, found from this source file: `<repo>/Sources/CardplaneTesting/` → `<repo>`.
    public static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Integration/merchant_cipher.py").path

    /// Why the script failed: its exit status and standard error. Carries no argument.
    public struct Failure: Error, CustomStringConvertible {
        public let status: Int32
        public let stderr: String
        public var description: String { "merchant_cipher.py exited \(status): \(stderr)" }
    }

    /// Whether the cross-checks can run: python3 imports `cryptography` and the script is there.
    ///
    /// Use it as `@Test(.enabled(if: MerchantCipherScript.isAvailable))`. Without Python the tests are
    /// skipped with one note on standard error, unless ``requirePythonVariable`` is set: then the run
    /// stops with a message, as `StoreKind.available` does for PostgreSQL.
    public static var isAvailable: Bool {
        if pythonWorks { return true }
        // CI sets this so a missing Python fails loudly instead of quietly skipping the cross-checks.
        precondition(
            ProcessInfo.processInfo.environment[requirePythonVariable] == nil,
            "python3 with the cryptography package is required (\(requirePythonVariable) is set); "
                + "run python3 -m pip install cryptography"
        )
        warnOnce
        return false
    }

    /// The Base64 ciphertext of `plaintext` under `apiSecret`, computed by the script.
    public static func encrypt(apiSecret: String, plaintext: String) async throws -> String {
        try await run(["encrypt", apiSecret, plaintext])
    }

    /// The plaintext of `base64` under `apiSecret`, computed by the script.
    public static func decrypt(apiSecret: String, base64: String) async throws -> String {
        try await run(["decrypt", apiSecret, base64])
    }

    /// Runs `python3 merchant_cipher.py arguments…` and returns its standard output without the one
    /// newline the script ends it with (only that newline, so a plaintext's own spaces survive).
    ///
    /// - Throws: ``Failure`` when the script exits non-zero.
    public static func run(_ arguments: [String]) async throws -> String {
        let output = try await python([scriptPath] + arguments).finished()
        guard output.status == 0 else {
            throw Failure(status: output.status, stderr: output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output.stdout.hasSuffix("\n") ? String(output.stdout.dropLast()) : output.stdout
    }

    /// Probed once per test process: starting Python costs tens of milliseconds.
    private static let pythonWorks: Bool = {
        guard FileManager.default.isReadableFile(atPath: scriptPath) else { return false }
        let probe = "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes"
        // Blocks the calling thread, once; tests run the script with ``run(_:)``, which blocks none.
        return (try? python(["-c", probe]).finish().status) == 0
    }()

    private static let warnOnce: Void = {
        FileHandle.standardError.write(
            Data("note: python3 with cryptography is not available; merchant cipher cross-checks are not run.\n".utf8)
        )
    }()

    /// `/usr/bin/env python3 arguments…`, started.
    private static func python(_ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(
            executable: "/usr/bin/env",
            arguments: ["python3"] + arguments,
            environment: ProcessInfo.processInfo.environment
        )
    }
}
