"""Demo data for ``flask seed-demo``: Directive 11-CT/TU of Tỉnh ủy Kiên Giang and its chain.

The data follow Directive 11-CT/TU (01-8-2019) on managing union and association members
and strengthening the grassroots chapters in residential areas: the documents it cites,
the 26 units it assigns, demo accounts and a few implementation plans in different
workflow states.

Facts carry over from the sources: symbols, dates, issuers, subjects and the list of
assigned units. Document bodies are written for the demo in our own words and are not
the official text; each ends with ``DEMO_NOTE`` saying so. People, plans, reports,
comments and figures are fictional.

``valid_from`` marks the start of the history the demo needs, not a founding date: the
central bodies, the Tỉnh ủy, its Standing Committee and Ban Dân vận, which appear in the
2009-2013 documents, start at ``HISTORY_START``; every other unit at ``DEMO_VALID_FROM``.

Terms (khóa): Tỉnh ủy Kiên Giang khóa VIII 2005-2010, khóa IX 2010-2015, khóa X 2015-2020;
the provincial IX congress met in the second half of 2010, so 56-CTr/TU (12-7-2010) is
counted in khóa VIII. Central Committee khóa X 2006-2011, khóa XI 2011-2016.
"""

from datetime import date

HISTORY_START = date(2005, 1, 1)
DEMO_VALID_FROM = date(2015, 10, 1)

DEMO_NOTE = (
    "_Dữ liệu mẫu: nội dung được viết lại để minh họa cho cổng thông tin, "
    "không phải nguyên văn văn bản gốc._"
)

# Parents come before their children.
UNITS: list[dict] = [
    # Central bodies: issuers of the cited resolution and conclusion.
    {
        "code": "bchtw",
        "name": "Ban Chấp hành Trung ương",
        "short_name": "BCH Trung ương",
        "kind": "central",
        "level": "central",
        "parent": None,
        "assigned": False,
        "valid_from": HISTORY_START,
    },
    {
        "code": "bochinhtri",
        "name": "Bộ Chính trị",
        "short_name": "Bộ Chính trị",
        "kind": "central",
        "level": "central",
        "parent": None,
        "assigned": False,
        "valid_from": HISTORY_START,
    },
    # The provincial committee (root) and its organs.
    {
        "code": "tinhuy-kiengiang",
        "name": "Tỉnh ủy Kiên Giang",
        "short_name": "Tỉnh ủy Kiên Giang",
        "kind": "provincial_committee",
        "level": "province",
        "parent": None,
        "assigned": False,
        "valid_from": HISTORY_START,
    },
    {
        "code": "banthuongvu",
        "name": "Ban Thường vụ Tỉnh ủy",
        "short_name": "BTV Tỉnh ủy",
        "kind": "standing_committee",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": False,
        "valid_from": HISTORY_START,
    },
    {
        "code": "bandanvan",
        "name": "Ban Dân vận Tỉnh ủy",
        "short_name": "BDV Tỉnh ủy",
        "kind": "commission",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": False,
        "valid_from": HISTORY_START,
    },
    {
        "code": "bcsd-ubnd",
        "name": "Ban cán sự đảng Ủy ban nhân dân tỉnh",
        "short_name": "BCSĐ UBND tỉnh",
        "kind": "party_delegation",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": False,
        "valid_from": DEMO_VALID_FROM,
    },
    # District-level Party committees (15), assigned by 11-CT/TU.
    {
        "code": "thanhuy-rachgia",
        "name": "Thành ủy Rạch Giá",
        "short_name": "TU Rạch Giá",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "thanhuy-hatien",
        "name": "Thành ủy Hà Tiên",
        "short_name": "TU Hà Tiên",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-phuquoc",
        "name": "Huyện ủy Phú Quốc",
        "short_name": "HU Phú Quốc",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-kienluong",
        "name": "Huyện ủy Kiên Lương",
        "short_name": "HU Kiên Lương",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-giangthanh",
        "name": "Huyện ủy Giang Thành",
        "short_name": "HU Giang Thành",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-hondat",
        "name": "Huyện ủy Hòn Đất",
        "short_name": "HU Hòn Đất",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-tanhiep",
        "name": "Huyện ủy Tân Hiệp",
        "short_name": "HU Tân Hiệp",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-chauthanh",
        "name": "Huyện ủy Châu Thành",
        "short_name": "HU Châu Thành",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-giongrieng",
        "name": "Huyện ủy Giồng Riềng",
        "short_name": "HU Giồng Riềng",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-goquao",
        "name": "Huyện ủy Gò Quao",
        "short_name": "HU Gò Quao",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-anbien",
        "name": "Huyện ủy An Biên",
        "short_name": "HU An Biên",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-anminh",
        "name": "Huyện ủy An Minh",
        "short_name": "HU An Minh",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-vinhthuan",
        "name": "Huyện ủy Vĩnh Thuận",
        "short_name": "HU Vĩnh Thuận",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-uminhthuong",
        "name": "Huyện ủy U Minh Thượng",
        "short_name": "HU U Minh Thượng",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "huyenuy-kienhai",
        "name": "Huyện ủy Kiên Hải",
        "short_name": "HU Kiên Hải",
        "kind": "district_committee",
        "level": "district",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    # Party committees directly subordinate to the Tỉnh ủy (5), assigned.
    {
        "code": "danguy-khoicoquan",
        "name": "Đảng ủy Khối Cơ quan tỉnh",
        "short_name": "ĐU Khối Cơ quan",
        "kind": "subordinate_committee",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "danguy-khoidoanhnghiep",
        "name": "Đảng ủy Khối Doanh nghiệp tỉnh",
        "short_name": "ĐU Khối Doanh nghiệp",
        "kind": "subordinate_committee",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "danguy-quansu",
        "name": "Đảng ủy Quân sự tỉnh",
        "short_name": "ĐU Quân sự",
        "kind": "subordinate_committee",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "danguy-congan",
        "name": "Đảng ủy Công an tỉnh",
        "short_name": "ĐU Công an",
        "kind": "subordinate_committee",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "danguy-bienphong",
        "name": "Đảng ủy Bộ đội Biên phòng tỉnh",
        "short_name": "ĐU Biên phòng",
        "kind": "subordinate_committee",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    # Provincial socio-political organisations (6), assigned.
    {
        "code": "mttq",
        "name": "Ủy ban MTTQ Việt Nam tỉnh",
        "short_name": "MTTQ tỉnh",
        "kind": "sociopolitical_org",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "tinhdoan",
        "name": "Tỉnh Đoàn",
        "short_name": "Tỉnh Đoàn",
        "kind": "sociopolitical_org",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "hoiphunu",
        "name": "Hội Liên hiệp Phụ nữ tỉnh",
        "short_name": "Hội LHPN tỉnh",
        "kind": "sociopolitical_org",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "hoinongdan",
        "name": "Hội Nông dân tỉnh",
        "short_name": "Hội Nông dân tỉnh",
        "kind": "sociopolitical_org",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "hoicuuchienbinh",
        "name": "Hội Cựu chiến binh tỉnh",
        "short_name": "Hội CCB tỉnh",
        "kind": "sociopolitical_org",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
    {
        "code": "liendoanlaodong",
        "name": "Liên đoàn Lao động tỉnh",
        "short_name": "LĐLĐ tỉnh",
        "kind": "sociopolitical_org",
        "level": "province",
        "parent": "tinhuy-kiengiang",
        "assigned": True,
        "valid_from": DEMO_VALID_FROM,
    },
]

_BODY_11_CT_TU = (
    "Nhằm làm cho công tác quản lý đoàn viên, hội viên đi vào nền nếp và để các chi đoàn, chi "
    "hội, tổ hội ở khu dân cư hoạt động thực chất, gần dân hơn, Ban Thường vụ Tỉnh ủy đề nghị "
    "các cấp ủy đảng, chính quyền và các đoàn thể chính trị - xã hội tập trung lãnh đạo, chỉ đạo "
    "thực hiện những việc sau.\n\n"
    "1. **Tiếp tục thực hiện các văn bản đã ban hành về công tác dân vận.** Các cấp ủy, tổ chức "
    "đảng quán triệt lại và thực hiện nghiêm Chương trình hành động số 40-CTr/TU, ngày 27-8-2013 "
    "của Tỉnh ủy thực hiện Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành Trung ương "
    "khóa XI về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình "
    "hình mới. Song song đó, tiếp tục thực hiện Chương trình số 56-CTr/TU, ngày 12-7-2010 của "
    "Ban Thường vụ Tỉnh ủy thực hiện Kết luận số 62-KL/TW, ngày 08-12-2009 của Bộ Chính trị về "
    "tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn "
    "thể chính trị - xã hội. Các nội dung này cần được đưa vào chương trình công tác hằng năm "
    "của từng cấp ủy và được kiểm tra, đánh giá bằng kết quả cụ thể.\n\n"
    "2. **Rà soát và quản lý chặt chẽ đoàn viên, hội viên.** Mặt trận Tổ quốc và các đoàn thể "
    "chính trị - xã hội các cấp định kỳ đối chiếu danh sách đoàn viên, hội viên của từng chi "
    "đoàn, chi hội, tổ hội; nắm vững những người thuộc đối tượng tập hợp theo điều lệ của tổ "
    "chức mình; cập nhật kịp thời các trường hợp chuyển đến, chuyển đi hoặc không còn sinh hoạt "
    "để số liệu luôn phản ánh đúng thực tế. Việc tăng số lượng phải đi đôi với nâng chất lượng "
    "đoàn viên, hội viên; kiên quyết chấn chỉnh tình trạng kết nạp cho đủ chỉ tiêu mà không sinh "
    "hoạt. Đồng thời làm tốt việc tuyên truyền, vận động, làm mới nội dung và hình thức sinh "
    "hoạt để người dân thấy rõ lợi ích và tự nguyện tham gia tổ chức ngay tại nơi mình sinh sống."
    "\n\n"
    "3. **Tạo điều kiện để các đoàn thể hoạt động.** Ban cán sự đảng Ủy ban nhân dân tỉnh có "
    "trách nhiệm lãnh đạo để Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và chính quyền các "
    "cấp hỗ trợ các đoàn thể về cơ chế, điều kiện làm việc. Nghiên cứu để các đoàn thể được chủ "
    "trì hoặc cùng đảm nhận một số chương trình, dự án phát triển kinh tế - xã hội phù hợp với "
    "chức năng, nhiệm vụ của từng tổ chức; thông qua đó vừa phát huy vai trò của đoàn thể, vừa "
    "giúp chi đoàn, chi hội, tổ hội có thêm nội dung hoạt động thiết thực.\n\n"
    "4. **Xây dựng kế hoạch thực hiện và sơ kết.** Các huyện ủy, thành ủy, đảng ủy trực thuộc "
    "Tỉnh ủy và các đoàn thể chính trị - xã hội cấp tỉnh căn cứ Chỉ thị này xây dựng kế hoạch "
    "thực hiện cụ thể, phù hợp với đặc điểm của địa phương, đơn vị mình, nêu rõ việc cần làm, "
    "thời gian hoàn thành và nơi chịu trách nhiệm. Cuối năm 2019, cấp tỉnh, cấp huyện và cấp xã "
    "tổ chức sơ kết, nhìn lại kết quả quản lý đoàn viên, hội viên và chất lượng sinh hoạt ở khu "
    "dân cư sau một thời gian thực hiện; xác định nhiệm vụ năm 2020 gắn với việc thực hiện các "
    "chỉ tiêu nghị quyết đại hội đảng bộ mỗi cấp.\n\n"
    "5. **Theo dõi, kiểm tra việc thực hiện.** Ban Dân vận Tỉnh ủy làm đầu mối, cùng các ban "
    "đảng của Tỉnh ủy, Mặt trận Tổ quốc, các đoàn thể và các ngành có trách nhiệm theo dõi, đôn "
    "đốc, kiểm tra, giám sát việc thực hiện Chỉ thị ở các cấp; hằng năm tổng hợp kết quả, báo "
    "cáo Ban Thường vụ Tỉnh ủy và đề xuất những vấn đề cần tiếp tục chỉ đạo.\n\n" + DEMO_NOTE
)

_BODY_40_CTR_TU = (
    "Thực hiện Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành Trung ương khóa XI về "
    "tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới, "
    "Tỉnh ủy đề ra Chương trình hành động như sau.\n\n"
    "## I. Mục đích, yêu cầu\n\n"
    "Giúp cán bộ, đảng viên và cả hệ thống chính trị trong tỉnh nhận thức đầy đủ rằng công tác "
    "dân vận là trách nhiệm chung, không riêng của cơ quan dân vận; cụ thể hóa nghị quyết thành "
    "việc làm phù hợp với điều kiện của Kiên Giang.\n\n"
    "## II. Nhiệm vụ và giải pháp\n\n"
    "1. Cấp ủy các cấp đưa công tác dân vận vào nghị quyết, chương trình công tác thường kỳ; "
    "người đứng đầu trực tiếp đối thoại, lắng nghe ý kiến của nhân dân.\n"
    "2. Chính quyền các cấp thực hiện tốt quy chế dân chủ ở cơ sở, công khai chủ trương, chính "
    "sách liên quan trực tiếp đến đời sống người dân.\n"
    "3. Mặt trận Tổ quốc và các đoàn thể đổi mới nội dung, phương thức hoạt động theo hướng về "
    "cơ sở, tập hợp đông đảo đoàn viên, hội viên.\n"
    '4. Đẩy mạnh phong trào thi đua "Dân vận khéo", nhân rộng cách làm hay ở khu dân cư.\n'
    "5. Chăm lo đào tạo, bồi dưỡng đội ngũ cán bộ làm công tác dân vận.\n\n"
    "## III. Tổ chức thực hiện\n\n"
    "Các huyện ủy, thành ủy, đảng ủy trực thuộc xây dựng kế hoạch thực hiện. Ban Dân vận Tỉnh ủy "
    "giúp Tỉnh ủy hướng dẫn, theo dõi, định kỳ báo cáo kết quả.\n\n" + DEMO_NOTE
)

_BODY_25_NQ_TW = (
    "Nghị quyết được ban hành tại Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XI nhằm "
    "tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới.\n\n"
    "## I. Quan điểm\n\n"
    "Cách mạng là sự nghiệp của nhân dân; công tác dân vận là nhiệm vụ có ý nghĩa chiến lược, là "
    "trách nhiệm của cả hệ thống chính trị, trong đó tổ chức đảng lãnh đạo, chính quyền tổ chức "
    "thực hiện, Mặt trận Tổ quốc và các đoàn thể làm nòng cốt. Mọi chủ trương, chính sách phải "
    "xuất phát từ lợi ích chính đáng của nhân dân.\n\n"
    "## II. Nhiệm vụ và giải pháp chủ yếu\n\n"
    "1. Nâng cao nhận thức của cấp ủy, chính quyền, cán bộ, đảng viên về vai trò của công tác "
    "dân vận.\n"
    "2. Cán bộ, đảng viên gương mẫu, gần dân, trọng dân, có trách nhiệm với dân.\n"
    "3. Chính quyền các cấp làm tốt công tác dân vận, giải quyết kịp thời những kiến nghị chính "
    "đáng của người dân.\n"
    "4. Mặt trận Tổ quốc và các đoàn thể đổi mới nội dung, phương thức hoạt động, hướng mạnh về "
    "cơ sở, khắc phục tình trạng hành chính hóa.\n"
    "5. Củng cố bộ máy và đội ngũ cán bộ làm công tác dân vận.\n\n"
    "## III. Tổ chức thực hiện\n\n"
    "Các tỉnh ủy, thành ủy, đảng đoàn, ban cán sự đảng xây dựng chương trình hành động thực hiện "
    "Nghị quyết; Ban Dân vận Trung ương chủ trì theo dõi, hướng dẫn và kiểm tra.\n\n" + DEMO_NOTE
)

_BODY_56_CTR_TU = (
    "Thực hiện Kết luận số 62-KL/TW, ngày 08-12-2009 của Bộ Chính trị về tiếp tục đổi mới nội "
    "dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam và các đoàn thể chính trị - xã "
    "hội, Ban Thường vụ Tỉnh ủy ban hành Chương trình chỉ đạo như sau.\n\n"
    "## I. Yêu cầu\n\n"
    "Cấp ủy các cấp nắm vững tinh thần của Kết luận, xác định việc đổi mới hoạt động của Mặt "
    "trận và các đoàn thể là nhiệm vụ thường xuyên, phải làm kiên trì, có trọng tâm và gắn với "
    "đặc điểm của từng địa bàn.\n\n"
    "## II. Nội dung chỉ đạo\n\n"
    "1. Mặt trận và các đoàn thể hướng hoạt động về khu dân cư, lấy chi hội, tổ hội, chi đoàn "
    "làm nơi trực tiếp tập hợp, vận động quần chúng.\n"
    "2. Giảm bớt hội họp, giấy tờ; khắc phục cách làm hành chính hóa, chú trọng hiệu quả thực tế "
    "của từng phong trào.\n"
    "3. Thực hiện tốt vai trò giám sát và phản biện xã hội, tham gia xây dựng Đảng, chính quyền "
    "trong sạch, vững mạnh.\n"
    "4. Chính quyền các cấp tạo điều kiện về kinh phí, cơ sở vật chất cho hoạt động của đoàn thể "
    "ở cơ sở.\n"
    "5. Quan tâm quy hoạch, đào tạo, bố trí cán bộ Mặt trận, đoàn thể có năng lực, uy tín.\n\n"
    "## III. Tổ chức thực hiện\n\n"
    "Các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc cụ thể hóa Chương trình; Ban Dân vận "
    "Tỉnh ủy theo dõi, hướng dẫn, tổng hợp tình hình báo cáo Ban Thường vụ Tỉnh ủy.\n\n" + DEMO_NOTE
)

_BODY_62_KL_TW = (
    "Sau khi nghe báo cáo kết quả thực hiện các chủ trương về Mặt trận Tổ quốc và các đoàn thể "
    "chính trị - xã hội, Bộ Chính trị kết luận về tiếp tục đổi mới nội dung, phương thức hoạt "
    "động của các tổ chức này.\n\n"
    "## I. Đánh giá chung\n\n"
    "Mặt trận và các đoàn thể đã có nhiều đóng góp trong việc tập hợp, đoàn kết nhân dân và tham "
    "gia xây dựng Đảng, chính quyền. Tuy vậy, nội dung hoạt động ở nhiều nơi còn dàn trải, "
    "phương thức chậm đổi mới, còn biểu hiện hành chính hóa, chưa sát với đoàn viên, hội viên ở "
    "cơ sở.\n\n"
    "## II. Nhiệm vụ, giải pháp\n\n"
    "1. Đổi mới nội dung hoạt động theo hướng thiết thực, chăm lo lợi ích chính đáng của đoàn "
    "viên, hội viên.\n"
    "2. Đổi mới phương thức, hướng mạnh về cơ sở và khu dân cư; làm tốt công tác phát triển và "
    "quản lý đoàn viên, hội viên.\n"
    "3. Phát huy vai trò giám sát, phản biện xã hội của Mặt trận và các đoàn thể.\n"
    "4. Kiện toàn tổ chức bộ máy; nâng cao chất lượng đội ngũ cán bộ, nhất là ở cơ sở.\n"
    "5. Tăng cường sự lãnh đạo của cấp ủy; chính quyền tạo điều kiện để các tổ chức hoạt động.\n\n"
    "## III. Tổ chức thực hiện\n\n"
    "Các cấp ủy, tổ chức đảng quán triệt và cụ thể hóa Kết luận; Ban Dân vận Trung ương theo "
    "dõi, kiểm tra và định kỳ báo cáo Bộ Chính trị.\n\n" + DEMO_NOTE
)

# Oldest first, so that every cited document exists before a document citing it.
DOCUMENTS: list[dict] = [
    {
        "external_id": "demo-62-KL-TW",
        "type_code": "KL",
        "number": 62,
        "symbol": "62-KL/TW",
        "issuer": "bochinhtri",
        "term": "khóa X",
        "issued_on": date(2009, 12, 8),
        "place": "Hà Nội",
        "title": (
            "Về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt Nam "
            "và các đoàn thể chính trị - xã hội"
        ),
        "body": _BODY_62_KL_TW,
    },
    {
        "external_id": "demo-56-CTr-TU",
        "type_code": "CTr",
        "number": 56,
        "symbol": "56-CTr/TU",
        "issuer": "banthuongvu",
        "term": "khóa VIII",
        "issued_on": date(2010, 7, 12),
        "place": "Rạch Giá",
        "title": (
            "Chương trình chỉ đạo thực hiện Kết luận số 62-KL/TW, ngày 08-12-2009 của Bộ Chính "
            "trị về tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận Tổ quốc Việt "
            "Nam và các đoàn thể chính trị - xã hội"
        ),
        "body": _BODY_56_CTR_TU,
    },
    {
        "external_id": "demo-25-NQ-TW",
        "type_code": "NQ",
        "number": 25,
        "symbol": "25-NQ/TW",
        "issuer": "bchtw",
        "term": "khóa XI",
        "issued_on": date(2013, 6, 3),
        "place": "Hà Nội",
        "title": (
            "Về tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình "
            "hình mới"
        ),
        "body": _BODY_25_NQ_TW,
    },
    {
        "external_id": "demo-40-CTr-TU",
        "type_code": "CTr",
        "number": 40,
        "symbol": "40-CTr/TU",
        "issuer": "tinhuy-kiengiang",
        "term": "khóa IX",
        "issued_on": date(2013, 8, 27),
        "place": "Rạch Giá",
        "title": (
            "Chương trình hành động thực hiện Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban "
            "Chấp hành Trung ương khóa XI về tăng cường và đổi mới sự lãnh đạo của Đảng đối với "
            "công tác dân vận trong tình hình mới"
        ),
        "body": _BODY_40_CTR_TU,
    },
    {
        "external_id": "demo-11-CT-TU",
        "type_code": "CT",
        "number": 11,
        "symbol": "11-CT/TU",
        "issuer": "tinhuy-kiengiang",
        "term": "khóa X",
        "issued_on": date(2019, 8, 1),
        "place": "Rạch Giá",
        "title": (
            "Về tăng cường công tác quản lý đoàn viên, hội viên; củng cố, nâng cao chất lượng "
            "hoạt động của các chi đoàn, chi hội, tổ hội ở địa bàn dân cư"
        ),
        "body": _BODY_11_CT_TU,
    },
]

DEMO_PASSWORD = "demo-11-CT-TU"

USERS: list[dict] = [
    {
        "username": "admin",
        "full_name": "Trần Minh Quân",
        "unit": "tinhuy-kiengiang",
        "roles": ["admin"],
    },
    {
        "username": "bandanvan",
        "full_name": "Lê Thị Thu Hà",
        "unit": "bandanvan",
        "roles": ["reviewer"],
    },
    {
        "username": "thanhuy.rachgia",
        "full_name": "Nguyễn Hoàng Phúc",
        "unit": "thanhuy-rachgia",
        "roles": ["drafter"],
    },
    {
        "username": "truongban.rachgia",
        "full_name": "Phạm Văn Tâm",
        "unit": "thanhuy-rachgia",
        "roles": ["unit_head"],
    },
    {
        "username": "huyenuy.phuquoc",
        "full_name": "Võ Thị Ngọc Trâm",
        "unit": "huyenuy-phuquoc",
        "roles": ["drafter"],
    },
    {
        "username": "tinhdoan",
        "full_name": "Huỳnh Quốc Bảo",
        "unit": "tinhdoan",
        "roles": ["drafter"],
    },
    {
        "username": "hoinongdan",
        "full_name": "Đặng Văn Lợi",
        "unit": "hoinongdan",
        "roles": ["drafter"],
    },
    {
        "username": "phunu.tinh",
        "full_name": "Dương Thị Kim Loan",
        "unit": "hoiphunu",
        "roles": ["drafter"],
    },
    {
        "username": "docgia",
        "full_name": "Bùi Thanh Sơn",
        "unit": "tinhuy-kiengiang",
        "roles": ["reader"],
    },
]

# Every assigned unit gets this assignment. The due date is the demo's choice: the
# directive itself sets no deadline for the plans.
ASSIGNMENT: dict = {
    "document": "demo-11-CT-TU",
    "deliverable": "Kế hoạch thực hiện",
    "due_on": date(2019, 9, 30),
}

# Thành ủy Rạch Giá deliberately has no plan: the first demo journey drafts it.
# Each path is replayed from "drafted" as (trigger, actor username, comment).
PLANS: list[dict] = [
    {
        "unit": "huyenuy-phuquoc",
        "title": (
            "Kế hoạch thực hiện Chỉ thị số 11-CT/TU của Tỉnh ủy về quản lý đoàn viên, hội viên ở "
            "địa bàn dân cư"
        ),
        "body": (
            "Thực hiện Chỉ thị số 11-CT/TU, ngày 01-8-2019 của Tỉnh ủy, Ban Thường vụ Huyện ủy "
            "Phú Quốc xây dựng kế hoạch như sau.\n\n"
            "## Nội dung\n\n"
            "1. Tháng 9-2019: tổ chức quán triệt Chỉ thị đến chi bộ ấp, khu phố và ban chấp hành "
            "các đoàn thể xã, thị trấn.\n"
            "2. Tháng 10 và 11-2019: các đoàn thể rà soát danh sách đoàn viên, hội viên ở từng "
            "ấp, khu phố; chú ý lao động thời vụ trong ngành du lịch và ngư dân thường xuyên đi "
            "biển dài ngày, bố trí hình thức sinh hoạt phù hợp.\n"
            "3. Chọn mỗi xã một chi hội hoặc chi đoàn làm điểm về đổi mới nội dung sinh hoạt.\n"
            "4. Tháng 12-2019: sơ kết ở cấp xã và cấp huyện, đề ra nhiệm vụ năm 2020.\n\n"
            "## Phân công\n\n"
            "Ban Dân vận Huyện ủy chủ trì theo dõi, đôn đốc; Ủy ban nhân dân huyện hỗ trợ kinh "
            "phí và địa điểm sinh hoạt cho các chi hội, tổ hội."
        ),
        "path": [],
        "report_text": None,
    },
    {
        "unit": "tinhdoan",
        "title": "Kế hoạch của Ban Thường vụ Tỉnh Đoàn thực hiện Chỉ thị số 11-CT/TU của Tỉnh ủy",
        "body": (
            "Căn cứ Chỉ thị số 11-CT/TU, ngày 01-8-2019 của Tỉnh ủy, Ban Thường vụ Tỉnh Đoàn "
            "triển khai thực hiện trong toàn tỉnh như sau.\n\n"
            "## Mục tiêu\n\n"
            "Nắm chắc số lượng và nơi cư trú của đoàn viên; mỗi chi đoàn khu dân cư duy trì sinh "
            "hoạt đều đặn, có ít nhất một công trình hoặc phần việc thanh niên mỗi năm.\n\n"
            "## Nhiệm vụ\n\n"
            "- Rà soát, cập nhật sổ đoàn viên ở từng chi đoàn ấp, khu phố; lập danh sách riêng "
            "thanh niên đi làm ăn xa để giữ liên lạc.\n"
            "- Chuyển sinh hoạt kịp thời cho đoàn viên thay đổi nơi ở; không kết nạp chạy theo "
            "chỉ tiêu.\n"
            "- Đổi mới sinh hoạt chi đoàn gắn với khởi nghiệp, học nghề, giữ gìn trật tự ở khu "
            "dân cư.\n"
            "- Tháng 12-2019 sơ kết ở ba cấp, báo cáo Ban Dân vận Tỉnh ủy."
        ),
        "path": [
            ("submit", "tinhdoan", "Kính gửi Ban Dân vận Tỉnh ủy xem xét."),
        ],
        "report_text": None,
    },
    {
        "unit": "hoinongdan",
        "title": "Kế hoạch của Hội Nông dân tỉnh thực hiện Chỉ thị số 11-CT/TU của Tỉnh ủy",
        "body": (
            "Thực hiện Chỉ thị số 11-CT/TU, ngày 01-8-2019 của Tỉnh ủy, Ban Thường vụ Hội Nông "
            "dân tỉnh đề ra kế hoạch thực hiện trong hệ thống Hội.\n\n"
            "## Nhiệm vụ\n\n"
            "1. Các cơ sở Hội rà soát hội viên theo từng chi hội, tổ hội; xóa tên những trường "
            "hợp đã chuyển đi hoặc không còn sinh hoạt, bổ sung hội viên mới đủ điều kiện theo "
            "Điều lệ Hội.\n"
            "2. Củng cố chi hội, tổ hội yếu; gắn sinh hoạt với tổ hợp tác, tổ liên kết sản xuất, "
            "hướng dẫn kỹ thuật và vốn vay từ Quỹ hỗ trợ nông dân.\n"
            "3. Quý IV-2019 kiểm tra ít nhất ba huyện; cuối năm 2019 sơ kết, đề ra nhiệm vụ năm "
            "2020.\n\n"
            "## Tổ chức thực hiện\n\n"
            "Ban Tổ chức - Kiểm tra của Hội tham mưu, theo dõi; hội nông dân các huyện, thành "
            "phố xây dựng kế hoạch cụ thể."
        ),
        "path": [
            ("submit", "hoinongdan", "Gửi kế hoạch để Ban Dân vận Tỉnh ủy cho ý kiến."),
            (
                "return",
                "bandanvan",
                "Đề nghị bổ sung chỉ tiêu cụ thể về rà soát hội viên và phân công rõ đơn vị chịu "
                "trách nhiệm từng nội dung; thống nhất thời gian sơ kết trong tháng 12-2019.",
            ),
            ("submit", "hoinongdan", "Đã bổ sung chỉ tiêu và phân công theo góp ý."),
            ("review", "bandanvan", "Kế hoạch đạt yêu cầu."),
        ],
        "report_text": None,
    },
    {
        "unit": "hoiphunu",
        "title": (
            "Kế hoạch của Hội Liên hiệp Phụ nữ tỉnh thực hiện Chỉ thị số 11-CT/TU của Tỉnh ủy"
        ),
        "body": (
            "Căn cứ Chỉ thị số 11-CT/TU, ngày 01-8-2019 của Tỉnh ủy, Ban Thường vụ Hội Liên hiệp "
            "Phụ nữ tỉnh ban hành kế hoạch thực hiện.\n\n"
            "## Nhiệm vụ\n\n"
            "- Hội phụ nữ các cấp rà soát hội viên ở từng chi hội, tổ phụ nữ ấp, khu phố; cập "
            "nhật biến động hằng quý.\n"
            "- Sắp xếp lại các chi hội có ít hội viên hoặc sinh hoạt không đều; bồi dưỡng chi "
            "hội trưởng mới.\n"
            "- Đa dạng hình thức sinh hoạt: sinh hoạt chuyên đề, câu lạc bộ, tổ tiết kiệm và vay "
            "vốn, giúp hội viên phát triển kinh tế gia đình.\n"
            "- Cuối năm 2019 sơ kết ở ba cấp Hội, báo cáo kết quả về Ban Dân vận Tỉnh ủy."
        ),
        "path": [
            ("submit", "phunu.tinh", "Kính gửi Ban Dân vận Tỉnh ủy."),
            ("review", "bandanvan", "Thống nhất với kế hoạch."),
            ("report", "phunu.tinh", "Gửi báo cáo sơ kết năm 2019."),
        ],
        "report_text": (
            "Báo cáo sơ kết thực hiện Chỉ thị số 11-CT/TU năm 2019 (số liệu minh họa).\n\n"
            "- Các cấp Hội đã quán triệt Chỉ thị đến toàn bộ chi hội trưởng ở địa bàn dân cư.\n"
            "- Rà soát xong danh sách hội viên ở tất cả chi hội; đưa ra khỏi danh sách 1.240 "
            "trường hợp đã chuyển đi hoặc không còn sinh hoạt, kết nạp mới 2.050 hội viên.\n"
            "- Sáp nhập 37 chi hội có ít hội viên; 85% chi hội sinh hoạt đều đặn hằng tháng.\n\n"
            "Tồn tại: việc quản lý hội viên đi làm ăn xa còn khó khăn. Năm 2020 Hội tiếp tục cập "
            "nhật biến động hằng quý và nhân rộng mô hình tổ tiết kiệm ở khu dân cư."
        ),
    },
]
