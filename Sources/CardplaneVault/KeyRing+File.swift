import Foundation

extension KeyRing {
    /// Reads a key file: one key per line, `<key id> <base64 of 32 bytes>`; the last line is active.
    /// Blank lines and lines starting with `#` are ignored.
    ///
    /// - Throws: ``VaultError/missingKeyFile(path:)``; ``VaultError/keyFileTooOpen(path:)`` when its
    ///   group or others may read or write it; ``VaultError/unreadableKeyFile(path:)``.
    public static func load(file path: String) throws -> KeyRing {
        guard FileManager.default.fileExists(atPath: path) else { throw VaultError.missingKeyFile(path: path) }
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
        guard let mode, mode & 0o077 == 0 else { throw VaultError.keyFileTooOpen(path: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw VaultError.unreadableKeyFile(path: path)
        }
        var keys: [String: [UInt8]] = [:]
        var lastID: String?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 2, let bytes = Data(base64Encoded: String(fields[1])) else {
                throw VaultError.unreadableKeyFile(path: path)
            }
            keys[String(fields[0])] = Array(bytes)
            lastID = String(fields[0])
        }
        guard let lastID else { throw VaultError.unreadableKeyFile(path: path) }
        return try KeyRing(keys: keys, activeKeyID: lastID)
    }

    /// Loads the key file at `path`, or creates it with one fresh key (mode 0600) when it does not exist.
    ///
    /// - Returns: the ring and whether it was created, so the caller can warn that a generated key
    ///   file must be backed up: losing it makes every sealed secret unreadable.
    public static func loadOrCreate(file path: String) throws -> (ring: KeyRing, created: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            return (try load(file: path), false)
        }
        return (try create(file: path), true)
    }

    /// Creates the key file at `path` with one fresh key, readable by its owner only.
    ///
    /// - Throws: ``VaultError/keyFileExists(path:)`` when there is one already.
    @discardableResult
    public static func create(file path: String) throws -> KeyRing {
        guard !FileManager.default.fileExists(atPath: path) else { throw VaultError.keyFileExists(path: path) }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let key = newKeyMaterial()
        let text =
            "# Cardplane master keys: <key id> <base64 key>; the last line seals new secrets.\n"
            + "k1 \(Data(key).base64EncodedString())\n"
        guard
            FileManager.default.createFile(
                atPath: path,
                contents: Data(text.utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw VaultError.unreadableKeyFile(path: path) }
        return try load(file: path)
    }
}
