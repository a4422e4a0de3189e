import Foundation
import Testing

/// The operator's views in `ops/` and the metrics page follow the metrics the server exports:
/// a renamed metric cannot leave a dashboard panel or an alert silently empty.
@Suite struct OpsViewsTests {
    /// Every metric name the code defines: `OperatorMetrics.Name`, the ledger-verify textfile's too.
    static func exported() throws -> Set<String> {
        metricNames(in: try read("Sources/CardplaneTelemetry/OperatorMetrics+Names.swift"))
    }

    /// `cardplane_…` identifiers in `text`, without a histogram's `_bucket`, `_count` or `_sum`.
    static func metricNames(in text: String) -> Set<String> {
        let pattern = try! Regex("cardplane_[a-z0-9_]+")
        return Set(
            text.matches(of: pattern).map { match in
                var name = String(text[match.range])
                for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) {
                    name.removeLast(suffix.count)
                }
                return name
            }
        )
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOf: Repository.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func theDashboardShowsEveryMetricAndNoOther() throws {
        let exported = try Self.exported()
        #expect(exported.count >= 20, "the names were found: \(exported.sorted())")
        let text = try Self.read("ops/grafana-dashboard.json")
        let dashboard = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let panels = dashboard?["panels"] as? [[String: Any]] ?? []
        let expressions = panels.flatMap {
            ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        }
        #expect(panels.count >= 10 && expressions.count >= panels.count)
        let shown = Self.metricNames(in: expressions.joined(separator: "\n"))
        #expect(shown.subtracting(exported).isEmpty, "unknown metrics: \(shown.subtracting(exported).sorted())")
        #expect(exported.subtracting(shown).isEmpty, "metrics on no panel: \(exported.subtracting(shown).sorted())")
    }

    @Test func alertRulesUseExportedMetricsAndCoverTheIssuesList() throws {
        let exported = try Self.exported()
        let rules = try Self.read("ops/alerts.yml")
        let expressions = rules.components(separatedBy: "\n").filter {
            !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
        }
        let used = Self.metricNames(in: expressions.joined(separator: "\n"))
        #expect(used.subtracting(exported).isEmpty, "unknown metrics: \(used.subtracting(exported).sorted())")
        for alert in [
            "CardplaneCallbackLag", "CardplaneDeclineRateSpike", "CardplaneApiLatencyP99High",
            "CardplaneLedgerVerifyFailed",
        ] {
            #expect(rules.contains("- alert: \(alert)\n"), "\(alert) is defined")
        }
    }

    @Test func theMetricsPageDescribesEveryMetric() throws {
        let page = try Self.read("docs/operating/metrics.md")
        for name in try Self.exported() {
            #expect(page.contains("`\(name)`"), "\(name) is described")
        }
    }
}
