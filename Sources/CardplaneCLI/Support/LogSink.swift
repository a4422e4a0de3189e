import Foundation

/// Where log lines go: appended to a buffer in memory and written to a file descriptor by a thread
/// of its own, so a request never waits on a `write(2)` or on another request's log line.
///
/// Lines keep their order. The thread wakes every ``drainIntervalMs`` and writes all that piled up
/// in one call, so a busy server pays one `write(2)` per interval, not a thread wake-up per line;
/// ``flush()`` wakes it at once and waits until the buffer is empty (called at shutdown and at
/// exit). Should the descriptor stop draining, writers wait once the buffer holds
/// ``bufferedBytesMax``: memory stays bounded and no line is dropped.
final class LogSink: @unchecked Sendable {
    /// Standard error, where every Cardplane log line goes.
    static let standardError = LogSink(descriptor: 2)

    static let bufferedBytesMax = 4 << 20
    static let drainIntervalMs = 10

    private let descriptor: Int32
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var pending: [UInt8] = []
    private var isWriting = false
    private var isFlushWanted = false

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        let thread = Thread { [unowned self] in self.drainForever() }
        thread.name = "cardplane-log"
        thread.start()
    }

    /// Queues `line` (which ends with a newline) for writing.
    func write(_ line: String) {
        condition.lock()
        while pending.count >= Self.bufferedBytesMax {
            isFlushWanted = true
            condition.broadcast()
            condition.wait()
        }
        let wasIdle = pending.isEmpty
        pending.append(contentsOf: line.utf8)
        // Only the first line after a quiet spell wakes the writer; the rest ride along.
        if wasIdle { condition.broadcast() }
        condition.unlock()
    }

    /// Returns once everything queued so far is written.
    func flush() {
        condition.lock()
        while !pending.isEmpty || isWriting {
            isFlushWanted = true
            condition.broadcast()
            condition.wait()
        }
        condition.unlock()
    }

    private func drainForever() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            if !isFlushWanted {
                // Let lines pile up for one interval, unless someone waits for them.
                _ = condition.wait(until: Date(timeIntervalSinceNow: Double(Self.drainIntervalMs) / 1_000))
            }
            isFlushWanted = false
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
