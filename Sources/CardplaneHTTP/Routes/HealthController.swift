import CardplaneApp
import Hummingbird

/// `GET /healthz`: 200 when the store answers, 503 when it does not. Outside `/open-api`, so a
/// plain body rather than the envelope; load balancers read the status.
struct HealthController {
    let services: CardplaneServices

    func register(in router: Router<CardplaneRequestContext>) {
        router.get("healthz") { _, _ -> Response in
            let reachable = await services.isDatabaseReachable()
            let body = reachable ? #"{"status":"ok"}"# : #"{"status":"unavailable"}"#
            return Response(
                status: reachable ? .ok : .serviceUnavailable,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}
