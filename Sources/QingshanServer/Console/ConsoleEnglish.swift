import Foundation
import QingshanCore

/// The console in English: a rendered page with each Chinese phrase of `phrases` replaced, longest first (so a
/// sentence is taken whole before its words). Data keep their own text (site names stay as registered). The
/// one-character AQI categories are replaced only where the pages print them, between tags or at the end of a
/// title, so that a site named with 良 or 优 keeps its name.
enum ConsoleEnglish {
    static func translate(_ html: String) -> String {
        var text = html.replacingOccurrences(of: #"<html lang="zh-CN">"#, with: #"<html lang="en">"#)
            .replacingOccurrences(of: ConsoleLanguage.switchToEnglish, with: ConsoleLanguage.switchToChinese)
        for (chinese, english) in ordered { text = text.replacingOccurrences(of: chinese, with: english) }
        return text
    }

    private static let ordered: [(String, String)] = {
        var pairs = phrases
        // One-word table headers, taken with their tags (the words stand in longer phrases too).
        for (chinese, english) in [("指标", "Indicator"), ("级别", "Level"), ("断面", "Section"), ("目标", "Target")] {
            pairs.append(("<th>\(chinese)</th>", "<th>\(english)</th>"))
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        for (index, month) in months.enumerated() { pairs.append(("<th>\(index + 1)月</th>", "<th>\(month)</th>")) }
        for level in AQILevel.all {
            pairs.append((">\(level.categoryZh)<", ">\(level.categoryEn)<"))
            pairs.append((" \(level.categoryZh)\"", " \(level.categoryEn)\""))
        }
        return pairs.sorted { $0.0.count > $1.0.count }
    }()

    /// An AQI category in English (the live events carry it as text).
    static func category(_ chinese: String) -> String {
        AQILevel.all.first { $0.categoryZh == chinese }?.categoryEn ?? (chinese == "无有效数据" ? "no valid data" : chinese)
    }

    static let phrases: [(String, String)] = [
        // Frame and navigation.
        ("青山生态环境监测监管平台", "Qingshan environmental monitoring and supervision"),
        ("青山 · 生态环境监测监管平台", "Qingshan · environmental monitoring and supervision"),
        ("时间均为北京时间", "All times are Beijing time"), ("AQI 按 HJ 633 计算", "AQI by HJ 633"),
        ("API 文档 (OpenAPI)", "API documentation (OpenAPI)"), ("总览", "Overview"), ("一张图", "Map"), ("评价", "Assessment"),
        ("设备", "Devices"), ("开放数据", "Open data"), ("告警", "Alarms"),
        // The plan's scorecard.
        ("规划指标", "Plan indicators"), ("<th>序号</th>", "<th>No.</th>"), ("<th>指标</th>", "<th>Indicator</th>"), ("<th>单位</th>", "<th>Unit</th>"),
        (" 年基准</th>", " baseline</th>"), (" 年目标</th>", " target</th>"), ("<th>属性</th>", "<th>Kind</th>"), (" 年</th>", "</th>"),
        ("<th>扣除沙尘</th>", "<th>Dust deducted</th>"), ("<th>进度</th>", "<th>Progress</th>"), ("<th>数据来源</th>", "<th>How obtained</th>"),
        ("已达标", "met"), ("进度正常", "on track"), ("滞后", "behind"), ("待评估", "to be assessed"), ("约束性", "binding"), ("预期性", "expected"),
        ("录入指标值", "Enter a value"), ("记录目标完成情况", "Record a target's result"), ("<th>目标值</th>", "<th>Target value</th>"),
        ("<th>期限</th>", "<th>Deadline</th>"), ("<th>完成情况</th>", "<th>Result</th>"), ("<th>编号</th>", "<th>No.</th>"),
        ("<th>目标</th>", "<th>Target</th>"),
        // Accounts, sign-in and the audit log.
        ("公众访问", "Public access"), ("<h1>登录</h1>", "<h1>Sign in</h1>"), (">登录<", ">Sign in<"), (">账户<", ">Account<"), (">审计<", ">Audit<"),
        (">退出<", ">Sign out<"), ("市局管理员", "City bureau administrator"), ("市局业务", "City bureau staff"), ("监测站", "Monitoring centre"),
        ("旗县区分局", "County bureau"), ("共享只读", "Shared read-only"), (" · 全市", " · whole city"), ("用户名", "User name"),
        ("<label>密码 ", "<label>Password "),
        ("当前密码", "Current password"), ("新密码（至少 10 个字符）", "New password (at least 10 characters)"), ("再次输入新密码", "New password again"),
        ("修改密码", "Change password"), ("<h2>处理</h2>", "<h2>Handling</h2>"), ("确认告警", "Acknowledge"), ("添加备注", "Add comment"),
        ("<label>备注 ", "<label>Comment "), ("<label>处理人 ", "<label>Assignee "), (">指派<", ">Assign<"), ("清除告警", "Clear the alarm"),
        ("您的角色只能查看此告警。", "Your role may only view this alarm."), ("<h1>我的账户</h1>", "<h1>My account</h1>"), ("<dt>姓名</dt>", "<dt>Name</dt>"),
        ("<dt>角色</dt>", "<dt>Role</dt>"),
        ("<dt>范围</dt>", "<dt>Scope</dt>"), ("登录会话", "Sessions"), ("<th>会话</th>", "<th>Session</th>"), ("<th>登录时间</th>", "<th>Signed in</th>"),
        ("<th>最近活动</th>", "<th>Last seen</th>"), ("<th>地址</th>", "<th>Address</th>"), ("<th>浏览器</th>", "<th>Browser</th>"),
        ("退出此会话", "End this session"), ("（当前）", " (this one)"), ("已过期", "expired"), ("已退出", "ended"), ("有效", "active"),
        ("您正在使用一次性密码，请先设置新密码后再使用平台。", "You signed in with a one-time password: set a new password first."),
        ("密码已修改，其他会话已退出。", "Password changed; your other sessions have ended."),
        ("<h1>审计日志</h1>", "<h1>Audit log</h1>"), ("<th>序号</th>", "<th>No.</th>"), ("<th>操作者</th>", "<th>Actor</th>"),
        ("<th>对象</th>", "<th>Target</th>"), ("<th>变更前</th>", "<th>Before</th>"), ("<th>变更后</th>", "<th>After</th>"), ("更早的记录", "Older entries"),
        ("哈希链完整：已校验 ", "Hash chain intact: entries checked: "), (" 条记录", ""), ("哈希链校验未通过：", "Hash chain BROKEN: "),
        // Alarms.
        ("当前未恢复告警 ", "Active alarms: "), (" 条。", ". "),
        (
            "未登录时只显示公开站点的空气质量与水质告警；污染源超标与数据质量疑点仅对有权限的用户可见（接口 ",
            "Without signing in only the air-quality and water alarms of public stations are shown; source exceedances and data-quality leads are for authorised users only (the API "
        ),
        (" 使用 API 令牌）。", " takes an API token)."), ("状态 ", "Status "), ("类型 ", "Type "), ("站点编码 ", "Site code "), ("筛选", "Filter"),
        ("全部类型", "All types"), ("全部", "All"), ("未恢复", "active"), ("已恢复", "cleared"), ("没有符合条件的告警。", "No alarms match."),
        ("<th>内容</th>", "<th>Summary</th>"), ("<th>首次</th>", "<th>First</th>"), ("<th>最近</th>", "<th>Latest</th>"),
        ("<th>次数</th>", "<th>Count</th>"), ("<th>状态</th>", "<th>Status</th>"), ("<th>确认</th>", "<th>Acknowledged</th>"),
        ("<th>处理人</th>", "<th>Assignee</th>"), ("<th>类型</th>", "<th>Type</th>"), ("<th>站点</th>", "<th>Site</th>"),
        ("已确认", "acknowledged"), ("未确认", "unacknowledged"), ("下一页", "Next page"), ("有新告警，点击刷新", "New alarms: reload"), ("超标排放", "Exceedance"),
        ("空气质量污染", "Air pollution"), ("水质不达标", "Water below target"), ("数采仪离线", "Logger silent"), ("数据质量疑点", "Data-quality lead"),
        ("小时均值超标", "hourly limit"), ("日均值超标", "daily limit"), ("严重", "critical"), ("重要", "major"), ("次要", "minor"), ("提示", "note"),
        ("<h2>证据</h2>", "<h2>Evidence</h2>"), ("判定规则", "Rule"), ("（北京时间）", " (Beijing time)"), ("判定值", "Observed"),
        ("限值/阈值", "Limit"), ("标记小时（停运、维护、手工、故障、校准）", "Flagged hours (stop, maintenance, manual, fault, calibration)"),
        ("<th>时间</th>", "<th>Time</th>"), ("<th>数值</th>", "<th>Value</th>"), ("<th>标记</th>", "<th>Flag</th>"),
        ("<th>操作</th>", "<th>Action</th>"), ("<th>操作人</th>", "<th>By</th>"), ("<th>说明</th>", "<th>Detail</th>"),
        ("处理记录", "History"), ("红色虚线为限值，北京时间", "The dashed red line is the limit; Beijing time"),
        ("小时值（告警前后各一天）", " hourly values (a day either side)"), ("产生", "raised"), ("恢复/清除", "cleared"), ("指派", "assigned"),
        ("备注", "comment"), ("系统", "system"),
        (
            "数据质量疑点是供人工核查的线索，不是违法认定：请结合运维记录、现场核查与视频判断。",
            "A data-quality lead is for a person to check, not a finding of a violation: weigh it with the maintenance log, a site visit and video."
        ),
        ("确认、指派、备注与清除：", "Acknowledge, assign, comment and clear: "),
        (
            "（企业可确认与备注，市局或所属旗县区分局可指派与清除）。",
            " (an enterprise acknowledges and comments; the city or the site's county bureau assigns and clears)."
        ),
        // An outlet's compliance.
        ("排污许可与合规情况", "Permit and compliance"), ("许可证编号 ", "Permit number "), ("未录入", "not entered"), (" · 有效期 ", " · valid "),
        (" 至 ", " to "), (" · 第 ", " · revision "), (" 版（", " ("), ("<th>污染物</th>", "<th>Pollutant</th>"), ("<th>限值</th>", "<th>Limit</th>"),
        ("<th>判定均值</th>", "<th>Averaging</th>"), ("<th>基准氧含量</th>", "<th>Reference O2</th>"), ("<th>标准</th>", "<th>Standard</th>"),
        ("小时均值", "hourly mean"), ("日均值", "daily mean"), ("不折算", "not converted"), ("逐月合规（最近 12 个月）", "By month (last 12 months)"),
        ("<th>应有小时</th>", "<th>Hours expected</th>"), ("<th>收到小时</th>", "<th>Received</th>"), ("<th>有效小时</th>", "<th>Valid</th>"),
        ("<th>超标小时</th>", "<th>Over a limit</th>"), ("<th>标记小时</th>", "<th>Flagged</th>"), ("<th>有效传输率</th>", "<th>Effective transmission</th>"),
        (
            "超标小时按许可证的小时均值限值判定（折算浓度、仅未标记小时）；标记小时（F 停运、M 维护、S 手工、D 故障、C 校准）不计超标；有效传输率 = 传输率 × 有效率。",
            "Hours over a limit are judged on the permit's hourly limits (converted values, unflagged hours only); flagged hours (F stop, M maintenance, S manual, D fault, C calibration) are never exceedances; effective transmission = transmission × validity."
        ),
        ("最近告警", "Latest alarms"), ("排放量与许可排放量（滚动 12 个月）", "Emissions against the permitted quantity (rolling 12 months)"),
        ("<th>近 12 个月排放量（t）</th>", "<th>Last 12 months (t)</th>"), ("<th>许可排放量（t/a）</th>", "<th>Permitted (t/a)</th>"),
        ("<th>占比</th>", "<th>Share</th>"),
        ("按数采仪上报的小时排放量（-Cou，kg）累计，截至最新数据当日。", "Summed from the hourly amounts the logger reports (-Cou, kg), to the day of the newest data."),
        ("排放量超许可", "Over the permitted quantity"), ("（特别排放限值）", " (special limit)"),
        // Overview.
        ("开始使用", "Getting started"), ("平台中还没有任何监测数据。可以从以下任一方式开始：", "The platform holds no data yet. Start in any of these ways:"),
        ("接入数采仪", "Connect a data logger"), ("：数采仪按 HJ 212 协议连接 ", ": loggers connect over HJ 212 to "),
        ("（TCP）。登记设备 MN：", " (TCP). Register a logger's MN: "), ("，或在接口 ", ", or with "), ("中登记。", "."),
        ("导入数据文件", "Import data files"), ("（国家站点发布数据），或 ", " (the national station release), or "),
        ("启动演示", "Start the demo"), ("（或在运行中的平台旁执行 ", " (or, beside a running platform, "), ("）用模拟数采仪", ")"),
        ("向专门的演示站点（标注“演示”）上报数据；", " feeds simulated loggers into demo sites of their own (marked demo); "),
        ("一条命令删除全部演示数据，不会写入真实站点。", " removes all demo data in one command; real sites are never written."),
        ("个演示站点，数据为模拟值（", " demo sites with simulated data ("), ("可删除）。", " removes them)."), ("当前有 ", "There are "),
        ("全市空气质量（", "City air quality ("), ("个站点平均）", " stations averaged)"), ("首要污染物：", "Primary pollutant: "),
        ("数采仪", "Data loggers"), ("查看设备列表", "See the device list"), ("各站点实时 AQI", "AQI now at each station"),
        ("暂无空气站点的小时数据。", "No hourly data from air stations yet."), ("另有 ", "Besides, "),
        ("个市外空气站点（见 ", " air stations outside the city (see the "), ("</a> 与 <a", "</a> and the <a"),
        (" 个站点）", " stations)"), ("（截至 ", " (to "), ("站点接口", "sites API"),
        ("规划目标进展（今年以来：", "Plan targets (this year so far: "), ("城市空气质量优良天数比例", "Share of good air days (city)"),
        ("城市细颗粒物（PM2.5）浓度", "PM2.5 concentration (city)"), ("2020 年基准", "2020 baseline"), ("2025 年目标", "2025 target"),
        ("今年以来", "This year"), ("目前", "Status"), ("达到目标", "target met"), ("未达到目标", "target not met"), ("数据不足", "too few data"),
        ("按 HJ 663 由全市各站点日均值计算；年内数据为截至最新一天的累计值。详见 ", "By HJ 663 from the daily means of the city's stations, up to the newest day. See "),
        ("地表水断面（今年以来：", "Surface-water sections (this year so far: "), ("地表水断面（GB 3838）", "Surface-water sections (GB 3838)"),
        ("Ⅰ～Ⅲ类比例", "Share of class Ⅰ–Ⅲ"), ("劣Ⅴ类比例", "Share worse than Ⅴ"), ("达到水质目标", "Sections at target"),
        ("个断面", " sections"), ("主要污染指标", "Main pollutants"), ("水质目标", "Target"), ("水质类别", "Class"),
        ("水质状况", "Condition"), ("未达标", "not met"), ("达标情况", "Attainment"), ("达标", "met"), ("超标", "exceeded"),
        ("该时段没有地表水断面的监测数据。", "No surface-water data in this period."), ("河流", "river"), ("湖库", "lake"), ("无数据", "no data"),
        ("在线", "online"), ("离线", "offline"), ("共 ", "of "), ("台数采仪", " loggers"), (" 台</p>", " loggers</p>"), ("有效 ", "valid "), (" 天", " days"),
        // Site.
        ("站点编码 ", "Site code "), ("健康影响与建议（HJ 633）", "Health effects and advice (HJ 633)"), ("健康影响：", "Health effects: "),
        ("建议措施：", "Advice: "), ("最新数据", "Latest values"), ("该站点暂无数据。", "No data at this site yet."), ("监测项目", "Parameter"),
        ("时段", "Period"), ("数值", "Value"), ("单位", "Unit"), ("标记", "Flag"), ("时间", "Time"), ("小时值（最近 ", "hourly values (last "),
        ("小时）", " hours)"), ("小时数 ", "Hours "), ("显示", "Show"), ("，北京时间", ", Beijing time"), ("下载 CSV", "Download CSV"),
        ("所选时段无数据", "No data in this period"), ("数据完整率：", "Completeness: "), ("日均值有效 ", "valid daily means "),
        ("小时数据完整率 ", "hourly completeness "), ("有效小时 ", "valid hours "), (" / 应有 ", " of "), ("该时段尚无日汇总", "no daily rollups yet"),
        ("年 AQI 日历", " AQI calendar"), ("日均值（最近 ", "daily means (last "), ("天数 ", "Days "), ("数据 ", "Data "),
        ("日均值", "Daily means"), ("小时值", "Hourly values"), ("水质类别历史（GB 3838，逐月）", "Water-class history (GB 3838, by month)"),
        ("月份", "Month"), ("目标", "Target"), ("是否达标", "Attained"), (" 年 ", "-"), (" 月", ""),
        (
            "每月按该月全部有效监测值的均值评价（与 /api/v1/evaluation/water 相同）；无数据的月份为灰色。",
            "Each month is judged on the mean of its valid values (as /api/v1/evaluation/water does); months without data are grey."
        ),
        (
            "按日 AQI（HJ 633，日均值计算）着色；灰色为无有效数据的日子。鼠标悬停查看数值。",
            "Coloured by the daily AQI (HJ 633, from daily means); grey days have no valid data. Hover for the value."
        ),
        ("无有效数据", "no valid data"), ("爆表", "beyond the table"), ("实时", "real-time"), ("分钟", "minute"), ("小时", "hour"),
        ("环境空气", "ambient air"), ("地表水", "surface water"), ("地下水", "groundwater"), ("声环境", "noise"), ("演示", "demo"),
        // Assessment.
        ("按 HJ 663 评价，浓度限值按评价时段内实施的 GB 3095 版本", "HJ 663 assessment against the GB 3095 edition in force"),
        ("综合指数", "Composite index"), ("优良天数比例", "Share of good days"), ("首要污染物", "Primary pollutant"), ("各级别天数", "Days per level"),
        ("污染物", "Pollutant"), ("评价浓度", "Assessed concentration"), ("百分位数浓度", "Percentile concentration"), ("浓度限值", "Limits"),
        ("单项指数", "Index"), ("有效天数", "Valid days"), ("所选范围在该时段没有可评价的数据。", "Nothing to assess for this scope and period."),
        ("排名（综合指数由低到高，与上年同期比较）", "Ranking (composite index, lowest first, against the same days last year)"),
        ("该时段没有可排名的旗县区或站点。", "No district or station to rank in this period."), ("排名", "Rank"), ("类型", "Kind"),
        ("名称", "Name"), ("同比", "vs last year"), ("个百分点", " points"), ("下载排名 CSV", "Download the ranking as CSV"),
        ("旗县区", "district"), ("站点", "Site"), ("（全市）", " (city)"), ("范围 ", "Scope "), ("第", "P"), ("百分位 ", " "),
        ("年 ", "annual "), ("日 ", "daily "), (" 至 ", " to "),
        // Devices.
        ("协议版本", "Edition"), ("状态", "State"), ("最后上报", "Last upload"), ("接收帧数", "Frames accepted"),
        ("拒收（原因 数量）", "Refused (reason count)"), ("从未连接", "never connected"),
        ("尚未登记数采仪。用 ", "No logger registered yet. Register one with "),
        ("登记，或让数采仪直接连接后在接口中确认。", ", or let it connect and confirm it through the API."),
        // Map.
        (
            "底图为各旗县区边界（不加载任何在线瓦片）；站点颜色：空气站按 AQI 级别，地表水断面今年以来达到水质目标为蓝、未达到为红，其余按类别；外圈绿色为数采仪在线，灰色为离线。点击站点打开站点页。",
            "The base map is the districts' boundaries (no online tiles); air stations are coloured by AQI level, water sections blue when at their target this year and red when not, other sites by kind; a green ring marks a logger online, grey offline. Click a site to open it."
        ),
        ("地图组件未安装：请安装 Debian 软件包 ", "The map library is missing: install the Debian package "), ("）后刷新。下方站点列表仍可使用。", ") and reload."),
        ("地图需要 JavaScript。站点数据见 ", "The map needs JavaScript. The sites are in the "), (" 或 ", " or the "),
        // Open data.
        (
            "环境质量点位（空气、地表水、地下水、噪声）的数据对公众开放，无需注册即可下载；污染源排放口的数据在信息公开后开放。",
            "Data of ambient sites (air, surface water, groundwater, noise) are open to everyone without registration; pollution-source outlets once the bureau publishes them."
        ),
        (
            "写入数据、查看未公开点位和管理设备需要生态环境局签发的 API 令牌（请求头 ",
            "Writing data, reading unpublished sites and managing devices need an API token from the bureau (header "
        ),
        ("匿名访问按来源地址限流，超限时返回 429 并给出 ", "Anonymous requests are rate-limited per address: 429 with "), ("REST 接口", "REST API"),
        ("点位列表", "Sites"), ("各站点和全市的实时 AQI", "AQI now at each station and for the city"), ("附二中（2195A）的最新数据", "Latest values of 附二中 (2195A)"),
        ("附二中 PM2.5 小时值（CSV）", "Hourly PM2.5 at 附二中 (CSV)"), ("监测因子目录", "Parameter catalogue"), ("（HJ 212-2017 编码）", " (HJ 212-2017 codes)"),
        ("接口文档：", "API document: "), ("（可导入 Swagger UI、Postman 等工具）", " (for Swagger UI, Postman and the like)"),
        ("入口与一致性声明", "Landing page and conformance"), ("（点位）", " (sites)"), ("（点位 × 因子 × 时段）", " (site × parameter × period)"),
        ("附二中最近 24 个 PM2.5 小时值", "The last 24 hourly PM2.5 values at 附二中"), ("支持 ", "Supports "),
        ("和 dataArray；frost-sta-client、stapy 等客户端可直接使用。", "and dataArray; clients such as frost-sta-client and stapy work as they are."),
        ("接口一览", "Operations"), ("方法", "Method"), ("路径", "Path"), ("说明", "Summary"), ("匿名可用", "Anonymous"), ("需令牌", "token"),
        ("<td>是</td>", "<td>yes</td>"), ("（JSON），", " (JSON), "), ("、", ", "), ("，", ", "), ("：", ": "), ("（", " ("), ("）", ")"), ("。", "."),
    ]
}
