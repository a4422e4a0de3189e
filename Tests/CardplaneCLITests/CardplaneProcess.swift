import CardplaneTesting
import Foundation

#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the built `cardplane` executable, as an operator would.
struct CardplaneProcess {
    /// `cardplane` beside the test bundle (both are products of the same build).
    static var executable: URL {
        get throws {
            let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("cardplane")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
                throw Failure("cardplane is not built next to the tests at \(candidate.path); run swift build first")
            }
            return candidate
        }
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `cardplane arguments…` to completion with `environment` added to ours.
    ///
    /// The command is waited for on a thread of its own (``ChildProcess/finished(input:)``), not on
    /// one of the few cooperative threads every other test needs.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Output {
        let child = try ChildProcess(
            executable: try executable.path,
            arguments: arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }
        )
        let output = await child.finished()
        return Output(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    /// Runs a command that must succeed and returns its standard output.
    static func succeed(_ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let output = try await run(arguments, environment: environment)
        guard output.status == 0 else {
            throw Failure("cardplane \(arguments.joined(separator: " ")) exited \(output.status): \(output.stderr)")
        }
        return output.stdout
    }

    /// Runs a command that prints one JSON object and returns it.
    static func json(_ arguments: [String], environment: [String: String] = [:]) async throws -> [String: Any] {
        let text = try await succeed(arguments, environment: environment)
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw Failure("not a JSON object: \(text)")
        }
        return object
    }
}

/// A `cardplane serve` process on a loopback port the kernel picks (`--port 0`; the server logs
/// the port it bound, so no other test can take it between choosing and binding), stopped with
/// SIGTERM. Its output goes to files (a busy server's log would fill a pipe nobody reads until it
/// stops).
final class ServeProcess {
    /// The bound port of the API, known once `waitUntilHealthy` returns.
    private(set) var port = 0
    /// The bound port of the operator listener (`/metrics`, `/readyz`), known then too.
    private(set) var operatorPort = 0
    let child: ChildProcess
    private let outputDirectory: URL

    init(arguments: [String], environment: [String: String] = [:]) throws {
        outputDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cardplane-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        child = try ChildProcess(
            executable: try CardplaneProcess.executable.path,
            arguments: ["serve", "--port", "0", "--operator-port", "0"] + arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdout: .file(outputDirectory.appendingPathComponent("stdout").path),
            stderr: .file(outputDirectory.appendingPathComponent("stderr").path)
        )
    }

    deinit {
        try? FileManager.default.removeItem(at: outputDirectory)
    }

    /// Waits until the server logs the port it listens on and `/healthz` answers 200 there, for at
    /// most `seconds`.
    func waitUntilHealthy(seconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if !child.isRunning { throw CardplaneProcess.Failure("serve exited: \(stop().stderr)") }
            if port == 0 || operatorPort == 0 {
                port = listeningPort("api") ?? 0
                operatorPort = listeningPort("operator") ?? 0
            }
            if port != 0, operatorPort != 0,
                let (_, status) = try? await HTTP.get(port: port, path: "/healthz", headers: [:]),
                status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CardplaneProcess.Failure("serve did not become healthy on port \(port)")
    }

    /// The port of the `listening` log line of `listener`, once the server has written it.
    private func listeningPort(_ listener: String) -> Int? {
        let log = try? String(contentsOf: outputDirectory.appendingPathComponent("stderr"), encoding: .utf8)
        for line in log?.split(separator: "\n") ?? []
        where line.contains(#""message":"listening""#) && line.contains(#""listener":"\#(listener)""#) {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            return object?["port"].flatMap { Int($0) }
        }
        return nil
    }

    /// Kills the server at once (SIGKILL): no graceful shutdown, no flushing, as in a crash.
    func crash() {
        child.send(SIGKILL)
        child.wait()
    }

    /// Stops the server gracefully and returns what it printed.
    @discardableResult
    func stop() -> CardplaneProcess.Output {
        child.send(SIGTERM)
        let status = child.wait()
        let read = { (name: String) in
            (try? String(contentsOf: self.outputDirectory.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
        return CardplaneProcess.Output(status: status, stdout: read("stdout"), stderr: read("stderr"))
    }
}

/// Minimal HTTP for talking to a served process.
enum HTTP {
    static func get(port: Int, path: String, headers: [String: String]) async throws -> (Data, Int) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.timeoutInterval = 5
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    /// `POST path` with a JSON body; returns the envelope as an object.
    static func post(port: Int, path: String, headers: [String: String], body: String) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 10
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CardplaneProcess.Failure("not an envelope")
        }
        return object
    }

    /// The envelope of `GET path` as an object.
    static func getObject(port: Int, path: String, headers: [String: String]) async throws -> [String: Any] {
        let (data, _) = try await get(port: port, path: path, headers: headers)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CardplaneProcess.Failure("not an envelope")
        }
        return object
    }

    /// The envelope's `code` of `GET path`.
    static func code(port: Int, path: String, headers: [String: String]) async throws -> Int {
        let (data, _) = try await get(port: port, path: path, headers: headers)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let code = object?["code"] as? Int else { throw CardplaneProcess.Failure("not an envelope") }
        return code
    }
}
