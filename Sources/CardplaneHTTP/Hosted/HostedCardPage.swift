import CardplaneCore
import CardplaneIssuer
import CardplaneVault
import HTTPTypes
import Hummingbird

/// The HTML of the hosted card page and of its error page: self-contained (no third-party
/// resource), inline style and script allowed only by a per-response CSP nonce, framed only by the
/// merchant's allowed origins, never cached.
enum HostedCardPage {
    static func card(_ view: HostedCardDisplay.View, language: Language) -> Response {
        let nonce = CredentialGenerator.identifier(prefix: "n")
        let style = view.settings.style
        let number = stride(from: 0, to: view.cardNumber.reveal().count, by: 4).map { start -> String in
            let digits = Array(view.cardNumber.reveal())
            return String(digits[start..<min(start + 4, digits.count)])
        }.joined(separator: " ")
        let labels =
            language == .chinese
            ? (number: "卡号", expiry: "有效期", cvv: "安全码", holder: "持卡人", copy: "复制", copied: "已复制")
            : (
                number: "Card number", expiry: "Expires", cvv: "CVV", holder: "Cardholder", copy: "Copy",
                copied: "Copied"
            )
        let body = """
            <main class="card" aria-label="\(escape(labels.number))">
              \(field("card-number", labels.number, number, copy: labels.copy))
              <div class="row">
                \(field("card-expiry", labels.expiry, view.expiry, copy: labels.copy))
                \(field("card-cvv", labels.cvv, view.cvv.reveal(), copy: labels.copy))
              </div>
              \(field("card-holder", labels.holder, view.holderName, copy: nil))
            </main>
            <script nonce="\(nonce)">
              document.querySelectorAll("button[data-copy]").forEach(function (button) {
                button.addEventListener("click", function () {
                  var text = document.getElementById(button.dataset.copy).textContent.replace(/ /g, "");
                  navigator.clipboard.writeText(text).then(function () { button.textContent = "\(escape(labels.copied))"; });
                });
              });
            </script>
            """
        return response(
            title: labels.number,
            body: body,
            css: cardCSS(style),
            nonce: nonce,
            language: language,
            allowedOrigins: view.settings.allowedOrigins,
            status: .ok
        )
    }

    static func error(_ error: CardplaneError, language: Language, allowedOrigins: [String]) -> Response {
        let nonce = CredentialGenerator.identifier(prefix: "n")
        let body = """
            <main class="error">
              <p id="error-code">\(error.code.rawValue)</p>
              <p id="error-message">\(escape(error.code.message(in: language)))</p>
            </main>
            """
        let css = """
            body { font-family: system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; }
            .error { text-align: center; color: #333; } #error-code { font-size: 1.5rem; font-weight: 600; }
            """
        return response(
            title: "\(error.code.rawValue)",
            body: body,
            css: css,
            nonce: nonce,
            language: language,
            allowedOrigins: allowedOrigins,
            status: .ok
        )
    }

    static func field(_ id: String, _ label: String, _ value: String, copy: String?) -> String {
        let button = copy.map { #"<button type="button" data-copy="\#(id)">\#(escape($0))</button>"# } ?? ""
        return """
            <div class="field"><span class="label">\(escape(label))</span>
              <span class="value" id="\(id)">\(escape(value))</span>\(button)</div>
            """
    }

    static func cardCSS(_ style: CardStyle) -> String {
        """
        * { box-sizing: border-box; }
        body { margin: 0; font-family: \(style.font), system-ui, sans-serif; background: transparent; }
        .card { background: \(style.background); color: \(style.textColor); border-radius: 16px; padding: 20px;
          max-width: 420px; aspect-ratio: 1.586; display: flex; flex-direction: column; justify-content: space-between; }
        .row { display: flex; gap: 24px; }
        .label { display: block; font-size: 0.7rem; opacity: 0.75; text-transform: uppercase; letter-spacing: 0.08em; }
        .value { font-size: 1.1rem; letter-spacing: 0.06em; font-variant-numeric: tabular-nums; }
        #card-number { font-size: clamp(1.1rem, 5vw, 1.5rem); }
        button { margin-left: 8px; border: 1px solid \(style.accent); background: transparent; color: \(style.accent);
          border-radius: 6px; font: inherit; font-size: 0.75rem; padding: 2px 8px; cursor: pointer; }
        """
    }

    static func response(
        title: String,
        body: String,
        css: String,
        nonce: String,
        language: Language,
        allowedOrigins: [String],
        status: HTTPResponse.Status
    ) -> Response {
        let html = """
            <!doctype html>
            <html lang="\(language == .chinese ? "zh-CN" : "en")">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer"><title>\(escape(title))</title>
            <style nonce="\(nonce)">\(css)</style></head>
            <body>\(body)</body>
            </html>
            """
        let ancestors = allowedOrigins.isEmpty ? "'none'" : allowedOrigins.joined(separator: " ")
        let policy =
            "default-src 'none'; style-src 'nonce-\(nonce)'; script-src 'nonce-\(nonce)'; "
            + "frame-ancestors \(ancestors); base-uri 'none'; form-action 'none'"
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .cacheControl: "no-store",
                HTTPField.Name("Content-Security-Policy")!: policy,
                HTTPField.Name("X-Content-Type-Options")!: "nosniff",
                HTTPField.Name("Referrer-Policy")!: "no-referrer",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }

    /// Text for HTML element content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
