import ArgumentParser
import CardplaneCore
import CardplaneIssuer
import CardplaneStore
import Foundation
import Logging

/// A `cardplane` command that changes something: each run, successful or not, is appended to the
/// audit log of its database (ADR 0020) with the operator (OS user and host), the command path,
/// its object and its outcome. `Cardplane.main` runs these through ``runAudited(path:)``.
protocol AuditedCommand: AsyncParsableCommand {
    var storeOptions: StoreOptions { get }
    /// What the command acts on, as `kind:number`; `nil` when nothing exists yet (it creates it).
    var auditObject: String? { get }
}

extension AuditedCommand {
    /// Runs the command, then records it with `path` (`merchant key revoke`) and how it ended. A
    /// failure is recorded when the database can be reached, then thrown as it was.
    mutating func runAudited(path: String) async throws {
        do {
            try await run()
        } catch {
            let outcome = error is ExitCode ? "failed" : "failed: \(String(reflecting: type(of: error)))"
            try? await record(path: path, outcome: outcome)
            throw error
        }
        try await record(path: path, outcome: "ok")
    }

    private func record(path: String, outcome: String) async throws {
        let entry = AuditEntry(
            occurredAtMs: SystemClock().nowMs(),
            actor: .operator(user: OperatorIdentity.user, host: OperatorIdentity.host),
            action: path,
            object: auditObject,
            outcome: outcome
        )
        var logger = Logger(label: "cardplane")
        logger.logLevel = .warning
        try await storeOptions.withStore(logger: logger) { store in
            _ = try await AuditLog(store: store).record(entry)
        }
    }
}

/// Who runs `cardplane`: the OS user and the host name.
enum OperatorIdentity {
    static var user: String {
        let name = ProcessInfo.processInfo.userName
        return name.isEmpty ? "uid-\(getuid())" : name
    }

    static var host: String { ProcessInfo.processInfo.hostName }
}

// The commands that change something, with the object each acts on.
extension MerchantCreate: AuditedCommand { var auditObject: String? { nil } }
extension MerchantDeposit: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension MerchantStatusCommand.Disable: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension MerchantStatusCommand.Enable: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension MerchantStatusCommand.Close: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension IPCommand.Add: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension IPCommand.Remove: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension KeyCommand.Create: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension KeyCommand.Revoke: AuditedCommand { var auditObject: String? { "key:\(key)" } }
extension MerchantCallbackCommand.Set: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension PCICommand.Set: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension CallbackCommand.Replay: AuditedCommand { var auditObject: String? { "event:\(id)" } }
extension CatalogAssign: AuditedCommand { var auditObject: String? { "merchant:\(merchant)" } }
extension BINCommand.Add: AuditedCommand { var auditObject: String? { "bin:\(bin)" } }
extension BINCommand.Disable: AuditedCommand { var auditObject: String? { "bin:\(bin)" } }
extension BINCommand.Enable: AuditedCommand { var auditObject: String? { "bin:\(bin)" } }
extension PackageCommand.Add: AuditedCommand { var auditObject: String? { "bin:\(bin)" } }
extension PackageCommand.Disable: AuditedCommand { var auditObject: String? { "package:\(package)" } }
extension PackageCommand.Enable: AuditedCommand { var auditObject: String? { "package:\(package)" } }
extension CardCommand.UnlockActivation: AuditedCommand { var auditObject: String? { "card_no:\(card)" } }
extension VaultCommand.RotateDataKey: AuditedCommand { var auditObject: String? { nil } }
extension VaultCommand.RotateMasterKey: AuditedCommand { var auditObject: String? { nil } }
extension Migrate: AuditedCommand { var auditObject: String? { nil } }
extension SimulateCommand.Authorize: AuditedCommand { var auditObject: String? { "card_no:\(card)" } }
extension SimulateCommand.Clear: AuditedCommand { var auditObject: String? { "network_id:\(networkId)" } }
extension SimulateCommand.Reverse: AuditedCommand { var auditObject: String? { "network_id:\(networkId)" } }
extension SimulateCommand.Refund: AuditedCommand { var auditObject: String? { "network_id:\(networkId)" } }
extension SimulateCommand.Expire: AuditedCommand { var auditObject: String? { nil } }
extension CardCommand.Freeze: AuditedCommand { var auditObject: String? { "card_no:\(card)" } }
extension CardCommand.Unfreeze: AuditedCommand { var auditObject: String? { "card_no:\(card)" } }
