/// Charts drawn on the server as inline SVG: no script, no fetched asset, readable without a
/// network. Every text in a chart is escaped; numbers are formatted here.
enum ConsoleChart {
    static let width = 480.0
    static let height = 160.0
    static let margin = 28.0

    /// Columns over time: one per slot (minute or hour), oldest left, with the largest value on
    /// the axis and the first and last slot's labels under it.
    static func columns(_ values: [Double], firstLabel: String, lastLabel: String, title: String) -> String {
        let top = max(values.max() ?? 0, 1)
        let plotWidth = width - 2 * margin
        let slot = plotWidth / Double(max(values.count, 1))
        var bars = ""
        for (index, value) in values.enumerated() where value > 0 {
            let barHeight = (height - 2 * margin) * value / top
            bars += rect(
                x: margin + Double(index) * slot,
                y: height - margin - barHeight,
                width: max(slot - 0.5, 0.5),
                height: barHeight,
                fill: "#2e6fdb"
            )
        }
        return svg(title: title, body: bars + axes(top: number(top), first: firstLabel, last: lastLabel))
    }

    /// A line over time; a `nil` slot (nothing happened) breaks the line.
    static func line(
        _ values: [Double?],
        top: Double,
        unit: String,
        firstLabel: String,
        lastLabel: String,
        title: String
    )
        -> String
    {
        let plotWidth = width - 2 * margin
        let step = plotWidth / Double(max(values.count - 1, 1))
        var segments: [[String]] = [[]]
        for (index, value) in values.enumerated() {
            guard let value else {
                segments.append([])
                continue
            }
            let x = margin + Double(index) * step
            let y = height - margin - (height - 2 * margin) * min(value, top) / max(top, 1e-9)
            segments[segments.count - 1].append("\(number(x)),\(number(y))")
        }
        let lines = segments.filter { !$0.isEmpty }.map { points in
            points.count == 1
                ? ##"<circle cx="\##(points[0].split(separator: ",")[0])" cy="\##(points[0].split(separator: ",")[1])" r="2" fill="#067647"/>"##
                : ##"<polyline fill="none" stroke="#067647" stroke-width="2" points="\##(points.joined(separator: " "))"/>"##
        }.joined()
        return svg(title: title, body: lines + axes(top: number(top) + unit, first: firstLabel, last: lastLabel))
    }

    /// Several lines over the same slots, each in its own colour with its label in a legend.
    static func lines(
        _ series: [(label: String, values: [Double])],
        unit: String,
        firstLabel: String,
        lastLabel: String,
        title: String
    )
        -> String
    {
        guard !series.isEmpty else { return svg(title: title, body: text(x: margin, y: height / 2, "nothing yet")) }
        let colours = ["#2e6fdb", "#067647", "#b54708", "#7a2e9e", "#b42318"]
        let top = max(series.flatMap(\.values).max() ?? 0, 1)
        let step = (width - 2 * margin) / Double(max((series.first?.values.count ?? 1) - 1, 1))
        var body = ""
        for (index, line) in series.prefix(colours.count).enumerated() {
            let points = line.values.enumerated().map { slot, value in
                "\(number(margin + Double(slot) * step)),\(number(height - margin - (height - 2 * margin) * max(value, 0) / top))"
            }
            body +=
                ##"<polyline fill="none" stroke="\##(colours[index])" stroke-width="2" points="\##(points.joined(separator: " "))"/>"##
            body +=
                ##"<text x="\##(number(width - 150))" y="\##(number(14 + Double(index) * 13))" font-size="11" fill="\##(colours[index])">"##
                + escape(line.label) + "</text>"
        }
        return svg(title: title, body: body + axes(top: number(top) + unit, first: firstLabel, last: lastLabel))
    }

    /// Horizontal bars, one per labelled value, largest first as given.
    static func bars(_ items: [(label: String, value: Double, text: String)], title: String) -> String {
        guard !items.isEmpty else { return svg(title: title, body: text(x: margin, y: height / 2, "nothing yet")) }
        let top = max(items.map(\.value).max() ?? 0, 1)
        let rowHeight = min(22.0, (height - 8) / Double(items.count))
        let labelWidth = 170.0
        var body = ""
        for (index, item) in items.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let barWidth = (width - labelWidth - 90) * max(item.value, 0) / top
            body += text(x: 4, y: y + rowHeight * 0.7, item.label)
            body += rect(x: labelWidth, y: y + 2, width: max(barWidth, 1), height: rowHeight - 4, fill: "#b54708")
            body += text(x: labelWidth + barWidth + 6, y: y + rowHeight * 0.7, item.text)
        }
        return svg(title: title, body: body)
    }

    static func svg(title: String, body: String) -> String {
        ##"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 \##(number(width)) \##(number(height))" "##
            + ##"width="\##(number(width))" height="\##(number(height))"><title>\##(escape(title))</title>\##(body)</svg>"##
    }

    static func axes(top: String, first: String, last: String) -> String {
        let bottom = height - margin
        return
            ##"<line x1="\##(number(margin))" y1="\##(number(bottom))" x2="\##(number(width - margin))" y2="\##(number(bottom))" stroke="#9aa4b1"/>"##
            + text(x: 2, y: margin - 8, top)
            + text(x: margin, y: height - 8, first)
            + text(x: width - margin - 60, y: height - 8, last)
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, fill: String) -> String {
        ##"<rect x="\##(number(x))" y="\##(number(y))" width="\##(number(width))" height="\##(number(height))" fill="\##(fill)"/>"##
    }

    static func text(x: Double, y: Double, _ content: String) -> String {
        ##"<text x="\##(number(x))" y="\##(number(y))" font-size="11" fill="#3b4450">\##(escape(content))</text>"##
    }

    /// A coordinate or an axis value: at most one decimal, no trailing `.0`.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// Text safe inside SVG or HTML markup.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
