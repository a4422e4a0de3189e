import Hummingbird

/// The floor every edge figure is compared with: Hummingbird answering a fixed body, nothing else.
/// `HelloFloor PORT`
let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8090
let router = Router()
router.get("/") { _, _ in "Hello" }
let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await application.runService()
