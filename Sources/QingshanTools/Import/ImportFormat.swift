/// The file formats `qingshan import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// UCI Beijing multi-site hourly files (`PRSA_Data_<Site>_20130301-20170228.csv`).
    case prsa
    /// CNEMC national release days (`china_sites_YYYYMMDD.csv`).
    case cnemc
}
