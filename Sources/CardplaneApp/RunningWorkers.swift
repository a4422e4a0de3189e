public import ServiceLifecycle
import Synchronization

/// Which background workers are inside their run loop now, for readiness: a worker whose loop
/// ended (it failed, or was never started) makes the server not ready.
public final class RunningWorkers: Sendable {
    private let running = Mutex<Set<String>>([])

    public init() {}

    /// The workers among `names` not running now, sorted.
    public func missing(from names: [String]) -> [String] {
        let running = running.withLock { $0 }
        return names.filter { !running.contains($0) }.sorted()
    }

    /// `service`, marked running under `name` while its `run()` runs.
    public func watching(_ service: any Service, as name: String) -> any Service {
        Watched(service: service, name: name, board: self)
    }

    private struct Watched: Service {
        let service: any Service
        let name: String
        let board: RunningWorkers

        func run() async throws {
            board.running.withLock { _ = $0.insert(name) }
            defer { board.running.withLock { _ = $0.remove(name) } }
            try await service.run()
        }
    }
}
