import QingshanCore

/// An hourly or daily series drawn on the server as inline SVG: readable with JavaScript off and in any
/// screenshot. A missing hour (or day) breaks the line rather than joining its neighbours.
struct SVGLineChart {
    var points: [(time: Timestamp, value: Double)]
    var from: Timestamp
    var to: Timestamp
    /// The series' period: points further apart than this are not joined.
    var step = Timestamp.millisecondsPerHour
    /// A limit drawn across the chart as a dashed red line (the axis reaches it).
    var threshold: Double? = nil
    var width = 760.0
    var height = 240.0

    private let left = 48.0
    private let right = 12.0
    private let top = 12.0
    private let bottom = 28.0

    func render() -> String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let span = Double(max(to.millisecondsSinceEpoch - from.millisecondsSinceEpoch, 1))
        let top = niceCeiling(max(points.map(\.value).max() ?? 0, threshold ?? 0))
        func x(_ time: Timestamp) -> Double { left + Double(time.millisecondsSinceEpoch - from.millisecondsSinceEpoch) / span * plotWidth }
        func y(_ value: Double) -> Double { self.top + plotHeight - (top > 0 ? max(value, 0) / top : 0) * plotHeight }
        func number(_ value: Double) -> String { JSONBytes.number((value * 10).rounded() / 10) }
        var svg =
            #"<svg class="chart" viewBox="0 0 \#(number(width)) \#(number(height))" role="img" xmlns="http://www.w3.org/2000/svg">"#
        // Horizontal grid with the value of each line.
        for step in 0...4 {
            let value = top * Double(step) / 4
            let lineY = y(value)
            svg += #"<line x1="\#(number(left))" x2="\#(number(width - right))" y1="\#(number(lineY))" y2="\#(number(lineY))" class="grid"/>"#
            svg += #"<text x="\#(number(left - 6))" y="\#(number(lineY + 4))" text-anchor="end">\#(JSONBytes.number(value))</text>"#
        }
        // Ticks at Beijing midnights, labelled with the date, at most about ten of them (every sixth hour when
        // the range is two days or less).
        let spanHours = (to.millisecondsSinceEpoch - from.millisecondsSinceEpoch) / Timestamp.millisecondsPerHour
        let tickHours: Int64 = spanHours <= 48 ? 6 : 24 * max(1, (spanHours + 239) / 240)
        let tick = tickHours * Timestamp.millisecondsPerHour
        let offset = Int64(CivilDateTime.beijingOffsetMinutes) * Timestamp.millisecondsPerMinute
        var mark = (from.millisecondsSinceEpoch + offset + tick - 1) / tick * tick - offset
        var labels = 0
        while mark <= to.millisecondsSinceEpoch, labels < 40 {
            let time = Timestamp(millisecondsSinceEpoch: mark)
            let civil = CivilDateTime(time)
            let label = civil.hour == 0 ? "\(civil.month)-\(civil.day)" : "\(civil.hour):00"
            svg += #"<text x="\#(number(x(time)))" y="\#(number(height - 8))" text-anchor="middle">\#(label)</text>"#
            mark += tick
            labels += 1
        }
        // The line, broken where a period is missing.
        var path = ""
        var previous: Timestamp?
        for point in points.sorted(by: { $0.time < $1.time }) {
            let joined = previous.map { point.time.millisecondsSinceEpoch - $0.millisecondsSinceEpoch <= step } ?? false
            path += (joined ? "L" : "M") + number(x(point.time)) + " " + number(y(point.value))
            previous = point.time
        }
        if !path.isEmpty { svg += #"<path d="\#(path)" class="series"/>"# }
        if let threshold, threshold > 0 {
            let lineY = y(threshold)
            svg += #"<line x1="\#(number(left))" x2="\#(number(width - right))" y1="\#(number(lineY))" y2="\#(number(lineY))" class="limit"/>"#
            svg +=
                #"<text x="\#(number(width - right))" y="\#(number(lineY - 4))" text-anchor="end" class="limit">限值 \#(JSONBytes.number(threshold))</text>"#
        }
        if points.isEmpty { svg += #"<text x="\#(number(width / 2))" y="\#(number(height / 2))" text-anchor="middle">所选时段无数据</text>"# }
        return svg + "</svg>"
    }

    /// The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above `value` (an axis that ends on a round number).
    private func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }
}
