import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, for tests that run `cardplane` or a Python script.
///
/// Foundation's `Process` crashed full parallel test runs on Linux (a bad memory read inside
/// `Process.run()` while other children started and ended, even with launches serialized), and its
/// pipes are inherited by every other child started meanwhile. This is the small part of it the
/// tests need: the child gets its own 0, 1 and 2 and no other descriptor of ours; output goes to
/// a pipe read in full (``finish(input:)``) or to a file (a long-running server, whose log must
/// never fill a pipe nobody reads); the exit status is reaped with `waitpid`.
public final class ChildProcess: @unchecked Sendable {
    /// Where the child's standard output or error goes.
    public enum Destination: Sendable {
        /// A pipe, read by ``finish(input:)``.
        case pipe
        /// A file, created or truncated.
        case file(String)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// What a finished child printed, and how it ended (its exit code, or 128 + the signal).
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public let pid: Int32
    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not declare; `nil` where the C library lacks it.
    private static let addCloseFrom:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self
            )
        }()
    /// Pipes are made and children spawned one at a time, so no child inherits another's pipe in
    /// the moment before it is marked close-on-exec.
    private static let spawning = NSLock()
    private var input: Int32 = -1
    private var outputs: [Int32] = [-1, -1]
    private var exitStatus: Int32?

    /// Starts `executable` (a path) with `arguments` and exactly `environment`.
    public init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        stdout: Destination = .pipe,
        stderr: Destination = .pipe,
        takesInput: Bool = false
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { for end in childEnds { close(end) } }
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw Failure(description: "pipe failed: \(errno)") }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }
        if takesInput {
            let pair = try pipePair()
            posix_spawn_file_actions_adddup2(&actions, pair.read, 0)
            childEnds.append(pair.read)
            parentEnds.append(pair.write)
            input = pair.write
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        for (index, destination) in [stdout, stderr].enumerated() {
            switch destination {
            case .pipe:
                let pair = try pipePair()
                posix_spawn_file_actions_adddup2(&actions, pair.write, Int32(index + 1))
                childEnds.append(pair.write)
                parentEnds.append(pair.read)
                outputs[index] = pair.read
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, Int32(index + 1), path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        // Every descriptor above 2 closes in the child: ours are close-on-exec, but sockets other
        // code opened (a test's client sockets, a server's accepted ones) may not be, and a child
        // holding one keeps that connection open after its owner closes it.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard status == 0 else {
            for end in parentEnds { close(end) }
            throw Failure(description: "posix_spawn \(executable) failed: \(status)")
        }
        self.pid = pid
    }

    deinit {
        for descriptor in [input] + outputs where descriptor >= 0 { close(descriptor) }
    }

    /// Writes `input` to the child's standard input (when it takes input) and closes it, reads both
    /// piped outputs to their end at once (so neither can fill and stall the child), and waits for
    /// the child to exit. Blocks the calling thread.
    public func finish(input bytes: [UInt8] = []) -> Output {
        if input >= 0 {
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
                if written <= 0 { break }
                offset += written
            }
            close(input)
            input = -1
        }
        var collected: [[UInt8]] = [[], []]
        var polled = outputs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while polled.contains(where: { $0.fd >= 0 }) {
            guard poll(&polled, nfds_t(polled.count), -1) >= 0 || errno == EINTR else { break }
            for index in polled.indices where polled[index].fd >= 0 && polled[index].revents != 0 {
                let count = read(polled[index].fd, &buffer, buffer.count)
                if count > 0 {
                    collected[index] += buffer[0..<count]
                } else if count == 0 || errno != EINTR {
                    close(polled[index].fd)
                    polled[index].fd = -1
                }
            }
        }
        outputs = [-1, -1]
        return Output(
            status: wait(),
            stdout: String(decoding: collected[0], as: UTF8.self),
            stderr: String(decoding: collected[1], as: UTF8.self)
        )
    }

    /// ``finish(input:)`` on a thread of its own, so the waiting blocks no thread of Swift's
    /// cooperative pool (two on this machine: two waiting tests would stall every other test).
    public func finished(input bytes: [UInt8] = []) async -> Output {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.finish(input: bytes)) }.start()
        }
    }

    /// Waits for the child to exit and returns its status; later calls return the same.
    @discardableResult
    public func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        exitStatus = code
        return code
    }

    /// Whether the child has not exited yet (reaping it when it has).
    public var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return true }
        exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return false
    }

    /// Sends `signal` to the child, unless it has been reaped.
    public func send(_ signal: Int32) {
        guard exitStatus == nil else { return }
        kill(pid, signal)
    }
}
