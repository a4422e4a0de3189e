/// A one-time signal: background services wait on it until the application is ready (schema
/// migrated), so they never run against a database that is not there yet.
public actor StartupSignal {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Releases every waiter, now and later.
    public func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    /// Whether ``open()`` has been called: start-up work is done.
    public var isOpened: Bool { isOpen }

    /// Returns once ``open()`` has been called, or when the calling task is cancelled.
    public func wait() async {
        await withTaskCancellationHandler {
            await waitUntilOpen()
        } onCancel: {
            // Shutdown before readiness: release the waiter so it can notice cancellation and end.
            Task { await self.open() }
        }
    }

    private func waitUntilOpen() async {
        guard !isOpen else { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}
