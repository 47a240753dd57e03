/// HJ 633 表2 and 附录A: the six levels with category, colour, health effect and advice.
///
/// Levels, categories and colours: two or more sources. The health texts: one source (aqi-hub, matching
/// CNEMC's site); the official punctuation is unconfirmed.
public struct AQILevel: Sendable, Hashable {
    public var level: Int
    public var levelZh: String
    public var categoryZh: String
    public var categoryEn: String
    public var colourHex: String
    public var healthEffect: String
    public var advice: String

    public static let all: [AQILevel] = [
        AQILevel(
            level: 1, levelZh: "一级", categoryZh: "优", categoryEn: "Excellent", colourHex: "#00E400",
            healthEffect: "空气质量令人满意，基本无空气污染", advice: "各类人群可正常活动"),
        AQILevel(
            level: 2, levelZh: "二级", categoryZh: "良", categoryEn: "Good", colourHex: "#FFFF00",
            healthEffect: "空气质量可接受，但某些污染物可能对极少数异常敏感人群健康有较弱影响",
            advice: "极少数异常敏感人群应减少户外活动"),
        AQILevel(
            level: 3, levelZh: "三级", categoryZh: "轻度污染", categoryEn: "Lightly polluted", colourHex: "#FF7E00",
            healthEffect: "易感人群症状有轻度加剧，健康人群出现刺激症状",
            advice: "儿童、老年人及心脏病、呼吸系统疾病患者应减少长时间、高强度户外锻炼"),
        AQILevel(
            level: 4, levelZh: "四级", categoryZh: "中度污染", categoryEn: "Moderately polluted", colourHex: "#FF0000",
            healthEffect: "进一步加剧易感人群症状，可能对健康人群心脏、呼吸系统有影响",
            advice: "儿童、老年人及心脏病、呼吸系统疾病患者避免长时间、高强度户外锻炼，一般人群适量减少户外运动"),
        AQILevel(
            level: 5, levelZh: "五级", categoryZh: "重度污染", categoryEn: "Heavily polluted", colourHex: "#99004C",
            healthEffect: "心脏病和肺病患者症状显著加剧，运动耐受力降低，健康人群普遍出现症状",
            advice: "儿童、老年人和心脏病、肺病患者应停留在室内，停止户外运动，一般人群减少户外运动"),
        AQILevel(
            level: 6, levelZh: "六级", categoryZh: "严重污染", categoryEn: "Severely polluted", colourHex: "#7E0023",
            healthEffect: "健康人群运动耐受力降低，有明显强烈症状，提前出现某些疾病",
            advice: "儿童、老年人和病人应当留在室内，避免体力消耗，一般人群停止户外运动"),
    ]

    /// 0–50 一级, 51–100 二级, 101–150 三级, 151–200 四级, 201–300 五级, above 300 六级.
    public static func of(aqi: Int) -> AQILevel {
        switch aqi {
        case ...50: all[0]
        case 51...100: all[1]
        case 101...150: all[2]
        case 151...200: all[3]
        case 201...300: all[4]
        default: all[5]
        }
    }

    /// The lowest AQI of a level (1–6): 0, 51, 101, 151, 201, 301; nil for another number.
    public static func lowestAQI(of level: Int) -> Int? {
        (1...6).contains(level) ? [0, 51, 101, 151, 201, 301][level - 1] : nil
    }
}
