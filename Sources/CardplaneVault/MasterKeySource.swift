import Foundation
import Synchronization

/// Where a process's master keys come from: a fixed ring (tests, one-shot commands) or the key
/// file of a running server, read again when it changes.
public protocol MasterKeySource: Sendable {
    /// The ring new secrets are sealed with: its active key seals.
    func ringForSealing() -> KeyRing
    /// The ring to open a value sealed with `keyID`; the caller still checks the ring holds it.
    func ring(holding keyID: String) -> KeyRing
}

extension KeyRing: MasterKeySource {
    public func ringForSealing() -> KeyRing { self }
    public func ring(holding keyID: String) -> KeyRing { self }
}

/// The master key file of a long-running process, read again when it changes.
///
/// Before sealing, the file's identity (inode, size, modification time) is compared with the one
/// last read, and the file is read again when it differs; a sealed value naming a key this process
/// has not seen reads it again too. So `cardplane vault rotate-master-key`, run beside a server on
/// the same key file, moves the server to the new key without a restart: it seals with the new key
/// from the moment the file is replaced, and opens what the rotation re-sealed. A file that cannot
/// be read any more (a half-edited or wrongly permissioned file) keeps the ring last read.
public final class KeyRingFile: MasterKeySource {
    public let path: String
    private let state: Mutex<(ring: KeyRing, stamp: FileStamp?)>

    /// Reads the key file at `path`.
    ///
    /// - Throws: what ``KeyRing/load(file:)`` throws.
    public init(path: String) throws {
        self.path = path
        let stamp = FileStamp(path: path)
        self.state = Mutex((try KeyRing.load(file: path), stamp))
    }

    public func ringForSealing() -> KeyRing {
        let stamp = FileStamp(path: path)
        let current = state.withLock { $0 }
        guard stamp != current.stamp else { return current.ring }
        return reload() ?? current.ring
    }

    public func ring(holding keyID: String) -> KeyRing {
        let current = state.withLock { $0.ring }
        guard !current.holds(keyID: keyID) else { return current }
        return reload() ?? current
    }

    /// Appends a new key to the file, which makes it the active one, and returns its id. The file
    /// is replaced whole (written beside it, owner-only, then renamed), so a reader sees either the
    /// old file or the new one.
    ///
    /// - Throws: ``VaultError/unreadableKeyFile(path:)`` when the file cannot be read or replaced.
    public func addKey() throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw VaultError.unreadableKeyFile(path: path)
        }
        let ring = try KeyRing.load(file: path)
        let keyID = ring.nextKeyID()
        let key = Data(KeyRing.newKeyMaterial()).base64EncodedString()
        let separator = text.hasSuffix("\n") || text.isEmpty ? "" : "\n"
        try Self.replace(path, with: text + separator + "\(keyID) \(key)\n")
        guard reload()?.activeKeyID == keyID else { throw VaultError.unreadableKeyFile(path: path) }
        return keyID
    }

    /// Rewrites the file without the keys other than `keepingOnly` and returns the ids removed.
    ///
    /// - Throws: ``VaultError/unreadableKeyFile(path:)`` when the file cannot be read or replaced.
    public func removeKeys(keepingOnly keyID: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw VaultError.unreadableKeyFile(path: path)
        }
        var removed: [String] = []
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            guard !line.hasPrefix("#"), let id = line.split(separator: " ").first, String(id) != keyID else {
                return true
            }
            removed.append(String(id))
            return false
        }
        try Self.replace(path, with: kept.joined(separator: "\n"))
        guard reload()?.keyIDs == [keyID] else { throw VaultError.unreadableKeyFile(path: path) }
        return removed
    }

    private func reload() -> KeyRing? {
        let stamp = FileStamp(path: path)
        guard let ring = try? KeyRing.load(file: path) else { return nil }
        state.withLock { $0 = (ring, stamp) }
        return ring
    }

    private static func replace(_ path: String, with text: String) throws {
        let temporary = "\(path).\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard
            FileManager.default.createFile(
                atPath: temporary,
                contents: Data(text.utf8),
                attributes: [.posixPermissions: 0o600]
            ), rename(temporary, path) == 0
        else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw VaultError.unreadableKeyFile(path: path)
        }
    }
}

/// What identifies one version of a file: a replaced file has a new inode, an edited one a new
/// size or modification time.
struct FileStamp: Equatable, Sendable {
    let inode: UInt64
    let size: Int64
    let modifiedNanoseconds: Int64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedNanoseconds = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
