import Foundation
import HTTPTypes
import Hummingbird

/// `GET /openapi.yaml`: the OpenAPI 3.1 document of the merchant API (and its callbacks), read once
/// from the bundled resource. Outside `/open-api`: public, like the documentation it is.
struct OpenAPIDocumentController {
    /// The document's text; a missing resource is a broken build, so the process stops.
    static let document: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { preconditionFailure("the bundled openapi.yaml is missing") }
        return text
    }()

    func register(in router: Router<CardplaneRequestContext>) {
        router.get("openapi.yaml") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: Self.document))
            )
        }
    }
}
