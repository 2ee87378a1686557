"""The grouped processes of the demonstration agencies, as compact specs (``key: value`` lines,
one process per block separated by ``===``), read by ``demo_grouped``: here those of Sở Tư pháp,
Sở KH&CN and UBND phường Hạ Long and the plan of every agency; the other departments' specs are in
``demo_grouped_departments``.

One process may serve several TTHC with the same sequence of work (the agency groups similar
procedures, e.g. every signature certification, under one process); its total time never exceeds
the shortest statutory time limit of the TTHC it serves. Keys:

* ``code``, ``name``: the document's code and title; ``tthc``: the codes of the TTHC it serves;
* ``unit``: the department in charge (the owner and the step unit when the agency has it, else
  named in the steps' text only); ``desk``: who receives the dossier (default: the agency's);
* ``flow``: ``sign``, ``province`` (the chairman of the province decides), ``council`` (an appraisal
  council or field inspection), ``recruit`` or ``hours`` (same-day work), then the total in days;
* ``work``, ``result``, ``sign``, ``decide``: what the appraisal step does, its result, what the
  signer does, who decides (``province``);
* ``base``: legal texts of the register (``number | provisions``); ``ref``: other references;
* ``dossier``, ``fee``, ``form`` (forms prescribed by others), ``record`` (``name | keeper | retention``).

The TTHC codes are those of the procedures demo (the real sample and its extra rows); a TTHC not
in the catalogue is skipped. Department names of agencies without demo units are illustrative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .demo_grouped_departments import CULTURE, DARD, HEALTH, OFFICE, SCT, SNV, STC


@dataclass(frozen=True)
class AgencyPlan:
    code: str
    secretary: str | None  # None: the processes are registered by the system (no demo accounts)
    leader: str | None
    desk: str  # who receives dossiers at the one-stop desk
    place: str  # section 5: where dossiers are received and results returned
    signer: str  # who signs the results
    issued_on: dt.date  # the day the grouped processes took effect
    decision: str  # the internal decision issuing them
    specs: str


PROVINCE_CENTRE = "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh; hoặc trực tuyến trên Cổng Dịch vụ công quốc gia."


def _desk(short: str) -> str:
    return f"Công chức {short} tại Trung tâm Phục vụ hành chính công tỉnh"


STP = """
code: QT 08/BTTP
name: Quy trình cấp phép thành lập, đăng ký hoạt động, thay đổi lĩnh vực giám định của Văn phòng giám định tư pháp
tthc: 2.000890.000 2.000823.000 2.000568.000
unit: Phòng Bổ trợ tư pháp
flow: province 27
work: Thẩm định điều kiện thành lập, hoạt động của Văn phòng giám định tư pháp; kiểm tra thực tế trụ sở, trang thiết bị; lấy ý kiến của sở quản lý lĩnh vực giám định khi cần
result: Báo cáo thẩm định; dự thảo Giấy đăng ký hoạt động hoặc Tờ trình UBND tỉnh
sign: Ký Giấy đăng ký hoạt động, văn bản chấp thuận thay đổi lĩnh vực giám định; đối với cấp phép thành lập, ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
base: 85/2013/NĐ-CP |
base: 157/2020/NĐ-CP |
ref: Luật Giám định tư pháp số 13/2012/QH13, được sửa đổi, bổ sung năm 2020
dossier: Đơn đề nghị cấp phép thành lập, đăng ký hoạt động hoặc thay đổi, bổ sung lĩnh vực giám định (theo mẫu)
dossier: Đề án thành lập Văn phòng giám định tư pháp (đối với cấp phép thành lập)
dossier: Bản sao Quyết định bổ nhiệm giám định viên tư pháp của người đề nghị
dossier: Giấy tờ chứng minh trụ sở, trang thiết bị, phương tiện bảo đảm hoạt động giám định
fee: Không.
record: Hồ sơ cấp phép thành lập, đăng ký hoạt động Văn phòng giám định tư pháp | Phòng Bổ trợ tư pháp | Vĩnh viễn
===
code: QT 09/BTTP
name: Quy trình cấp lại Giấy đăng ký hoạt động, chuyển đổi loại hình Văn phòng giám định tư pháp
tthc: 1.000555.000 1.001117.000 1.001216.000
unit: Phòng Bổ trợ tư pháp
flow: sign 4.5
work: Đối chiếu hồ sơ với Giấy đăng ký hoạt động đã cấp; kiểm tra điều kiện chuyển đổi loại hình
result: Dự thảo Giấy đăng ký hoạt động (cấp lại)
sign: Ký Giấy đăng ký hoạt động cấp lại, văn bản chấp thuận chuyển đổi loại hình
base: 85/2013/NĐ-CP |
base: 157/2020/NĐ-CP |
dossier: Đơn đề nghị cấp lại Giấy đăng ký hoạt động hoặc chuyển đổi loại hình (theo mẫu)
dossier: Giấy đăng ký hoạt động đã cấp (trường hợp bị hư hỏng) hoặc giấy tờ chứng minh thay đổi tên gọi, địa chỉ trụ sở, người đại diện theo pháp luật
fee: Không.
record: Hồ sơ cấp lại Giấy đăng ký hoạt động Văn phòng giám định tư pháp | Phòng Bổ trợ tư pháp | Vĩnh viễn
===
code: QT 10/BTTP
name: Quy trình cấp lại thẻ, miễn nhiệm giám định viên tư pháp
tthc: 1.009832.000 2.000894.000
unit: Phòng Bổ trợ tư pháp
flow: province 9.5
work: Kiểm tra lý do cấp lại thẻ; đối với miễn nhiệm, thẩm định căn cứ miễn nhiệm và văn bản đề nghị của cơ quan quản lý giám định viên
result: Dự thảo thẻ giám định viên tư pháp; dự thảo Tờ trình miễn nhiệm
sign: Ký thẻ giám định viên tư pháp (cấp lại); đối với miễn nhiệm, ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
base: 11/2020/TT-BTP |
base: 85/2013/NĐ-CP |
dossier: Văn bản đề nghị cấp lại thẻ hoặc văn bản đề nghị miễn nhiệm của cơ quan quản lý giám định viên
dossier: Thẻ giám định viên tư pháp đã cấp (trường hợp bị hỏng) và 02 ảnh màu cỡ 2 x 3 cm (đối với cấp lại thẻ)
dossier: Giấy tờ chứng minh căn cứ miễn nhiệm (đối với miễn nhiệm)
fee: Không.
record: Hồ sơ cấp lại thẻ, miễn nhiệm giám định viên tư pháp | Phòng Bổ trợ tư pháp | Vĩnh viễn
"""

DOST = """
code: QT 03/SKHCN
name: Quy trình đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ
tthc: 1.011818 1.011819 1.011820
unit: Phòng Quản lý chuyên ngành
flow: sign 4.5
work: Kiểm tra hồ sơ, đối chiếu báo cáo kết quả với nhiệm vụ đã giao; cập nhật Cơ sở dữ liệu quốc gia về khoa học và công nghệ
result: Dự thảo Giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ
base: 29/2013/QH13 |
ref: Thông tư số 11/2023/TT-BKHCN ngày 26/6/2023 của Bộ Khoa học và Công nghệ
dossier: Phiếu đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ (theo mẫu)
dossier: Báo cáo tổng hợp, báo cáo tóm tắt kết quả thực hiện nhiệm vụ (bản giấy và bản điện tử)
dossier: Biên bản họp Hội đồng đánh giá, nghiệm thu kết quả thực hiện nhiệm vụ
fee: Không.
record: Hồ sơ đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ | Phòng Quản lý chuyên ngành | 10 năm
===
code: QT 04/SKHCN
name: Quy trình thay đổi, cấp lại Giấy chứng nhận đăng ký hoạt động của tổ chức khoa học và công nghệ, văn phòng đại diện, chi nhánh
tthc: 1.014390 1.014391 1.014392
unit: Phòng Quản lý chuyên ngành
flow: sign 9
work: Thẩm định hồ sơ thay đổi, bổ sung, cấp lại; kiểm tra thực tế trụ sở văn phòng đại diện, chi nhánh khi cần
result: Dự thảo Giấy chứng nhận
base: 262/2025/NĐ-CP |
base: 10/2025/TT-BKHCN |
dossier: Đơn đề nghị thay đổi, bổ sung, cấp lại Giấy chứng nhận hoặc cấp Giấy chứng nhận văn phòng đại diện, chi nhánh (theo mẫu)
dossier: Quyết định thành lập văn phòng đại diện, chi nhánh hoặc văn bản về nội dung thay đổi
dossier: Giấy chứng nhận đã cấp (trường hợp thay đổi, cấp lại)
fee: Theo quy định của Bộ Tài chính về phí thẩm định điều kiện hoạt động khoa học và công nghệ.
record: Hồ sơ cấp Giấy chứng nhận tổ chức khoa học và công nghệ | Phòng Quản lý chuyên ngành | Vĩnh viễn
===
code: QT 05/SKHCN
name: Quy trình công nhận tổ chức, cá nhân hỗ trợ và khởi nghiệp sáng tạo
tthc: 1.014431 1.014432 1.014433 1.014435 1.014436 1.014437
unit: Phòng Quản lý chuyên ngành
flow: council 14
work: Thẩm định hồ sơ đề nghị công nhận theo tiêu chí quy định
result: Phiếu thẩm định hồ sơ
council: Họp Hội đồng tư vấn đánh giá hồ sơ công nhận; kiểm tra thực tế cơ sở vật chất của trung tâm hỗ trợ khởi nghiệp khi cần
sign: Ký Giấy công nhận
base: 268/2025/NĐ-CP |
base: 262/2025/NĐ-CP |
dossier: Đơn đề nghị công nhận (theo mẫu)
dossier: Báo cáo năng lực, kết quả hoạt động hỗ trợ hoặc đề án khởi nghiệp sáng tạo
dossier: Tài liệu chứng minh đáp ứng tiêu chí công nhận
fee: Không.
record: Hồ sơ công nhận tổ chức, cá nhân khởi nghiệp sáng tạo | Phòng Quản lý chuyên ngành | 10 năm
===
code: QT 06/SKHCN
name: Quy trình công nhận trung tâm đổi mới sáng tạo
tthc: 1.014438 1.014439 1.014440
unit: Phòng Quản lý chuyên ngành
flow: council 14
work: Thẩm định hồ sơ đề nghị công nhận trung tâm đổi mới sáng tạo
result: Phiếu thẩm định hồ sơ
council: Họp Hội đồng tư vấn; kiểm tra thực tế cơ sở vật chất, trang thiết bị của trung tâm
sign: Ký Quyết định công nhận trung tâm đổi mới sáng tạo
base: 268/2025/NĐ-CP |
dossier: Văn bản đề nghị công nhận trung tâm đổi mới sáng tạo (theo mẫu)
dossier: Đề án hoạt động của trung tâm; báo cáo về cơ sở vật chất, nhân lực
fee: Không.
record: Hồ sơ công nhận trung tâm đổi mới sáng tạo | Phòng Quản lý chuyên ngành | 10 năm
===
code: QT 07/SKHCN
name: Quy trình tài trợ, hỗ trợ thực hiện nhiệm vụ đổi mới sáng tạo
tthc: 1.014444 1.014451 1.014452 1.014453 1.014454
unit: Phòng Kế hoạch - Tài chính
flow: council 14.5
work: Thẩm định hồ sơ đề xuất, dự toán kinh phí tài trợ, hỗ trợ (lãi suất vay, voucher)
result: Phiếu thẩm định; dự toán kinh phí
council: Họp Hội đồng đánh giá nội dung khoa học, công nghệ và dự toán kinh phí; kiểm tra thực tế khi cần
sign: Ký Quyết định tài trợ, hỗ trợ hoặc hợp đồng tài trợ (sửa đổi, chấm dứt)
base: 268/2025/NĐ-CP |
base: 262/2025/NĐ-CP |
dossier: Đơn đề nghị tài trợ, hỗ trợ hoặc đề nghị sửa đổi, chấm dứt hợp đồng tài trợ (theo mẫu)
dossier: Thuyết minh nhiệm vụ đổi mới sáng tạo; dự toán kinh phí
dossier: Hợp đồng tín dụng (đối với hỗ trợ lãi suất vay)
fee: Không.
record: Hồ sơ tài trợ, hỗ trợ nhiệm vụ đổi mới sáng tạo | Phòng Kế hoạch - Tài chính | 10 năm
"""

HALONG_TP = "Công chức Tư pháp - Hộ tịch tại Trung tâm Phục vụ hành chính công phường"
HALONG_CENTRE = "Công chức Trung tâm Phục vụ hành chính công phường"
HALONG = f"""
code: QT 04/TP
name: Quy trình chứng thực chữ ký, chứng thực chữ ký người dịch
tthc: 2.000884 2.000992 2.001008
unit: Trung tâm Phục vụ hành chính công
desk: {HALONG_TP}
handler: Công chức Tư pháp - Hộ tịch
flow: hours
work: Kiểm tra giấy tờ tùy thân, năng lực hành vi dân sự của người yêu cầu; người yêu cầu ký trước mặt người thực hiện chứng thực; ghi lời chứng, vào Sổ chứng thực
result: Giấy tờ, văn bản đã ghi lời chứng; Sổ chứng thực chữ ký
sign: Ký chứng thực, đóng dấu
base: 23/2015/NĐ-CP | Điều 24 - Điều 34
base: 280/2025/NĐ-CP |
base: 226/2016/TT-BTC | Điều 4
dossier: Giấy tờ tùy thân còn giá trị sử dụng của người yêu cầu chứng thực
dossier: Giấy tờ, văn bản mà mình sẽ ký (hoặc bản dịch và giấy tờ chứng minh trình độ ngoại ngữ của người dịch)
fee: 10.000 đồng/trường hợp.
record: Sổ chứng thực chữ ký, chữ ký người dịch | Công chức Tư pháp - Hộ tịch | Vĩnh viễn
===
code: QT 05/TP
name: Quy trình chứng thực hợp đồng, giao dịch, di chúc, văn bản thỏa thuận phân chia di sản
tthc: 2.000913 2.000927 2.000942 2.001016 2.001019 2.001035 2.001406
unit: Trung tâm Phục vụ hành chính công
desk: {HALONG_TP}
handler: Công chức Tư pháp - Hộ tịch
flow: hours
work: Kiểm tra dự thảo hợp đồng, giao dịch, năng lực hành vi dân sự và sự tự nguyện của các bên; các bên ký trước mặt người thực hiện chứng thực; ghi lời chứng, vào Sổ chứng thực
result: Hợp đồng, giao dịch đã ghi lời chứng; Sổ chứng thực hợp đồng, giao dịch
sign: Ký chứng thực hợp đồng, giao dịch, đóng dấu
base: 23/2015/NĐ-CP | Điều 35 - Điều 44
base: 280/2025/NĐ-CP |
base: 226/2016/TT-BTC | Điều 4
dossier: Dự thảo hợp đồng, giao dịch, di chúc, văn bản phân chia hoặc từ chối nhận di sản
dossier: Bản sao giấy tờ tùy thân của người yêu cầu chứng thực
dossier: Bản sao Giấy chứng nhận quyền sở hữu, quyền sử dụng hoặc giấy tờ thay thế (đối với tài sản phải đăng ký)
fee: 50.000 đồng/hợp đồng, giao dịch; sửa đổi, bổ sung: 30.000 đồng; sửa lỗi sai sót: 25.000 đồng.
record: Sổ chứng thực hợp đồng, giao dịch và hồ sơ lưu | Công chức Tư pháp - Hộ tịch | Vĩnh viễn
===
code: QT 01/KT
name: Quy trình đăng ký hợp tác xã, liên hiệp hợp tác xã
tthc: 1.004901 1.004979 1.004982 1.005010 1.005277 1.005280 1.005377 1.005378 1.014371 2.001958 2.001973 2.002123 2.002635 2.002636 2.002643 2.002645 2.002646 2.002648 2.002649 2.002650
unit: Phòng Kinh tế, Hạ tầng và Đô thị
desk: {HALONG_CENTRE}
flow: sign 2.5
work: Kiểm tra tính hợp lệ của hồ sơ đăng ký; tra cứu tên trên Hệ thống thông tin quốc gia về đăng ký hợp tác xã; nhập dữ liệu đăng ký
result: Dự thảo Giấy chứng nhận đăng ký hoặc thông báo về nội dung đăng ký
sign: Ký Giấy chứng nhận đăng ký hợp tác xã, chi nhánh, văn phòng đại diện hoặc văn bản xác nhận thay đổi
ref: Luật Hợp tác xã số 17/2023/QH15 và các văn bản hướng dẫn về đăng ký hợp tác xã
dossier: Giấy đề nghị đăng ký hoặc thông báo (theo mẫu)
dossier: Điều lệ, danh sách thành viên, nghị quyết của Đại hội thành viên (tùy trường hợp)
dossier: Giấy tờ pháp lý của người đại diện theo pháp luật
fee: Theo quy định của Bộ Tài chính về lệ phí đăng ký hợp tác xã.
record: Hồ sơ đăng ký hợp tác xã, liên hiệp hợp tác xã | Phòng Kinh tế, Hạ tầng và Đô thị | Vĩnh viễn
===
code: QT 02/KT
name: Quy trình đăng ký tổ hợp tác
tthc: 2.002226 2.002637 2.002638 2.002639 2.002640 2.002641 2.002642 2.002644
unit: Phòng Kinh tế, Hạ tầng và Đô thị
desk: {HALONG_CENTRE}
flow: sign 2.5
work: Kiểm tra tính hợp lệ của hồ sơ; nhập dữ liệu trên Hệ thống thông tin quốc gia về đăng ký hợp tác xã
result: Dự thảo Giấy chứng nhận đăng ký tổ hợp tác hoặc thông báo
sign: Ký Giấy chứng nhận đăng ký tổ hợp tác hoặc văn bản xác nhận
ref: Luật Hợp tác xã số 17/2023/QH15
dossier: Giấy đề nghị đăng ký hoặc thông báo của tổ hợp tác (theo mẫu)
dossier: Hợp đồng hợp tác; danh sách thành viên (đối với đăng ký thành lập, thay đổi)
fee: Theo quy định của Bộ Tài chính.
record: Hồ sơ đăng ký tổ hợp tác | Phòng Kinh tế, Hạ tầng và Đô thị | Vĩnh viễn
===
code: QT 01/VHXH
name: Quy trình tiếp nhận thông báo, đăng ký tổ chức lễ hội cấp xã
tthc: 1.003622 1.013791
unit: Phòng Văn hóa - Xã hội
desk: {HALONG_CENTRE}
flow: sign 4.5
work: Kiểm tra nội dung, chương trình, kế hoạch tổ chức lễ hội; phối hợp Công an phường về bảo đảm an ninh, trật tự
result: Dự thảo văn bản chấp thuận hoặc văn bản trả lời
sign: Ký văn bản chấp thuận tổ chức lễ hội
ref: Nghị định số 110/2018/NĐ-CP quy định về quản lý và tổ chức lễ hội
dossier: Văn bản thông báo hoặc đăng ký tổ chức lễ hội (theo mẫu)
dossier: Kế hoạch, chương trình tổ chức lễ hội
fee: Không.
record: Hồ sơ tổ chức lễ hội | Phòng Văn hóa - Xã hội | 05 năm
===
code: QT 01/VP
name: Quy trình tuyển dụng, tiếp nhận công chức, viên chức và tuyển chọn chuyên gia
tthc: 1.012299 1.012300 1.012301 1.014111 1.014113 1.014116 1.014318 1.014319 1.014352
unit: Văn phòng HĐND và UBND
desk: {HALONG_CENTRE}
flow: recruit 25
work: Kiểm tra Phiếu đăng ký dự tuyển, văn bằng, chứng chỉ, điều kiện và tiêu chuẩn của người dự tuyển
result: Danh sách người đủ điều kiện dự tuyển
sign: Phê duyệt kết quả tuyển dụng, tiếp nhận
ref: Luật Cán bộ, công chức; Luật Viên chức và các văn bản hướng dẫn về tuyển dụng, tiếp nhận công chức, viên chức
dossier: Phiếu đăng ký dự tuyển (theo mẫu)
dossier: Bản sao văn bằng, chứng chỉ theo yêu cầu của vị trí việc làm
dossier: Giấy tờ chứng nhận thuộc đối tượng ưu tiên (nếu có)
fee: Phí dự tuyển theo quy định của Bộ Tài chính.
record: Hồ sơ tuyển dụng, tiếp nhận công chức, viên chức | Văn phòng HĐND và UBND | 20 năm
"""


PLANS = [
    AgencyPlan(
        "22.STP",
        "stp.thuky",
        "stp.lanhdao",
        _desk("Sở Tư pháp"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2025, 10, 20),
        "Quyết định số 198/QĐ-STP ngày 20/10/2025",
        STP,
    ),
    AgencyPlan(
        "22.SKHCN",
        "sokhcn.thuky",
        "sokhcn.lanhdao",
        _desk("Sở Khoa học và Công nghệ"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2026, 1, 19),
        "Quyết định số 12/QĐ-SKHCN ngày 19/01/2026",
        DOST,
    ),
    AgencyPlan(
        "06688",
        "halong.thuky",
        "halong.lanhdao",
        HALONG_CENTRE,
        "Trung tâm Phục vụ hành chính công phường Hạ Long; hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.",
        "Chủ tịch hoặc Phó Chủ tịch UBND phường",
        dt.date(2025, 12, 22),
        "Quyết định số 58/QĐ-UBND ngày 22/12/2025",
        HALONG,
    ),
    AgencyPlan(
        "22.SNV",
        None,
        None,
        _desk("Sở Nội vụ"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2025, 9, 22),
        "Quyết định số 412/QĐ-SNV ngày 22/9/2025",
        SNV,
    ),
    AgencyPlan(
        "22.STC",
        None,
        None,
        _desk("Sở Tài chính"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2025, 9, 15),
        "Quyết định số 1025/QĐ-STC ngày 15/9/2025",
        STC,
    ),
    AgencyPlan(
        "22.SNNMT",
        None,
        None,
        _desk("Sở Nông nghiệp và Môi trường"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2025, 10, 6),
        "Quyết định số 733/QĐ-SNNMT ngày 06/10/2025",
        DARD,
    ),
    AgencyPlan(
        "22.SCT",
        None,
        None,
        _desk("Sở Công Thương"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2025, 9, 8),
        "Quyết định số 286/QĐ-SCT ngày 08/9/2025",
        SCT,
    ),
    AgencyPlan(
        "22.SVHTTDL",
        None,
        None,
        _desk("Sở Văn hóa, Thể thao và Du lịch"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2025, 9, 29),
        "Quyết định số 517/QĐ-SVHTTDL ngày 29/9/2025",
        CULTURE,
    ),
    AgencyPlan(
        "22.SYT",
        None,
        None,
        _desk("Sở Y tế"),
        PROVINCE_CENTRE,
        "Giám đốc Sở",
        dt.date(2025, 10, 1),
        "Quyết định số 1190/QĐ-SYT ngày 01/10/2025",
        HEALTH,
    ),
    AgencyPlan(
        "22.VPUB",
        None,
        None,
        _desk("Văn phòng UBND tỉnh"),
        PROVINCE_CENTRE,
        "Chánh Văn phòng",
        dt.date(2025, 8, 25),
        "Quyết định số 95/QĐ-VP ngày 25/8/2025",
        OFFICE,
    ),
]
