import Foundation

/// Where log lines go: appended to a buffer in memory and written to a file descriptor by a thread
/// of its own, so a request never waits on a `write(2)` or on another request's log line.
///
/// Lines keep their order. The buffer is written as soon as the thread wakes, all that has piled
/// up in one call; ``flush()`` waits until it is empty (called at shutdown and at exit). Should the
/// descriptor stop draining, writers wait once the buffer holds ``bufferedBytesMax``: memory stays
/// bounded and no line is dropped.
final class LogSink: @unchecked Sendable {
    /// Standard error, where every Cardplane log line goes.
    static let standardError = LogSink(descriptor: 2)

    static let bufferedBytesMax = 4 << 20

    private let descriptor: Int32
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [UInt8] = []
    private var isWriting = false

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        let thread = Thread { [unowned self] in self.drainForever() }
        thread.name = "cardplane-log"
        thread.start()
    }

    /// Queues `line` (which ends with a newline) for writing.
    func write(_ line: String) {
        condition.lock()
        while pending.count >= Self.bufferedBytesMax { condition.wait() }
        pending.append(contentsOf: line.utf8)
        condition.broadcast()
        condition.unlock()
    }

    /// Returns once everything queued so far is written.
    func flush() {
        condition.lock()
        while !pending.isEmpty || isWriting { condition.wait() }
        condition.unlock()
    }

    private func drainForever() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            var batch: [UInt8] = []
            swap(&batch, &pending)
            isWriting = true
            condition.broadcast()
            condition.unlock()
            writeAll(batch)
            condition.lock()
            isWriting = false
            condition.broadcast()
            condition.unlock()
        }
    }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // the descriptor is gone: nothing left to tell
                }
            }
        }
    }
}
