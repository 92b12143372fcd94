"""Bilingual domain vocabulary the demo generator composes its records from.

Each technology field carries its key technologies, the products they serve, the methods
researchers use and the problems enterprises report, in Chinese and English, so that needs,
papers, patents and achievements of one field talk about the same things in both languages.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    zh: str
    en: str


class FieldVocabulary(NamedTuple):
    code: str
    name: Term
    business_unit: str
    industry: str
    technologies: tuple[Term, ...]
    products: tuple[Term, ...]
    methods: tuple[Term, ...]
    problems: tuple[Term, ...]


T = Term

BUSINESS_UNITS: dict[str, Term] = {
    "materials": T("先进材料事业部", "Advanced Materials Business Unit"),
    "electronics": T("电子信息事业部", "Electronics and Information Business Unit"),
    "life": T("生物与医药事业部", "Life Sciences and Medicine Business Unit"),
    "manufacturing": T("先进制造事业部", "Advanced Manufacturing Business Unit"),
    "energy": T("能源与环境事业部", "Energy and Environment Business Unit"),
}

PLATFORMS: dict[str, tuple[Term, str]] = {
    "materials-institute": (T("先进材料技术研究院", "Advanced Materials Technology Institute"), "materials"),
    "ic-center": (
        T("集成电路创新中心", "Integrated Circuit Innovation Center"),
        "electronics",
    ),
    "biomed-platform": (T("生物医药创新平台", "Biomedical Innovation Platform"), "life"),
    "manufacturing-platform": (
        T("智能制造创新平台", "Intelligent Manufacturing Innovation Platform"),
        "manufacturing",
    ),
    "energy-platform": (T("能源环境创新平台", "Energy and Environment Innovation Platform"), "energy"),
}

INDUSTRIES: dict[str, Term] = {
    "semiconductors": T("半导体与集成电路", "Semiconductors and integrated circuits"),
    "materials": T("新材料", "New materials"),
    "pharma": T("医药制造", "Pharmaceutical manufacturing"),
    "medtech": T("医疗器械", "Medical technology"),
    "machinery": T("装备制造", "Machinery and equipment"),
    "energy": T("新能源", "New energy"),
    "environment": T("节能环保", "Environmental protection"),
    "software": T("软件与信息服务", "Software and information services"),
    "automotive": T("汽车及零部件", "Automotive and parts"),
    "metals": T("冶金与金属制品", "Metallurgy and metal products"),
    "chemicals": T("石化与化工", "Petrochemicals and chemicals"),
    "photonics": T("光电与激光", "Photonics and lasers"),
    "food": T("农业与食品", "Agriculture and food"),
}

FIELDS: tuple[FieldVocabulary, ...] = (
    FieldVocabulary(
        "sic-power",
        T("第三代半导体与功率电子", "Wide-bandgap semiconductors and power electronics"),
        "electronics",
        "semiconductors",
        (
            T("碳化硅外延生长", "silicon carbide epitaxial growth"),
            T("碳化硅功率器件", "SiC power devices"),
            T("氮化镓射频器件", "GaN RF devices"),
            T("功率模块封装", "power module packaging"),
            T("碳化硅单晶衬底", "SiC single-crystal substrates"),
            T("高压MOSFET栅氧工艺", "high-voltage MOSFET gate oxide process"),
            T("宽禁带器件可靠性", "wide-bandgap device reliability"),
            T("化学气相沉积设备", "chemical vapour deposition equipment"),
        ),
        (
            T("新能源汽车电驱系统", "electric vehicle traction inverters"),
            T("光伏逆变器", "photovoltaic inverters"),
            T("5G基站功放", "5G base-station power amplifiers"),
            T("轨道交通牵引变流器", "rail traction converters"),
            T("快速充电桩", "fast EV chargers"),
        ),
        (
            T("热场仿真", "thermal-field simulation"),
            T("缺陷表征", "defect characterisation"),
            T("高温离子注入", "high-temperature ion implantation"),
            T("加速寿命试验", "accelerated lifetime testing"),
        ),
        (
            T("外延层缺陷密度偏高", "high defect density in epitaxial layers"),
            T("模块散热能力不足", "insufficient heat dissipation of modules"),
            T("器件阈值电压漂移", "threshold voltage drift of devices"),
        ),
    ),
    FieldVocabulary(
        "integrated-circuits",
        T("集成电路设计与制造", "Integrated circuit design and manufacturing"),
        "electronics",
        "semiconductors",
        (
            T("模拟混合信号芯片设计", "analog mixed-signal chip design"),
            T("先进封装与晶圆级封装", "advanced and wafer-level packaging"),
            T("光刻胶材料", "photoresist materials"),
            T("芯片测试与良率分析", "chip testing and yield analysis"),
            T("存算一体芯片", "compute-in-memory chips"),
            T("RISC-V处理器", "RISC-V processors"),
            T("MEMS传感器工艺", "MEMS sensor fabrication"),
            T("电子设计自动化工具", "electronic design automation tools"),
        ),
        (
            T("物联网终端", "IoT terminals"),
            T("汽车电子控制单元", "automotive electronic control units"),
            T("工业控制芯片", "industrial control chips"),
            T("智能穿戴设备", "smart wearables"),
            T("数据中心加速卡", "data-centre accelerator cards"),
        ),
        (
            T("版图优化", "layout optimisation"),
            T("统计良率建模", "statistical yield modelling"),
            T("硅通孔互连", "through-silicon via interconnects"),
            T("形式化验证", "formal verification"),
        ),
        (
            T("芯片功耗过高", "excessive chip power consumption"),
            T("封装翘曲导致良率下降", "yield loss caused by package warpage"),
            T("关键IP依赖进口", "dependence on imported key IP"),
        ),
    ),
    FieldVocabulary(
        "advanced-metals",
        T("先进金属材料与成形", "Advanced metals and forming"),
        "materials",
        "metals",
        (
            T("金属柔性成形工艺", "flexible metal forming process"),
            T("高强铝合金", "high-strength aluminium alloys"),
            T("钛合金增材制造", "titanium alloy additive manufacturing"),
            T("高温合金精密铸造", "superalloy precision casting"),
            T("粉末冶金", "powder metallurgy"),
            T("金属表面改性", "metal surface modification"),
            T("激光焊接", "laser welding"),
            T("轻量化结构设计", "lightweight structural design"),
        ),
        (
            T("航空发动机叶片", "aero-engine blades"),
            T("汽车车身覆盖件", "automotive body panels"),
            T("船舶用厚板", "heavy plates for shipbuilding"),
            T("高铁转向架", "high-speed rail bogies"),
            T("医用植入物", "medical implants"),
        ),
        (
            T("有限元数值模拟", "finite-element simulation"),
            T("组织性能调控", "microstructure and property control"),
            T("热处理工艺优化", "heat-treatment optimisation"),
            T("疲劳寿命评估", "fatigue life assessment"),
        ),
        (
            T("成形回弹难以控制", "hard-to-control springback in forming"),
            T("焊接接头强度不足", "insufficient strength of welded joints"),
            T("铸件内部缩松", "internal shrinkage porosity in castings"),
        ),
    ),
    FieldVocabulary(
        "polymer-composites",
        T("高分子与复合材料", "Polymers and composite materials"),
        "materials",
        "chemicals",
        (
            T("碳纤维复合材料", "carbon-fibre composites"),
            T("生物基可降解塑料", "bio-based biodegradable plastics"),
            T("高性能工程塑料", "high-performance engineering plastics"),
            T("功能涂层", "functional coatings"),
            T("膜分离材料", "membrane separation materials"),
            T("石墨烯导热材料", "graphene thermal materials"),
            T("高分子阻燃改性", "flame-retardant polymer modification"),
            T("热塑性复合材料成型", "thermoplastic composite moulding"),
        ),
        (
            T("风电叶片", "wind-turbine blades"),
            T("动力电池壳体", "battery pack housings"),
            T("食品包装", "food packaging"),
            T("电子散热器件", "electronic thermal-management parts"),
            T("海水淡化装置", "seawater desalination units"),
        ),
        (
            T("分子结构设计", "molecular design"),
            T("界面改性", "interface modification"),
            T("流变学表征", "rheological characterisation"),
            T("老化性能测试", "ageing tests"),
        ),
        (
            T("材料耐候性差", "poor weather resistance of materials"),
            T("复合材料分层", "delamination of composites"),
            T("原料依赖进口且成本高", "costly imported raw materials"),
        ),
    ),
    FieldVocabulary(
        "biomedicine",
        T("生物医药", "Biomedicine"),
        "life",
        "pharma",
        (
            T("抗体药物开发", "antibody drug development"),
            T("mRNA疫苗递送", "mRNA vaccine delivery"),
            T("细胞与基因治疗", "cell and gene therapy"),
            T("小分子药物合成", "small-molecule drug synthesis"),
            T("高通量药物筛选", "high-throughput drug screening"),
            T("生物反应器工艺放大", "bioreactor process scale-up"),
            T("肿瘤早期诊断标志物", "biomarkers for early cancer diagnosis"),
            T("合成生物学菌株构建", "synthetic biology strain engineering"),
        ),
        (
            T("创新药研发管线", "innovative drug pipelines"),
            T("体外诊断试剂", "in-vitro diagnostic reagents"),
            T("生物制品生产线", "biologics production lines"),
            T("原料药", "active pharmaceutical ingredients"),
            T("精准医疗服务", "precision medicine services"),
        ),
        (
            T("单细胞测序", "single-cell sequencing"),
            T("蛋白质结构预测", "protein structure prediction"),
            T("连续流化学", "continuous-flow chemistry"),
            T("动物模型药效评价", "efficacy studies in animal models"),
        ),
        (
            T("表达量低导致成本高", "high cost from low expression yield"),
            T("工艺放大批间差异大", "batch-to-batch variation in scale-up"),
            T("杂质控制难以达标", "impurity levels failing specifications"),
        ),
    ),
    FieldVocabulary(
        "medical-devices",
        T("医疗器械", "Medical devices"),
        "life",
        "medtech",
        (
            T("医学影像重建算法", "medical image reconstruction algorithms"),
            T("手术机器人", "surgical robots"),
            T("可穿戴生理监测", "wearable physiological monitoring"),
            T("高端医用导管", "high-end medical catheters"),
            T("超声探头", "ultrasound transducers"),
            T("植入式电子器件", "implantable electronic devices"),
            T("体外诊断微流控芯片", "microfluidic diagnostic chips"),
            T("医用高分子材料", "medical-grade polymers"),
        ),
        (
            T("CT设备", "CT scanners"),
            T("心血管介入器械", "cardiovascular interventional devices"),
            T("康复辅具", "rehabilitation aids"),
            T("即时检测设备", "point-of-care testing devices"),
            T("眼科设备", "ophthalmic equipment"),
        ),
        (
            T("深度学习图像分割", "deep-learning image segmentation"),
            T("生物相容性评价", "biocompatibility assessment"),
            T("精密注塑", "precision injection moulding"),
            T("临床试验设计", "clinical trial design"),
        ),
        (
            T("成像剂量偏高", "excessive imaging dose"),
            T("核心部件依赖进口", "dependence on imported core components"),
            T("产品注册周期长", "long regulatory approval cycles"),
        ),
    ),
    FieldVocabulary(
        "intelligent-manufacturing",
        T("智能制造与机器人", "Intelligent manufacturing and robotics"),
        "manufacturing",
        "machinery",
        (
            T("工业机器人控制", "industrial robot control"),
            T("机器视觉检测", "machine-vision inspection"),
            T("数字孪生产线", "digital-twin production lines"),
            T("精密减速器", "precision reducers"),
            T("数控机床误差补偿", "CNC machine error compensation"),
            T("预测性维护", "predictive maintenance"),
            T("柔性装配系统", "flexible assembly systems"),
            T("工业互联网平台", "industrial internet platforms"),
        ),
        (
            T("汽车焊装线", "automotive welding lines"),
            T("3C电子装配", "consumer-electronics assembly"),
            T("仓储物流系统", "warehouse logistics systems"),
            T("纺织机械", "textile machinery"),
            T("工程机械", "construction machinery"),
        ),
        (
            T("强化学习", "reinforcement learning"),
            T("多传感器融合", "multi-sensor fusion"),
            T("振动信号分析", "vibration signal analysis"),
            T("运动学标定", "kinematic calibration"),
        ),
        (
            T("人工质检效率低", "slow manual quality inspection"),
            T("设备非计划停机频繁", "frequent unplanned equipment downtime"),
            T("定位精度不足", "insufficient positioning accuracy"),
        ),
    ),
    FieldVocabulary(
        "energy-storage",
        T("新能源与储能", "New energy and energy storage"),
        "energy",
        "energy",
        (
            T("固态锂电池", "solid-state lithium batteries"),
            T("钠离子电池", "sodium-ion batteries"),
            T("钙钛矿太阳能电池", "perovskite solar cells"),
            T("氢燃料电池电堆", "hydrogen fuel-cell stacks"),
            T("电池管理系统", "battery management systems"),
            T("液流电池储能", "flow-battery energy storage"),
            T("电池回收与梯次利用", "battery recycling and second-life use"),
            T("高镍正极材料", "high-nickel cathode materials"),
        ),
        (
            T("电网侧储能电站", "grid-scale storage stations"),
            T("电动汽车动力电池", "EV traction batteries"),
            T("分布式光伏", "distributed photovoltaics"),
            T("储能集装箱", "containerised storage systems"),
            T("氢能重卡", "hydrogen heavy trucks"),
        ),
        (
            T("电化学阻抗谱", "electrochemical impedance spectroscopy"),
            T("第一性原理计算", "first-principles calculation"),
            T("热失控仿真", "thermal-runaway simulation"),
            T("荷电状态估计", "state-of-charge estimation"),
        ),
        (
            T("电池循环寿命短", "short battery cycle life"),
            T("低温性能衰减", "performance loss at low temperature"),
            T("热失控安全风险", "thermal-runaway safety risk"),
        ),
    ),
    FieldVocabulary(
        "environment",
        T("节能环保", "Energy conservation and environmental protection"),
        "energy",
        "environment",
        (
            T("工业废水深度处理", "advanced industrial wastewater treatment"),
            T("挥发性有机物治理", "volatile organic compound abatement"),
            T("固废资源化利用", "solid-waste valorisation"),
            T("余热回收", "waste-heat recovery"),
            T("烟气脱硝催化剂", "flue-gas denitrification catalysts"),
            T("土壤修复", "soil remediation"),
            T("碳捕集与利用", "carbon capture and utilisation"),
            T("高效电机节能", "high-efficiency motor energy saving"),
        ),
        (
            T("化工园区", "chemical industrial parks"),
            T("印染企业", "textile dyeing plants"),
            T("燃煤电厂", "coal-fired power plants"),
            T("市政污水厂", "municipal wastewater plants"),
            T("钢铁烧结工序", "steel sintering"),
        ),
        (
            T("高级氧化", "advanced oxidation"),
            T("生命周期评价", "life-cycle assessment"),
            T("催化剂表征", "catalyst characterisation"),
            T("过程模拟", "process simulation"),
        ),
        (
            T("排放难以稳定达标", "unstable compliance with emission limits"),
            T("处理能耗过高", "high treatment energy consumption"),
            T("危废处置成本高", "costly hazardous-waste disposal"),
        ),
    ),
    FieldVocabulary(
        "information-tech",
        T("新一代信息技术", "Next-generation information technology"),
        "electronics",
        "software",
        (
            T("工业大数据分析", "industrial big-data analytics"),
            T("自然语言处理", "natural language processing"),
            T("边缘计算", "edge computing"),
            T("区块链溯源", "blockchain traceability"),
            T("知识图谱", "knowledge graphs"),
            T("网络安全态势感知", "cyber-security situational awareness"),
            T("时序数据库", "time-series databases"),
            T("计算机视觉", "computer vision"),
        ),
        (
            T("智慧工厂", "smart factories"),
            T("金融风控系统", "financial risk-control systems"),
            T("智慧城市平台", "smart-city platforms"),
            T("供应链管理", "supply-chain management"),
            T("电力调度系统", "power dispatch systems"),
        ),
        (
            T("图神经网络", "graph neural networks"),
            T("联邦学习", "federated learning"),
            T("预训练语言模型", "pre-trained language models"),
            T("流式计算", "stream processing"),
        ),
        (
            T("数据孤岛难以打通", "siloed data that cannot be integrated"),
            T("系统响应延迟高", "high system latency"),
            T("模型在现场泛化差", "poor model generalisation on site"),
        ),
    ),
    FieldVocabulary(
        "automotive",
        T("智能网联汽车", "Intelligent connected vehicles"),
        "manufacturing",
        "automotive",
        (
            T("自动驾驶感知", "autonomous-driving perception"),
            T("车载激光雷达", "automotive lidar"),
            T("线控底盘", "drive-by-wire chassis"),
            T("车路协同通信", "vehicle-to-infrastructure communication"),
            T("电驱动总成", "electric drive units"),
            T("汽车轻量化", "vehicle lightweighting"),
            T("热管理系统", "vehicle thermal management"),
            T("功能安全", "functional safety"),
        ),
        (
            T("乘用车", "passenger cars"),
            T("无人配送车", "autonomous delivery vehicles"),
            T("商用车队", "commercial vehicle fleets"),
            T("智能座舱", "smart cockpits"),
            T("新能源客车", "electric buses"),
        ),
        (
            T("传感器标定", "sensor calibration"),
            T("场景仿真测试", "scenario-based simulation testing"),
            T("模型预测控制", "model predictive control"),
            T("故障树分析", "fault-tree analysis"),
        ),
        (
            T("复杂天气感知失效", "perception failures in bad weather"),
            T("续航里程不足", "insufficient driving range"),
            T("电驱系统噪声大", "noisy electric drive systems"),
        ),
    ),
    FieldVocabulary(
        "photonics",
        T("光电子与激光", "Optoelectronics and lasers"),
        "electronics",
        "photonics",
        (
            T("超快激光加工", "ultrafast laser processing"),
            T("硅光集成芯片", "silicon photonic integrated circuits"),
            T("红外探测器", "infrared detectors"),
            T("光纤激光器", "fibre lasers"),
            T("Micro-LED显示", "Micro-LED displays"),
            T("精密光学元件", "precision optical components"),
            T("激光雷达光源", "lidar light sources"),
            T("光学镀膜", "optical thin-film coating"),
        ),
        (
            T("显示面板", "display panels"),
            T("光通信模块", "optical transceiver modules"),
            T("安防监控", "security surveillance"),
            T("精密加工装备", "precision machining equipment"),
            T("医疗激光设备", "medical laser systems"),
        ),
        (
            T("光学设计仿真", "optical design simulation"),
            T("外延材料生长", "epitaxial material growth"),
            T("光谱表征", "spectroscopic characterisation"),
            T("巨量转移", "mass transfer"),
        ),
        (
            T("器件发光效率低", "low luminous efficiency"),
            T("加工热影响区过大", "large heat-affected zone in machining"),
            T("耦合损耗偏高", "high coupling loss"),
        ),
    ),
    FieldVocabulary(
        "agri-food",
        T("农业与食品技术", "Agriculture and food technology"),
        "life",
        "food",
        (
            T("食品微生物快速检测", "rapid microbial detection in food"),
            T("功能性食品配料", "functional food ingredients"),
            T("农产品冷链保鲜", "cold-chain preservation of produce"),
            T("智能温室控制", "smart greenhouse control"),
            T("发酵工程", "fermentation engineering"),
            T("植物蛋白加工", "plant-protein processing"),
            T("农业无人机植保", "agricultural drone spraying"),
            T("水产养殖水质调控", "aquaculture water-quality control"),
        ),
        (
            T("乳制品", "dairy products"),
            T("预制菜", "prepared meals"),
            T("稻麦种植", "rice and wheat cultivation"),
            T("果蔬供应链", "fruit and vegetable supply chains"),
            T("饲料", "animal feed"),
        ),
        (
            T("代谢组学", "metabolomics"),
            T("近红外光谱", "near-infrared spectroscopy"),
            T("物联网监测", "IoT monitoring"),
            T("感官评价", "sensory evaluation"),
        ),
        (
            T("货架期短", "short shelf life"),
            T("检测周期长", "long testing turnaround"),
            T("农药使用量大", "heavy pesticide use"),
        ),
    ),
)

FIELD_PLATFORM = {
    "sic-power": "ic-center",
    "integrated-circuits": "ic-center",
    "advanced-metals": "materials-institute",
    "polymer-composites": "materials-institute",
    "biomedicine": "biomed-platform",
    "medical-devices": "biomed-platform",
    "intelligent-manufacturing": "manufacturing-platform",
    "energy-storage": "energy-platform",
    "environment": "energy-platform",
    "information-tech": None,
    "automotive": "manufacturing-platform",
    "photonics": None,
    "agri-food": None,
}

METRICS: tuple[Term, ...] = (
    T("良率", "yield"),
    T("效率", "efficiency"),
    T("可靠性", "reliability"),
    T("使用寿命", "service life"),
    T("生产成本", "production cost"),
    T("检测精度", "detection accuracy"),
)

# Common Chinese surnames and given-name syllables with their pinyin.
SURNAMES: tuple[Term, ...] = (
    T("王", "Wang"), T("李", "Li"), T("张", "Zhang"), T("刘", "Liu"), T("陈", "Chen"),
    T("杨", "Yang"), T("黄", "Huang"), T("赵", "Zhao"), T("吴", "Wu"), T("周", "Zhou"),
    T("徐", "Xu"), T("孙", "Sun"), T("马", "Ma"), T("朱", "Zhu"), T("胡", "Hu"),
    T("郭", "Guo"), T("何", "He"), T("林", "Lin"), T("高", "Gao"), T("罗", "Luo"),
    T("郑", "Zheng"), T("梁", "Liang"), T("谢", "Xie"), T("宋", "Song"), T("唐", "Tang"),
    T("许", "Xu"), T("韩", "Han"), T("冯", "Feng"), T("邓", "Deng"), T("曹", "Cao"),
    T("彭", "Peng"), T("曾", "Zeng"), T("肖", "Xiao"), T("田", "Tian"), T("董", "Dong"),
    T("潘", "Pan"), T("袁", "Yuan"), T("蒋", "Jiang"), T("蔡", "Cai"), T("余", "Yu"),
)
GIVEN: tuple[Term, ...] = (
    T("伟", "Wei"), T("芳", "Fang"), T("敏", "Min"), T("静", "Jing"), T("磊", "Lei"),
    T("强", "Qiang"), T("军", "Jun"), T("洋", "Yang"), T("勇", "Yong"), T("艳", "Yan"),
    T("杰", "Jie"), T("涛", "Tao"), T("明", "Ming"), T("超", "Chao"), T("霞", "Xia"),
    T("平", "Ping"), T("刚", "Gang"), T("辉", "Hui"), T("鹏", "Peng"), T("华", "Hua"),
    T("飞", "Fei"), T("宇", "Yu"), T("晨", "Chen"), T("昊", "Hao"), T("婷", "Ting"),
    T("凯", "Kai"), T("健", "Jian"), T("琳", "Lin"), T("博", "Bo"), T("欣", "Xin"),
    T("志", "Zhi"), T("国", "Guo"), T("建", "Jian"), T("立", "Li"), T("文", "Wen"),
    T("海", "Hai"), T("春", "Chun"), T("亮", "Liang"), T("嘉", "Jia"), T("睿", "Rui"),
)
BRAND_SYLLABLES: tuple[Term, ...] = (
    T("华", "Hua"), T("盛", "Sheng"), T("科", "Ke"), T("创", "Chuang"), T("瑞", "Rui"),
    T("恒", "Heng"), T("达", "Da"), T("信", "Xin"), T("中", "Zhong"), T("远", "Yuan"),
    T("天", "Tian"), T("嘉", "Jia"), T("宏", "Hong"), T("泰", "Tai"), T("海", "Hai"),
    T("博", "Bo"), T("鑫", "Xin"), T("联", "Lian"), T("通", "Tong"), T("润", "Run"),
    T("亿", "Yi"), T("晶", "Jing"), T("芯", "Xin"), T("澜", "Lan"), T("锐", "Rui"),
    T("驰", "Chi"), T("腾", "Teng"), T("光", "Guang"), T("启", "Qi"), T("东", "Dong"),
)
INDUSTRY_SUFFIX: dict[str, Term] = {
    "semiconductors": T("半导体", "Semiconductor"),
    "materials": T("新材料", "New Materials"),
    "pharma": T("生物医药", "Biopharma"),
    "medtech": T("医疗科技", "Medical Technology"),
    "machinery": T("智能装备", "Intelligent Equipment"),
    "energy": T("新能源", "New Energy"),
    "environment": T("环保科技", "Environmental Technology"),
    "software": T("信息技术", "Information Technology"),
    "automotive": T("汽车部件", "Auto Parts"),
    "metals": T("金属科技", "Metal Technology"),
    "chemicals": T("化工", "Chemical"),
    "photonics": T("光电", "Photonics"),
    "food": T("食品", "Foods"),
}

CITIES: tuple[tuple[str, Term], ...] = (
    ("nanjing", T("南京", "Nanjing")),
    ("suzhou", T("苏州", "Suzhou")),
    ("wuxi", T("无锡", "Wuxi")),
    ("changzhou", T("常州", "Changzhou")),
    ("nantong", T("南通", "Nantong")),
    ("xuzhou", T("徐州", "Xuzhou")),
    ("yangzhou", T("扬州", "Yangzhou")),
    ("zhenjiang", T("镇江", "Zhenjiang")),
    ("taizhou", T("泰州", "Taizhou")),
    ("yancheng", T("盐城", "Yancheng")),
    ("huaian", T("淮安", "Huai'an")),
    ("lianyungang", T("连云港", "Lianyungang")),
    ("suqian", T("宿迁", "Suqian")),
)

UNIVERSITIES: tuple[tuple[Term, str], ...] = (
    (T("南京大学", "Nanjing University"), "nanjing"),
    (T("东南大学", "Southeast University"), "nanjing"),
    (T("南京航空航天大学", "Nanjing University of Aeronautics and Astronautics"), "nanjing"),
    (T("南京理工大学", "Nanjing University of Science and Technology"), "nanjing"),
    (T("河海大学", "Hohai University"), "nanjing"),
    (T("南京工业大学", "Nanjing Tech University"), "nanjing"),
    (T("南京邮电大学", "Nanjing University of Posts and Telecommunications"), "nanjing"),
    (T("南京医科大学", "Nanjing Medical University"), "nanjing"),
    (T("中国药科大学", "China Pharmaceutical University"), "nanjing"),
    (T("南京信息工程大学", "Nanjing University of Information Science and Technology"), "nanjing"),
    (T("苏州大学", "Soochow University"), "suzhou"),
    (T("江南大学", "Jiangnan University"), "wuxi"),
    (T("中国矿业大学", "China University of Mining and Technology"), "xuzhou"),
    (T("江苏大学", "Jiangsu University"), "zhenjiang"),
    (T("扬州大学", "Yangzhou University"), "yangzhou"),
    (T("常州大学", "Changzhou University"), "changzhou"),
    (T("南通大学", "Nantong University"), "nantong"),
    (T("江苏科技大学", "Jiangsu University of Science and Technology"), "zhenjiang"),
)

#: Overseas partners: (name, parent, department, country, type, field code).
OVERSEAS: tuple[tuple[Term, str, str, str, str, str], ...] = (
    (T("哈佛医学院", "Harvard Medical School"), "Harvard University", "Medical School", "US", "university_department", "biomedicine"),
    (T("慕尼黑大学物理系", "University of Munich, Faculty of Physics"), "Ludwig-Maximilians-Universität München", "Faculty of Physics", "DE", "university_department", "photonics"),
    (T("萨斯喀彻温大学", "University of Saskatchewan"), "University of Saskatchewan", "College of Engineering", "CA", "university_department", "agri-food"),
    (T("帝国理工学院材料系", "Imperial College London, Department of Materials"), "Imperial College London", "Department of Materials", "GB", "university_department", "polymer-composites"),
    (T("剑桥大学工程系", "University of Cambridge, Department of Engineering"), "University of Cambridge", "Department of Engineering", "GB", "university_department", "intelligent-manufacturing"),
    (T("代尔夫特理工大学机械工程学院", "TU Delft, Faculty of Mechanical Engineering"), "Delft University of Technology", "Faculty of Mechanical Engineering", "NL", "university_department", "intelligent-manufacturing"),
    (T("亚琛工业大学材料系", "RWTH Aachen, Materials Engineering"), "RWTH Aachen University", "Faculty of Georesources and Materials Engineering", "DE", "university_department", "advanced-metals"),
    (T("多伦多大学电气与计算机工程系", "University of Toronto, Electrical and Computer Engineering"), "University of Toronto", "Department of Electrical and Computer Engineering", "CA", "university_department", "integrated-circuits"),
    (T("新加坡国立大学化学与生物分子工程系", "NUS, Chemical and Biomolecular Engineering"), "National University of Singapore", "Department of Chemical and Biomolecular Engineering", "SG", "university_department", "environment"),
    (T("东北大学（日本）金属材料研究所", "Tohoku University, Institute for Materials Research"), "Tohoku University", "Institute for Materials Research", "JP", "research_organisation", "advanced-metals"),
    (T("韩国科学技术院电气工程学院", "KAIST School of Electrical Engineering"), "KAIST", "School of Electrical Engineering", "KR", "university_department", "sic-power"),
    (T("曼彻斯特大学国家石墨烯研究院", "University of Manchester, National Graphene Institute"), "University of Manchester", "National Graphene Institute", "GB", "research_organisation", "polymer-composites"),
    (T("莫纳什大学化学工程系", "Monash University, Chemical and Biological Engineering"), "Monash University", "Department of Chemical and Biological Engineering", "AU", "university_department", "energy-storage"),
    (T("以色列理工学院生物医学工程系", "Technion, Biomedical Engineering"), "Technion – Israel Institute of Technology", "Faculty of Biomedical Engineering", "IL", "university_department", "medical-devices"),
    (T("瑞典皇家理工学院能源技术系", "KTH, Department of Energy Technology"), "KTH Royal Institute of Technology", "Department of Energy Technology", "SE", "university_department", "energy-storage"),
    (T("苏黎世联邦理工学院机器人系统实验室", "ETH Zurich, Robotic Systems Lab"), "ETH Zurich", "Robotic Systems Lab", "CH", "research_organisation", "intelligent-manufacturing"),
    (T("悉尼大学光子学研究所", "University of Sydney, Institute of Photonics"), "University of Sydney", "Institute of Photonics and Optical Science", "AU", "research_organisation", "photonics"),
    (T("弗莱堡大学微系统工程系", "University of Freiburg, Microsystems Engineering"), "University of Freiburg", "Department of Microsystems Engineering", "DE", "university_department", "integrated-circuits"),
    (T("密歇根大学交通研究所", "University of Michigan Transportation Research Institute"), "University of Michigan", "Transportation Research Institute", "US", "research_organisation", "automotive"),
    (T("鲁汶大学微电子研究中心合作实验室", "KU Leuven, Electrical Engineering (ESAT)"), "KU Leuven", "Department of Electrical Engineering", "BE", "university_department", "integrated-circuits"),
    (T("瓦赫宁根大学食品科学系", "Wageningen University, Food Sciences"), "Wageningen University & Research", "Department of Food Sciences", "NL", "university_department", "agri-food"),
    (T("丹麦技术大学环境工程系", "DTU Environmental Engineering"), "Technical University of Denmark", "Department of Environmental and Resource Engineering", "DK", "university_department", "environment"),
    (T("卡尔斯鲁厄理工学院应用材料研究所", "KIT Institute for Applied Materials"), "Karlsruhe Institute of Technology", "Institute for Applied Materials", "DE", "research_organisation", "energy-storage"),
    (T("伦敦大学学院生物化学工程系", "UCL Biochemical Engineering"), "University College London", "Department of Biochemical Engineering", "GB", "university_department", "biomedicine"),
    (T("佐治亚理工学院材料学院", "Georgia Tech, School of Materials Science and Engineering"), "Georgia Institute of Technology", "School of Materials Science and Engineering", "US", "university_department", "polymer-composites"),
    (T("东京大学精密工学系", "University of Tokyo, Precision Engineering"), "University of Tokyo", "Department of Precision Engineering", "JP", "university_department", "intelligent-manufacturing"),
    (T("洛桑联邦理工学院光伏实验室", "EPFL Photovoltaics Laboratory"), "EPFL", "Photovoltaics and Thin-Film Electronics Laboratory", "CH", "research_organisation", "energy-storage"),
    (T("阿尔托大学电子工程系", "Aalto University, Electronics and Nanoengineering"), "Aalto University", "Department of Electronics and Nanoengineering", "FI", "university_department", "photonics"),
    (T("谢菲尔德大学先进制造研究中心", "University of Sheffield AMRC"), "University of Sheffield", "Advanced Manufacturing Research Centre", "GB", "research_organisation", "advanced-metals"),
    (T("西澳大学医学院", "University of Western Australia Medical School"), "University of Western Australia", "Medical School", "AU", "university_department", "medical-devices"),
    (T("普渡大学电气与计算机工程学院", "Purdue University, Electrical and Computer Engineering"), "Purdue University", "Elmore Family School of Electrical and Computer Engineering", "US", "university_department", "sic-power"),
    (T("格拉斯哥大学工程学院", "University of Glasgow, James Watt School of Engineering"), "University of Glasgow", "James Watt School of Engineering", "GB", "university_department", "automotive"),
    (T("奥克兰大学生物工程研究所", "University of Auckland Bioengineering Institute"), "University of Auckland", "Auckland Bioengineering Institute", "NZ", "research_organisation", "medical-devices"),
    (T("汉阳大学能源工程系", "Hanyang University, Energy Engineering"), "Hanyang University", "Department of Energy Engineering", "KR", "university_department", "energy-storage"),
    (T("滑铁卢大学计算机学院", "University of Waterloo, Cheriton School of Computer Science"), "University of Waterloo", "Cheriton School of Computer Science", "CA", "university_department", "information-tech"),
    (T("爱丁堡大学信息学院", "University of Edinburgh, School of Informatics"), "University of Edinburgh", "School of Informatics", "GB", "university_department", "information-tech"),
)

OVERSEAS_GIVEN = (
    "James", "Anna", "Thomas", "Maria", "Michael", "Sarah", "David", "Laura", "Peter",
    "Julia", "Daniel", "Emma", "Martin", "Sophie", "Andreas", "Hannah", "Kenji", "Yuki",
    "Min-jun", "Ji-woo", "Lars", "Ingrid", "Pierre", "Claire", "Rafael", "Elena",
)
OVERSEAS_FAMILY = (
    "Smith", "Müller", "Johnson", "Schmidt", "Brown", "Fischer", "Wilson", "Weber",
    "Taylor", "Meyer", "Anderson", "Wagner", "Thompson", "Becker", "Tanaka", "Suzuki",
    "Kim", "Park", "Larsen", "Nilsson", "Dubois", "Martin", "Rossi", "Jansen", "Clarke",
)

JOURNALS_ZH = ("材料导报", "机械工程学报", "电子学报", "中国科学：技术科学", "化工学报", "中国激光", "药学学报", "自动化学报", "电工技术学报", "食品科学")
JOURNALS_EN = (
    "Advanced Materials", "IEEE Transactions on Power Electronics", "Acta Materialia",
    "Nature Communications", "Journal of Power Sources", "IEEE Transactions on Industrial Electronics",
    "Biomaterials", "Chemical Engineering Journal", "Optics Express", "IEEE Transactions on Electron Devices",
    "Journal of Materials Processing Technology", "Food Chemistry", "Medical Image Analysis",
)
