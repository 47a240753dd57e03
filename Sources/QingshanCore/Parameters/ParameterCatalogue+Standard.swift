// The built-in parameter catalogue.
//
// Codes, Chinese names and HJ/T 212-2005 codes are those of HJ 212-2017 Appendix B (HJ 524/525).
// `a05024` (O3) is not in Table B.2 but is what air stations send. Units are the units Qingshan stores:
// ambient air pollutants follow GB 3095 / HJ 633 (µg/m³, CO in mg/m³), not Table B.2's ng/m³, because
// that is what stations and CNEMC releases report; flue-gas and water values follow Table B.1/B.2.
// Valid ranges only exclude the impossible (negative concentrations, pH beyond 0–14); they are not limits.

extension ParameterCatalogue {
    static let standardParameters: [Parameter] = ambientAir + meteorology + flueGas + water + published

    private static let ambientAir: [Parameter] = [
        Parameter(
            code: "a34004", nameZh: "细颗粒物(PM2.5)", nameEn: "PM2.5", unit: "µg/m³", medium: .air,
            aliases: ["pm25", "pm2.5", "pm2_5"], validMax: 10_000),
        Parameter(
            code: "a34002", nameZh: "可吸入颗粒物(PM10)", nameEn: "PM10", unit: "µg/m³", medium: .air,
            aliases: ["pm10"], validMax: 30_000),
        Parameter(
            code: "a21026", nameZh: "二氧化硫", nameEn: "SO2", unit: "µg/m³", medium: .air,
            aliases: ["so2", "02"], validMax: 20_000),
        Parameter(
            code: "a21004", nameZh: "二氧化氮", nameEn: "NO2", unit: "µg/m³", medium: .air,
            aliases: ["no2"], validMax: 10_000),
        Parameter(
            code: "a21005", nameZh: "一氧化碳", nameEn: "CO", unit: "mg/m³", medium: .air,
            aliases: ["co", "04"], validMax: 500),
        Parameter(
            code: "a05024", nameZh: "臭氧", nameEn: "O3", unit: "µg/m³", medium: .air,
            aliases: ["o3"], validMax: 5_000),
        Parameter(
            code: "a34001", nameZh: "总悬浮颗粒物(TSP)", nameEn: "TSP", unit: "µg/m³", medium: .air,
            aliases: ["tsp"], validMax: 50_000),
        Parameter(
            code: "a34005", nameZh: "亚微米颗粒物(PM1.0)", nameEn: "PM1.0", unit: "µg/m³", medium: .air,
            aliases: ["pm1", "pm1.0"], validMax: 10_000),
        Parameter(
            code: "a99054", nameZh: "总挥发性有机物", nameEn: "TVOC", unit: "µg/m³", medium: .air,
            aliases: ["tvoc"]),
    ]

    private static let meteorology: [Parameter] = [
        Parameter(
            code: "a01001", nameZh: "温度", nameEn: "air temperature", unit: "°C", medium: .meteorology,
            aliases: ["temp", "temperature"], validMin: -80, validMax: 70),
        Parameter(
            code: "a01002", nameZh: "湿度", nameEn: "relative humidity", unit: "%", medium: .meteorology,
            aliases: ["humidity", "rh"], validMax: 100),
        Parameter(
            code: "a01006", nameZh: "气压", nameEn: "air pressure", unit: "kPa", medium: .meteorology,
            aliases: ["pres", "pressure"], validMin: 30, validMax: 120),
        Parameter(
            code: "a01007", nameZh: "风速", nameEn: "wind speed", unit: "m/s", medium: .meteorology,
            aliases: ["wspm", "ws"], validMax: 100),
        Parameter(
            code: "a01008", nameZh: "风向", nameEn: "wind direction", unit: "°", medium: .meteorology,
            aliases: ["wd"], validMax: 360),
    ]

    private static let flueGas: [Parameter] = [
        Parameter(
            code: "a00000", nameZh: "废气", nameEn: "flue-gas flow", unit: "m³/s", medium: .flueGas,
            aliases: ["B02"]),
        Parameter(
            code: "a34013", nameZh: "烟尘", nameEn: "smoke dust", unit: "mg/m³", medium: .flueGas,
            aliases: ["01"]),
        Parameter(
            code: "a21002", nameZh: "氮氧化物", nameEn: "NOx", unit: "mg/m³", medium: .flueGas,
            aliases: ["nox", "03"]),
        Parameter(code: "a21003", nameZh: "一氧化氮", nameEn: "NO", unit: "mg/m³", medium: .flueGas, aliases: ["no"]),
        Parameter(
            code: "a19001", nameZh: "氧气含量", nameEn: "O2 content", unit: "%", medium: .flueGas,
            aliases: ["o2", "S01"], validMax: 100),
        Parameter(
            code: "a01011", nameZh: "烟气流速", nameEn: "flue-gas velocity", unit: "m/s", medium: .flueGas,
            aliases: ["S02"]),
        Parameter(
            code: "a01012", nameZh: "烟气温度", nameEn: "flue-gas temperature", unit: "°C", medium: .flueGas,
            aliases: ["S03"], validMin: -50),
        Parameter(
            code: "a01017", nameZh: "烟气动压", nameEn: "flue-gas dynamic pressure", unit: "kPa",
            medium: .flueGas, aliases: ["S04"], validMin: nil),
        Parameter(
            code: "a01014", nameZh: "烟气湿度", nameEn: "flue-gas humidity", unit: "%", medium: .flueGas,
            aliases: ["S05"], validMax: 100),
        Parameter(
            code: "a01015", nameZh: "制冷温度", nameEn: "cooler temperature", unit: "°C", medium: .flueGas,
            aliases: ["S06"], validMin: -50),
        Parameter(
            code: "a01016", nameZh: "烟道截面积", nameEn: "duct cross-section area", unit: "m²",
            medium: .flueGas, aliases: ["S07"]),
        Parameter(
            code: "a01013", nameZh: "烟气压力", nameEn: "flue-gas pressure", unit: "kPa", medium: .flueGas,
            aliases: ["S08"], validMin: nil),
        Parameter(
            code: "a24088", nameZh: "非甲烷总烃", nameEn: "NMHC", unit: "mg/m³", medium: .flueGas,
            aliases: ["nmhc"]),
    ]

    private static let water: [Parameter] = [
        Parameter(
            code: "w00000", nameZh: "污水", nameEn: "wastewater flow", unit: "L/s", medium: .water,
            aliases: ["B01"]),
        Parameter(
            code: "w01001", nameZh: "pH值", nameEn: "pH", unit: "无量纲", medium: .water,
            aliases: ["ph", "001"], validMax: 14),
        Parameter(
            code: "w01003", nameZh: "浊度", nameEn: "turbidity", unit: "NTU", medium: .water,
            aliases: ["turbidity"]),
        Parameter(
            code: "w01009", nameZh: "溶解氧", nameEn: "dissolved oxygen", unit: "mg/L", medium: .water,
            aliases: ["do"], validMax: 50),
        Parameter(
            code: "w01010", nameZh: "水温", nameEn: "water temperature", unit: "°C", medium: .water,
            aliases: ["wt", "water_temp"], validMin: -5, validMax: 100),
        Parameter(
            code: "w01012", nameZh: "悬浮物", nameEn: "suspended solids", unit: "mg/L", medium: .water,
            aliases: ["ss", "003"]),
        Parameter(
            code: "w01014", nameZh: "电导率", nameEn: "conductivity", unit: "µS/cm", medium: .water,
            aliases: ["conductivity"]),
        Parameter(
            code: "w01016", nameZh: "叶绿素a", nameEn: "chlorophyll a", unit: "mg/L", medium: .water,
            aliases: ["chla", "chl-a"]),
        Parameter(
            code: "w01017", nameZh: "五日生化需氧量", nameEn: "BOD5", unit: "mg/L", medium: .water,
            aliases: ["bod5", "010"]),
        Parameter(
            code: "w01018", nameZh: "化学需氧量", nameEn: "COD", unit: "mg/L", medium: .water,
            aliases: ["cod", "codcr", "011"]),
        Parameter(
            code: "w01019", nameZh: "高锰酸盐指数", nameEn: "permanganate index", unit: "mg/L", medium: .water,
            aliases: ["codmn"]),
        Parameter(
            code: "w01020", nameZh: "总有机碳", nameEn: "TOC", unit: "mg/L", medium: .water,
            aliases: ["toc", "015"]),
        Parameter(
            code: "w21001", nameZh: "总氮", nameEn: "total nitrogen", unit: "mg/L", medium: .water,
            aliases: ["tn", "065"]),
        Parameter(
            code: "w21003", nameZh: "氨氮", nameEn: "ammonia nitrogen", unit: "mg/L", medium: .water,
            aliases: ["nh3n", "nh3-n", "060"]),
        Parameter(
            code: "w21011", nameZh: "总磷", nameEn: "total phosphorus", unit: "mg/L", medium: .water,
            aliases: ["tp", "101"]),
        Parameter(
            code: "w21017", nameZh: "氟化物", nameEn: "fluoride", unit: "mg/L", medium: .water,
            aliases: ["fluoride", "072"]),
        Parameter(
            code: "w22001", nameZh: "石油类", nameEn: "petroleum oils", unit: "mg/L", medium: .water,
            aliases: ["oil", "080"]),
        Parameter(
            code: "w23002", nameZh: "挥发酚", nameEn: "volatile phenols", unit: "mg/L", medium: .water,
            aliases: ["phenol", "110"]),
        Parameter(
            code: "w20111", nameZh: "总汞", nameEn: "total mercury", unit: "µg/L", medium: .water,
            aliases: ["hg", "020"]),
        Parameter(
            code: "w20115", nameZh: "总镉", nameEn: "total cadmium", unit: "µg/L", medium: .water,
            aliases: ["cd", "022"]),
        Parameter(
            code: "w20116", nameZh: "总铬", nameEn: "total chromium", unit: "mg/L", medium: .water,
            aliases: ["cr", "023"]),
        Parameter(
            code: "w20117", nameZh: "六价铬", nameEn: "hexavalent chromium", unit: "µg/L", medium: .water,
            aliases: ["cr6", "024"]),
        Parameter(
            code: "w20119", nameZh: "总砷", nameEn: "total arsenic", unit: "µg/L", medium: .water,
            aliases: ["as", "026"]),
        Parameter(
            code: "w20120", nameZh: "总铅", nameEn: "total lead", unit: "µg/L", medium: .water,
            aliases: ["pb", "027"]),
    ]

    /// Statistics that CNEMC publishes beside the hourly values; stored so official figures can be compared.
    private static let published: [Parameter] = [
        Parameter(
            code: "aqi", nameZh: "空气质量指数(发布值)", nameEn: "AQI as published", unit: "无量纲",
            medium: .published, validMax: 500),
        Parameter(
            code: "a34004_24h", nameZh: "PM2.5 24小时滑动平均(发布值)", nameEn: "PM2.5 24-h moving mean as published",
            unit: "µg/m³", medium: .published, aliases: ["pm25_24h", "pm2.5_24h"]),
        Parameter(
            code: "a34002_24h", nameZh: "PM10 24小时滑动平均(发布值)", nameEn: "PM10 24-h moving mean as published",
            unit: "µg/m³", medium: .published, aliases: ["pm10_24h"]),
        Parameter(
            code: "a21026_24h", nameZh: "SO2 24小时滑动平均(发布值)", nameEn: "SO2 24-h moving mean as published",
            unit: "µg/m³", medium: .published, aliases: ["so2_24h"]),
        Parameter(
            code: "a21004_24h", nameZh: "NO2 24小时滑动平均(发布值)", nameEn: "NO2 24-h moving mean as published",
            unit: "µg/m³", medium: .published, aliases: ["no2_24h"]),
        Parameter(
            code: "a21005_24h", nameZh: "CO 24小时滑动平均(发布值)", nameEn: "CO 24-h moving mean as published",
            unit: "mg/m³", medium: .published, aliases: ["co_24h"]),
        Parameter(
            code: "a05024_24h", nameZh: "O3 24小时滑动平均(发布值)", nameEn: "O3 24-h moving mean as published",
            unit: "µg/m³", medium: .published, aliases: ["o3_24h"]),
        Parameter(
            code: "a05024_8h", nameZh: "O3 8小时滑动平均(发布值)", nameEn: "O3 8-h moving mean as published",
            unit: "µg/m³", medium: .published, aliases: ["o3_8h"]),
        Parameter(
            code: "a05024_8h_24h", nameZh: "O3 24小时内最大8小时滑动平均(发布值)",
            nameEn: "O3 maximum 8-h mean in the past 24 h as published", unit: "µg/m³", medium: .published,
            aliases: ["o3_8h_24h"]),
    ]
}
