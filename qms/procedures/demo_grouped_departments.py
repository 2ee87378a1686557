"""The grouped processes of the demo departments without demo accounts (home affairs, finance,
agriculture and environment, industry and trade, culture, health, the provincial office), as
compact specs read by ``demo_grouped`` (keys as in ``demo_grouped_specs``). Department names are
illustrative; the TTHC codes are those of the procedures demo.
"""

from __future__ import annotations

SNV = """
code: QT 01/SNV
name: Quy trình giải quyết chế độ trợ cấp ưu đãi đối với người có công với cách mạng và thân nhân
tthc: 1.010801 1.010802 1.010803 1.010804 1.010808 1.010809 1.010811 1.010816 1.010817 1.010818 1.010819 1.010820 1.010821 1.010824 2.001396
unit: Phòng Người có công
flow: sign 11
work: Thẩm định hồ sơ, đối chiếu hồ sơ gốc người có công đang quản lý; xác định mức trợ cấp, phụ cấp
result: Dự thảo Quyết định trợ cấp, phụ cấp ưu đãi
base: 02/2020/UBTVQH |
base: 131/2021/NĐ-CP |
dossier: Bản khai hoặc đơn đề nghị (theo mẫu tại Nghị định số 131/2021/NĐ-CP)
dossier: Giấy tờ chứng minh thuộc đối tượng hưởng chế độ; biên bản giám định (nếu có)
dossier: Văn bản đề nghị của UBND cấp xã nơi người đề nghị thường trú
fee: Không.
record: Hồ sơ người có công với cách mạng | Phòng Người có công | Vĩnh viễn
===
code: QT 02/SNV
name: Quy trình giải quyết trợ cấp một lần, mai táng phí đối với người tham gia kháng chiến, thanh niên xung phong, cựu chiến binh
tthc: 1.001257 1.004964 1.014359 2.001157 2.002307 2.002308
unit: Phòng Người có công
flow: sign 9
work: Thẩm định hồ sơ, danh sách đề nghị của UBND cấp xã; xác định đối tượng, mức trợ cấp
result: Dự thảo Quyết định trợ cấp
base: 62/2011/QĐ-TTg |
base: 01/2012/TTLT-BQP-BLĐTBXH-BTC |
dossier: Bản khai hoặc đơn đề nghị hưởng chế độ (theo mẫu)
dossier: Giấy tờ chứng minh thời gian tham gia kháng chiến hoặc giấy chứng tử (đối với mai táng phí)
dossier: Danh sách đề nghị của UBND cấp xã
fee: Không.
record: Hồ sơ trợ cấp một lần, mai táng phí | Phòng Người có công | 20 năm
===
code: QT 03/SNV
name: Quy trình quản lý hồ sơ người có công, di chuyển hài cốt liệt sĩ
tthc: 1.010814 1.010825 1.010826 1.010827 1.010828 1.010829 1.010830
unit: Phòng Người có công
flow: sign 9
work: Kiểm tra hồ sơ gốc đang quản lý; xác minh thông tin; phối hợp Sở Nội vụ tỉnh nơi đến (đối với di chuyển hồ sơ, hài cốt)
result: Dự thảo giấy chứng nhận, trích lục, giấy giới thiệu di chuyển
base: 131/2021/NĐ-CP |
dossier: Đơn đề nghị (theo mẫu)
dossier: Giấy tờ chứng minh nội dung đề nghị sửa đổi, bổ sung hoặc ý kiến của đại diện thân nhân liệt sĩ
fee: Không.
record: Sổ theo dõi di chuyển hồ sơ, hài cốt liệt sĩ | Phòng Người có công | Vĩnh viễn
===
code: QT 04/SNV
name: Quy trình giới thiệu khám giám định lại tỷ lệ tổn thương cơ thể đối với thương binh
tthc: 1.010807 1.013748
unit: Phòng Người có công
flow: council 19.5
work: Kiểm tra hồ sơ thương binh, căn cứ đề nghị giám định lại
result: Giấy giới thiệu khám giám định
council: Hội đồng Giám định y khoa tỉnh khám giám định; Phòng Người có công tiếp nhận biên bản giám định
sign: Ký Quyết định điều chỉnh chế độ theo kết quả giám định
base: 131/2021/NĐ-CP |
dossier: Đơn đề nghị khám giám định lại (theo mẫu)
dossier: Giấy tờ về vết thương còn sót, mảnh kim khí trong cơ thể; hồ sơ bệnh án điều trị
fee: Không.
record: Hồ sơ giám định lại thương tật | Phòng Người có công | Vĩnh viễn
===
code: QT 05/SNV
name: Quy trình giải quyết chế độ, chính sách đối với người tham gia chiến tranh bảo vệ Tổ quốc và cán bộ Quân đội nghỉ hưu
tthc: 2.002755 2.002757 2.002760 2.002761
unit: Phòng Người có công
flow: sign 8.5
work: Thẩm định hồ sơ, danh sách đề nghị; đối chiếu giấy tờ chứng minh thời gian công tác, phục vụ trong Quân đội
result: Dự thảo Quyết định hoặc văn bản xác nhận
base: 62/2011/QĐ-TTg |
base: 22/2025/QĐ-TTg |
base: 158/2011/TT-BQP |
dossier: Bản khai cá nhân (theo mẫu)
dossier: Giấy tờ chứng minh thời gian phục vụ trong Quân đội, tham gia chiến tranh
dossier: Danh sách đề nghị của cơ quan, đơn vị
fee: Không.
record: Hồ sơ giải quyết chế độ, chính sách | Phòng Người có công | 20 năm
===
code: QT 06/SNV
name: Quy trình giải quyết chế độ miễn học phí, đăng ký khám chữa bệnh đối với quân nhân và thân nhân
tthc: 2.002765 2.002767
unit: Phòng Người có công
flow: hours
work: Kiểm tra giấy tờ chứng minh đối tượng; xác nhận vào đơn đề nghị
result: Giấy xác nhận
sign: Ký giấy xác nhận
base: 27/2016/NĐ-CP |
base: 95/2016/TT-BQP |
base: 139/2011/TT-BQP |
dossier: Đơn đề nghị (theo mẫu)
dossier: Giấy tờ chứng minh là thân nhân hoặc sĩ quan phục viên đủ điều kiện
fee: Không.
record: Sổ theo dõi cấp giấy xác nhận | Phòng Người có công | 05 năm
===
code: QT 07/SNV
name: Quy trình cấp, gia hạn giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam
tthc: 1.014199.H05 1.014201.H05
unit: Phòng Lao động - Việc làm
flow: sign 9
work: Thẩm định hồ sơ, đối chiếu văn bản chấp thuận nhu cầu sử dụng người lao động nước ngoài
result: Dự thảo giấy phép lao động
sign: Ký giấy phép lao động
ref: Bộ luật Lao động số 45/2019/QH14 và các văn bản hướng dẫn về người lao động nước ngoài làm việc tại Việt Nam
dossier: Văn bản đề nghị cấp, gia hạn giấy phép lao động của người sử dụng lao động (theo mẫu)
dossier: Giấy chứng nhận sức khỏe; Phiếu lý lịch tư pháp; văn bằng, giấy tờ chứng minh chuyên gia, nhà quản lý, lao động kỹ thuật
dossier: 02 ảnh màu cỡ 4 x 6 cm; bản sao hộ chiếu còn giá trị
fee: Theo Nghị quyết của HĐND tỉnh về lệ phí cấp giấy phép lao động.
record: Hồ sơ cấp giấy phép lao động | Phòng Lao động - Việc làm | 05 năm
===
code: QT 08/SNV
name: Quy trình cấp lại giấy phép lao động, cấp giấy xác nhận không thuộc diện cấp giấy phép lao động
tthc: 1.014196.H05 1.014197.H05 1.014198.H05 1.014200.H05
unit: Phòng Lao động - Việc làm
flow: sign 2.5
work: Kiểm tra hồ sơ, tra cứu dữ liệu giấy phép lao động đã cấp
result: Dự thảo giấy phép lao động (cấp lại) hoặc giấy xác nhận
sign: Ký giấy phép lao động cấp lại, giấy xác nhận
ref: Bộ luật Lao động số 45/2019/QH14 và các văn bản hướng dẫn về người lao động nước ngoài làm việc tại Việt Nam
dossier: Văn bản đề nghị của người sử dụng lao động (theo mẫu)
dossier: Giấy phép lao động hoặc giấy xác nhận đã cấp (trường hợp cấp lại, gia hạn)
fee: Theo Nghị quyết của HĐND tỉnh.
record: Hồ sơ cấp lại giấy phép lao động, giấy xác nhận | Phòng Lao động - Việc làm | 05 năm
===
code: QT 09/SNV
name: Quy trình giải quyết hưởng trợ cấp thất nghiệp
tthc: 1.001978
unit: Phòng Lao động - Việc làm
desk: Công chức Trung tâm Dịch vụ việc làm tỉnh tại Trung tâm Phục vụ hành chính công tỉnh
flow: sign 19.5
work: Trung tâm Dịch vụ việc làm xác định thời gian đóng bảo hiểm thất nghiệp, mức hưởng; trình Giám đốc Sở
result: Dự thảo Quyết định hưởng trợ cấp thất nghiệp
sign: Ký Quyết định hưởng trợ cấp thất nghiệp
ref: Luật Việc làm và các văn bản hướng dẫn về bảo hiểm thất nghiệp
dossier: Đề nghị hưởng trợ cấp thất nghiệp (theo mẫu)
dossier: Bản sao hợp đồng lao động đã chấm dứt hoặc quyết định thôi việc
dossier: Sổ bảo hiểm xã hội
fee: Không.
record: Hồ sơ hưởng trợ cấp thất nghiệp | Trung tâm Dịch vụ việc làm tỉnh | 10 năm
===
code: QT 10/SNV
name: Quy trình thành lập, giải thể tổ chức thanh niên xung phong, xác nhận phiên hiệu thanh niên xung phong ở cấp tỉnh
tthc: 1.003999 2.001683 2.001717
unit: Phòng Công tác thanh niên
flow: province 14
work: Thẩm định đề án thành lập, phương án giải thể hoặc hồ sơ xác nhận phiên hiệu
result: Báo cáo thẩm định; dự thảo Tờ trình UBND tỉnh
sign: Ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
ref: Luật Thanh niên số 57/2020/QH14 và các văn bản hướng dẫn về thanh niên xung phong
dossier: Văn bản đề nghị của cơ quan, tổ chức (theo mẫu)
dossier: Đề án thành lập hoặc phương án giải thể; tài liệu chứng minh phiên hiệu (đối với xác nhận phiên hiệu)
fee: Không.
record: Hồ sơ tổ chức thanh niên xung phong | Phòng Công tác thanh niên | Vĩnh viễn
===
code: QT 11/SNV
name: Quy trình xét tặng, truy tặng danh hiệu vinh dự Nhà nước “Bà mẹ Việt Nam anh hùng”
tthc: 1.013263 1.013264
unit: Ban Thi đua - Khen thưởng
flow: province 19.5
work: Thẩm định hồ sơ đề nghị của UBND cấp xã; lấy ý kiến Hội đồng Thi đua - Khen thưởng tỉnh
result: Báo cáo thẩm định; dự thảo Tờ trình
sign: Ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
ref: Luật Thi đua, khen thưởng số 06/2022/QH15
dossier: Bản khai thành tích của Bà mẹ hoặc đại diện thân nhân (theo mẫu)
dossier: Giấy báo tử, giấy chứng nhận liệt sĩ của con, chồng
dossier: Tờ trình, danh sách đề nghị của UBND cấp xã
fee: Không.
record: Hồ sơ xét tặng danh hiệu “Bà mẹ Việt Nam anh hùng” | Ban Thi đua - Khen thưởng | Vĩnh viễn
"""

STC = """
code: QT 01/ĐT
name: Quy trình chấp thuận chủ trương đầu tư, chấp thuận nhà đầu tư và điều chỉnh dự án thuộc thẩm quyền của UBND tỉnh
tthc: 1.009642 1.009644 1.009645 1.009646
unit: Phòng Đăng ký kinh doanh
handler: Chuyên viên Phòng Đăng ký kinh doanh (bộ phận quản lý đầu tư)
flow: province 29.5
work: Thẩm định hồ sơ; lấy ý kiến thẩm định của các sở, ngành, UBND cấp xã liên quan; lập báo cáo thẩm định
result: Báo cáo thẩm định; dự thảo Quyết định chấp thuận
sign: Ký Tờ trình UBND tỉnh kèm báo cáo thẩm định
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
base: 61/2020/QH14 |
base: 31/2021/NĐ-CP |
base: 03/2021/TT-BKHĐT |
dossier: Văn bản đề nghị thực hiện dự án đầu tư hoặc đề nghị điều chỉnh (theo mẫu)
dossier: Đề xuất dự án đầu tư; tài liệu về tư cách pháp lý và năng lực tài chính của nhà đầu tư
dossier: Đề xuất nhu cầu sử dụng đất hoặc tài liệu về quyền sử dụng địa điểm
fee: Không.
record: Hồ sơ dự án đầu tư | Phòng Đăng ký kinh doanh | Vĩnh viễn
===
code: QT 02/ĐT
name: Quy trình cấp, điều chỉnh Giấy chứng nhận đăng ký đầu tư và các thủ tục về hoạt động của dự án đầu tư
tthc: 1.009647 1.009659 1.009661 1.009662 1.009664 1.009729 1.009731 1.009736
unit: Phòng Đăng ký kinh doanh
handler: Chuyên viên Phòng Đăng ký kinh doanh (bộ phận quản lý đầu tư)
flow: sign 14.5
work: Thẩm định hồ sơ; lấy ý kiến cơ quan liên quan khi cần; cập nhật Hệ thống thông tin quốc gia về đầu tư
result: Dự thảo Giấy chứng nhận đăng ký đầu tư hoặc văn bản thông báo
sign: Ký Giấy chứng nhận đăng ký đầu tư, văn bản chấp thuận
base: 61/2020/QH14 |
base: 31/2021/NĐ-CP |
base: 25/2023/TT-BKHĐT |
dossier: Văn bản đề nghị (theo mẫu tại Thông tư số 03/2021/TT-BKHĐT)
dossier: Tài liệu về tư cách pháp lý của nhà đầu tư; báo cáo tình hình thực hiện dự án
dossier: Quyết định, văn bản của nhà đầu tư về việc điều chỉnh, gia hạn, ngừng, chấm dứt hoạt động
fee: Không.
record: Hồ sơ cấp, điều chỉnh Giấy chứng nhận đăng ký đầu tư | Phòng Đăng ký kinh doanh | Vĩnh viễn
===
code: QT 03/ĐT
name: Quy trình thẩm định dự án đầu tư theo phương thức đối tác công tư
tthc: 1.009491 1.009492 1.009493 1.009494
unit: Phòng Đăng ký kinh doanh
handler: Chuyên viên Phòng Đăng ký kinh doanh (bộ phận quản lý đầu tư)
flow: council 29.5
work: Kiểm tra hồ sơ; gửi lấy ý kiến các sở, ngành
result: Phiếu kiểm tra hồ sơ; văn bản lấy ý kiến
council: Hội đồng thẩm định dự án PPP cấp tỉnh họp thẩm định; Sở tổng hợp báo cáo thẩm định
sign: Ký báo cáo thẩm định, Tờ trình UBND tỉnh
base: 90/2025/QH15 |
ref: Luật Đầu tư theo phương thức đối tác công tư số 64/2020/QH14
dossier: Tờ trình đề nghị thẩm định (theo mẫu)
dossier: Báo cáo nghiên cứu tiền khả thi hoặc khả thi; nội dung điều chỉnh (nếu có)
dossier: Các tài liệu pháp lý khác có liên quan
fee: Không.
record: Hồ sơ thẩm định dự án PPP | Phòng Đăng ký kinh doanh | Vĩnh viễn
===
code: QT 04/ĐT
name: Quy trình cấp chứng chỉ nghiệp vụ chuyên môn về đấu thầu, công bố dự án đầu tư kinh doanh
tthc: 1.012507 2.002623
unit: Phòng Đăng ký kinh doanh
handler: Chuyên viên Phòng Đăng ký kinh doanh (bộ phận quản lý đầu tư)
flow: sign 14
work: Kiểm tra điều kiện cấp chứng chỉ; kiểm tra thông tin dự án đề nghị công bố trên Hệ thống mạng đấu thầu quốc gia
result: Dự thảo chứng chỉ hoặc văn bản công bố dự án
sign: Ký chứng chỉ, văn bản công bố
base: 22/2023/QH15 |
base: 90/2025/QH15 |
base: 214/2025/NĐ-CP |
dossier: Đơn đề nghị cấp chứng chỉ hoặc văn bản đề xuất dự án (theo mẫu)
dossier: Giấy tờ chứng minh trình độ, kinh nghiệm (đối với chứng chỉ)
fee: Theo quy định của Bộ Tài chính.
record: Hồ sơ cấp chứng chỉ nghiệp vụ đấu thầu, công bố dự án | Phòng Đăng ký kinh doanh | 10 năm
===
code: QT 05/NS
name: Quy trình giao, điều chuyển, thu hồi, thanh lý tài sản kết cấu hạ tầng thủy lợi
tthc: 3.000324 3.000325 3.000326 3.000327 3.000328
unit: Phòng Quản lý ngân sách
handler: Chuyên viên Phòng Quản lý ngân sách (bộ phận quản lý công sản)
flow: province 29
work: Thẩm định hồ sơ đề nghị; kiểm tra hiện trạng tài sản; lấy ý kiến Sở Nông nghiệp và Môi trường
result: Báo cáo thẩm định; dự thảo Quyết định
sign: Ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
base: 08/2025/NĐ-CP |
dossier: Văn bản đề nghị của cơ quan quản lý tài sản (theo mẫu)
dossier: Danh mục tài sản đề nghị giao, điều chuyển, thu hồi, thanh lý
dossier: Hồ sơ pháp lý, biên bản kiểm kê, đánh giá hiện trạng tài sản
fee: Không.
record: Hồ sơ xử lý tài sản kết cấu hạ tầng thủy lợi | Phòng Quản lý ngân sách | Vĩnh viễn
===
code: QT 06/NS
name: Quy trình xác lập quyền sở hữu toàn dân, giao, xử lý tài sản công và quản lý, khai thác nhà đất
tthc: 1.011769 1.012994 3.000257 3.000291 3.000410
unit: Phòng Quản lý ngân sách
handler: Chuyên viên Phòng Quản lý ngân sách (bộ phận quản lý công sản)
flow: province 29
work: Thẩm định hồ sơ; kiểm tra hiện trạng nhà đất, tài sản; lấy ý kiến các cơ quan liên quan
result: Báo cáo thẩm định; dự thảo Quyết định
sign: Ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
ref: Luật Quản lý, sử dụng tài sản công số 15/2017/QH14, được sửa đổi, bổ sung năm 2024
dossier: Văn bản đề nghị của cơ quan, đơn vị (theo mẫu)
dossier: Hồ sơ pháp lý của tài sản; biên bản xác định hiện trạng
fee: Không.
record: Hồ sơ xử lý tài sản công | Phòng Quản lý ngân sách | Vĩnh viễn
===
code: QT 07/NS
name: Quy trình hiệp thương giá, điều chỉnh giá hàng hóa, dịch vụ do Nhà nước định giá
tthc: 1.012735 1.012744
unit: Phòng Quản lý ngân sách
handler: Chuyên viên Phòng Quản lý ngân sách (bộ phận quản lý giá)
flow: council 14
work: Kiểm tra hồ sơ, phương án giá; đề nghị bổ sung khi cần
result: Phiếu kiểm tra phương án giá
council: Tổ chức hội nghị hiệp thương giá hoặc họp thẩm định phương án giá với các bên liên quan
sign: Ký thông báo kết quả hiệp thương giá hoặc Tờ trình điều chỉnh giá
ref: Luật Giá số 16/2023/QH15
dossier: Văn bản đề nghị hiệp thương giá hoặc điều chỉnh giá (theo mẫu)
dossier: Phương án giá hàng hóa, dịch vụ
fee: Không.
record: Hồ sơ hiệp thương, điều chỉnh giá | Phòng Quản lý ngân sách | 10 năm
===
code: QT 08/NS
name: Quy trình kê khai, thẩm định tờ khai phí bảo vệ môi trường đối với nước thải, khí thải
tthc: 1.008603 1.013040
unit: Phòng Quản lý ngân sách
handler: Chuyên viên Phòng Quản lý ngân sách
flow: sign 9
work: Thẩm định tờ khai phí; đối chiếu kết quả quan trắc; xác định số phí phải nộp
result: Dự thảo thông báo số phí phải nộp
sign: Ký thông báo số phí phải nộp
ref: Nghị định số 53/2020/NĐ-CP quy định phí bảo vệ môi trường đối với nước thải
ref: Nghị định số 153/2024/NĐ-CP quy định phí bảo vệ môi trường đối với khí thải
dossier: Tờ khai phí bảo vệ môi trường (theo mẫu)
dossier: Kết quả quan trắc, phân tích mẫu nước thải, khí thải
fee: Không.
record: Hồ sơ thẩm định tờ khai phí bảo vệ môi trường | Phòng Quản lý ngân sách | 10 năm
"""

DARD = """
code: QT 01/TNN
name: Quy trình cấp giấy phép thăm dò nước dưới đất, khai thác nước dưới đất, nước mặt, nước biển
tthc: 1.004179 1.004223 1.004232
unit: Phòng Tài nguyên nước
flow: council 44
work: Thẩm định hồ sơ, đề án, báo cáo; lấy ý kiến cơ quan, tổ chức liên quan
result: Phiếu thẩm định
council: Kiểm tra thực tế hiện trường; họp Hội đồng thẩm định khi cần
sign: Ký Tờ trình UBND tỉnh kèm dự thảo giấy phép
base: 136/2025/NĐ-CP |
ref: Luật Tài nguyên nước số 28/2023/QH15
dossier: Đơn đề nghị cấp giấy phép (theo mẫu)
dossier: Đề án thăm dò hoặc đề án, báo cáo khai thác, sử dụng tài nguyên nước
dossier: Kết quả phân tích chất lượng nguồn nước; sơ đồ vị trí công trình
fee: Theo Nghị quyết của HĐND tỉnh về phí thẩm định đề án, báo cáo thăm dò, khai thác, sử dụng nước.
record: Hồ sơ cấp giấy phép tài nguyên nước | Phòng Tài nguyên nước | Vĩnh viễn
===
code: QT 02/TNN
name: Quy trình gia hạn, điều chỉnh giấy phép thăm dò, khai thác tài nguyên nước
tthc: 1.004167 1.004211 1.004228
unit: Phòng Tài nguyên nước
flow: council 37
work: Thẩm định hồ sơ, báo cáo hiện trạng khai thác; lấy ý kiến cơ quan liên quan
result: Phiếu thẩm định
council: Kiểm tra thực tế hiện trường khi cần
sign: Ký Tờ trình UBND tỉnh kèm dự thảo giấy phép gia hạn, điều chỉnh
base: 136/2025/NĐ-CP |
ref: Luật Tài nguyên nước số 28/2023/QH15
dossier: Đơn đề nghị gia hạn, điều chỉnh giấy phép (theo mẫu)
dossier: Báo cáo hiện trạng khai thác, sử dụng nước và tình hình thực hiện giấy phép
fee: Theo Nghị quyết của HĐND tỉnh.
record: Hồ sơ gia hạn, điều chỉnh giấy phép tài nguyên nước | Phòng Tài nguyên nước | Vĩnh viễn
===
code: QT 03/TNN
name: Quy trình cấp lại, trả lại, tạm dừng hiệu lực giấy phép thăm dò, khai thác tài nguyên nước
tthc: 1.000824 1.011518 1.012500
unit: Phòng Tài nguyên nước
flow: sign 16
work: Kiểm tra hồ sơ, lý do cấp lại, trả lại, tạm dừng; đối chiếu giấy phép đã cấp
result: Dự thảo giấy phép cấp lại hoặc quyết định
sign: Ký Tờ trình UBND tỉnh hoặc văn bản theo ủy quyền
base: 136/2025/NĐ-CP |
dossier: Đơn đề nghị (theo mẫu)
dossier: Giấy phép đã cấp; tài liệu chứng minh lý do đề nghị
fee: Không.
record: Hồ sơ cấp lại, trả lại, tạm dừng giấy phép | Phòng Tài nguyên nước | Vĩnh viễn
===
code: QT 04/TNN
name: Quy trình cấp, gia hạn, điều chỉnh giấy phép hành nghề khoan nước dưới đất
tthc: 1.004122 2.001738
unit: Phòng Tài nguyên nước
flow: sign 14.5
work: Thẩm định năng lực chuyên môn, thiết bị khoan của tổ chức, cá nhân; kiểm tra thực tế khi cần
result: Dự thảo giấy phép hành nghề khoan nước dưới đất
sign: Ký giấy phép hành nghề khoan nước dưới đất
base: 136/2025/NĐ-CP |
dossier: Đơn đề nghị cấp, gia hạn, điều chỉnh giấy phép (theo mẫu)
dossier: Bản khai năng lực chuyên môn, kinh nghiệm; danh sách thiết bị khoan
fee: Theo Nghị quyết của HĐND tỉnh về lệ phí cấp giấy phép hành nghề khoan nước dưới đất.
record: Hồ sơ giấy phép hành nghề khoan nước dưới đất | Phòng Tài nguyên nước | 10 năm
===
code: QT 05/TNN
name: Quy trình cấp lại, trả lại giấy phép hành nghề khoan nước dưới đất
tthc: 1.004253 1.012501
unit: Phòng Tài nguyên nước
flow: sign 7.5
work: Kiểm tra hồ sơ, đối chiếu giấy phép đã cấp
result: Dự thảo giấy phép cấp lại hoặc văn bản chấp thuận trả lại
sign: Ký giấy phép cấp lại, văn bản chấp thuận
base: 136/2025/NĐ-CP |
dossier: Đơn đề nghị cấp lại hoặc trả lại giấy phép (theo mẫu)
dossier: Giấy phép đã cấp (trường hợp trả lại, bị hư hỏng)
fee: Theo Nghị quyết của HĐND tỉnh.
record: Hồ sơ cấp lại, trả lại giấy phép hành nghề khoan | Phòng Tài nguyên nước | 10 năm
===
code: QT 06/TNN
name: Quy trình tính, điều chỉnh tiền cấp quyền khai thác tài nguyên nước
tthc: 1.004283 1.009669 1.012505 2.001770
unit: Phòng Tài nguyên nước
flow: province 20
work: Kiểm tra hồ sơ, thông số khai thác; tính tiền cấp quyền khai thác theo quy định
result: Bảng tính tiền cấp quyền; dự thảo Quyết định
sign: Ký Tờ trình UBND tỉnh phê duyệt tiền cấp quyền
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
base: 136/2025/NĐ-CP |
dossier: Bản kê khai tính tiền cấp quyền khai thác tài nguyên nước (theo mẫu)
dossier: Tài liệu về sản lượng khai thác, vận hành công trình
fee: Không.
record: Hồ sơ tính tiền cấp quyền khai thác tài nguyên nước | Phòng Tài nguyên nước | Vĩnh viễn
===
code: QT 07/TNN
name: Quy trình đăng ký khai thác, sử dụng nước mặt, sử dụng mặt nước và lấy ý kiến về công trình khai thác nguồn nước
tthc: 1.011516 1.012502 1.001740
unit: Phòng Tài nguyên nước
flow: sign 13.5
work: Kiểm tra hồ sơ đăng ký; tổng hợp ý kiến cộng đồng, cơ quan liên quan (đối với lấy ý kiến)
result: Dự thảo văn bản xác nhận đăng ký hoặc văn bản ý kiến
sign: Ký văn bản xác nhận đăng ký, văn bản ý kiến
base: 136/2025/NĐ-CP |
dossier: Tờ khai đăng ký hoặc văn bản đề nghị lấy ý kiến (theo mẫu)
dossier: Sơ đồ vị trí công trình, thông số khai thác, sử dụng nước
fee: Không.
record: Hồ sơ đăng ký khai thác, sử dụng nước | Phòng Tài nguyên nước | 10 năm
===
code: QT 08/TNN
name: Quy trình thẩm định, phê duyệt phương án cắm mốc giới hành lang bảo vệ nguồn nước của hồ chứa thủy điện
tthc: 2.001850
unit: Phòng Tài nguyên nước
flow: province 45
work: Thẩm định phương án cắm mốc; lấy ý kiến UBND cấp xã nơi có hồ chứa; kiểm tra thực địa
result: Báo cáo thẩm định; dự thảo Quyết định phê duyệt
sign: Ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
base: 136/2025/NĐ-CP |
dossier: Văn bản đề nghị phê duyệt (theo mẫu)
dossier: Phương án cắm mốc giới hành lang bảo vệ nguồn nước kèm bản đồ
fee: Không.
record: Hồ sơ phương án cắm mốc hành lang bảo vệ nguồn nước | Phòng Tài nguyên nước | Vĩnh viễn
"""

SCT = """
code: QT 01/ĐL
name: Quy trình cấp giấy phép hoạt động điện lực thuộc thẩm quyền của UBND tỉnh
tthc: 1.013401.H50 1.013411.H50 1.013412.H50 1.013416.H50
unit: Phòng Quản lý năng lượng
flow: council 13
work: Thẩm định hồ sơ đề nghị cấp giấy phép hoạt động điện lực
result: Phiếu thẩm định
council: Kiểm tra thực tế tại cơ sở (nhà máy điện, lưới điện phân phối) khi cần
sign: Ký giấy phép hoạt động điện lực
base: 61/2024/QH15 |
base: 61/2025/NĐ-CP |
base: 146/2025/NĐ-CP |
dossier: Văn bản đề nghị cấp giấy phép hoạt động điện lực (theo mẫu)
dossier: Tài liệu chứng minh điều kiện về nhân sự, trang thiết bị, công trình điện
fee: Theo quy định của Bộ Tài chính về phí thẩm định cấp giấy phép hoạt động điện lực.
record: Hồ sơ cấp giấy phép hoạt động điện lực | Phòng Quản lý năng lượng | Vĩnh viễn
===
code: QT 02/ĐL
name: Quy trình cấp lại, gia hạn, sửa đổi, bổ sung, thu hồi giấy phép hoạt động điện lực
tthc: 1.013417.H50 1.013418.H50 1.013419.H50 1.013420.H50 1.013421.H50
unit: Phòng Quản lý năng lượng
flow: sign 9.5
work: Thẩm định hồ sơ; đối chiếu giấy phép đã cấp; kiểm tra căn cứ thu hồi
result: Dự thảo giấy phép hoặc quyết định thu hồi
sign: Ký giấy phép cấp lại, gia hạn, sửa đổi hoặc quyết định thu hồi
base: 61/2025/NĐ-CP |
dossier: Văn bản đề nghị (theo mẫu)
dossier: Giấy phép đã cấp; tài liệu chứng minh nội dung thay đổi
fee: Theo quy định của Bộ Tài chính.
record: Hồ sơ cấp lại, gia hạn, thu hồi giấy phép hoạt động điện lực | Phòng Quản lý năng lượng | Vĩnh viễn
===
code: QT 03/XNK
name: Quy trình cấp Giấy chứng nhận xuất xứ hàng hóa (C/O) ưu đãi
tthc: 1.000603.H21
unit: Phòng Quản lý thương mại
flow: sign 2.5
work: Kiểm tra hồ sơ thương nhân, tiêu chí xuất xứ hàng hóa; kiểm tra tại cơ sở sản xuất khi cần
result: Dự thảo C/O
sign: Ký C/O
base: 31/2018/NĐ-CP |
base: 05/2018/TT-BCT |
dossier: Đơn đề nghị cấp C/O (theo mẫu); mẫu C/O đã khai hoàn chỉnh
dossier: Bản in tờ khai hải quan xuất khẩu; bản sao hóa đơn thương mại
fee: Không.
record: Hồ sơ cấp C/O | Phòng Quản lý thương mại | 05 năm
"""

CULTURE = """
code: QT 01/TTĐT
name: Quy trình cấp lại, gia hạn, sửa đổi Giấy chứng nhận cung cấp dịch vụ trò chơi điện tử G2, G3, G4 trên mạng
tthc: 1.001976 1.001988 2.002738 2.002739 2.002740
unit: Phòng Báo chí, Xuất bản và Thông tin điện tử
flow: sign 3.5
work: Kiểm tra hồ sơ; đối chiếu giấy chứng nhận, giấy xác nhận đã cấp
result: Dự thảo giấy chứng nhận, giấy xác nhận
sign: Ký giấy chứng nhận, giấy xác nhận
base: 147/2024/NĐ-CP |
dossier: Đơn đề nghị (theo mẫu)
dossier: Giấy chứng nhận hoặc giấy xác nhận đã cấp; tài liệu về nội dung thay đổi
fee: Không.
record: Hồ sơ trò chơi điện tử trên mạng | Phòng Báo chí, Xuất bản và Thông tin điện tử | 05 năm
===
code: QT 02/DS
name: Quy trình cấp lại giấy chứng nhận đủ điều kiện kinh doanh giám định cổ vật, hành nghề tu bổ di tích
tthc: 1.001123 2.001641
unit: Phòng Quản lý di sản văn hóa
flow: sign 3.5
work: Kiểm tra hồ sơ, đối chiếu giấy chứng nhận đã cấp
result: Dự thảo giấy chứng nhận (cấp lại)
sign: Ký giấy chứng nhận
base: 28/2001/QH10 |
base: 32/2009/QH12 |
base: 61/2016/NĐ-CP |
dossier: Đơn đề nghị cấp lại giấy chứng nhận (theo mẫu)
dossier: Giấy chứng nhận đã cấp (trường hợp bị hư hỏng)
fee: Không.
record: Hồ sơ cấp lại giấy chứng nhận di sản văn hóa | Phòng Quản lý di sản văn hóa | 10 năm
===
code: QT 03/NTBD
name: Quy trình cho phép ra nước ngoài dự thi người đẹp, người mẫu
tthc: 1.009403
unit: Phòng Quản lý văn hóa
flow: sign 3.5
work: Kiểm tra hồ sơ, thông tin cuộc thi ở nước ngoài
result: Dự thảo văn bản chấp thuận
sign: Ký văn bản chấp thuận
base: 144/2020/NĐ-CP |
dossier: Văn bản đề nghị (theo mẫu)
dossier: Văn bản mời tham dự cuộc thi; bản dịch thể lệ cuộc thi
fee: Không.
record: Hồ sơ ra nước ngoài dự thi người đẹp, người mẫu | Phòng Quản lý văn hóa | 05 năm
"""

HEALTH = """
code: QT 01/GĐ
name: Quy trình bổ nhiệm, miễn nhiệm giám định viên pháp y và pháp y tâm thần
tthc: 1.013871 1.013876
unit: Phòng Tổ chức cán bộ
flow: province 9.5
work: Thẩm định tiêu chuẩn, điều kiện bổ nhiệm hoặc căn cứ miễn nhiệm
result: Báo cáo thẩm định; dự thảo Tờ trình
sign: Ký Tờ trình UBND tỉnh
decide: Chủ tịch UBND tỉnh (qua Văn phòng UBND tỉnh)
base: 148/2025/NĐ-CP |
base: 21/2025/TT-BYT |
dossier: Văn bản đề nghị bổ nhiệm, miễn nhiệm (theo mẫu)
dossier: Sơ yếu lý lịch, văn bằng chuyên môn, giấy xác nhận thời gian hoạt động thực tế (đối với bổ nhiệm)
fee: Không.
record: Hồ sơ bổ nhiệm, miễn nhiệm giám định viên | Phòng Tổ chức cán bộ | Vĩnh viễn
===
code: QT 02/TBYT
name: Quy trình tiếp nhận hồ sơ công bố đủ điều kiện sản xuất, mua bán thiết bị y tế và tiêu chuẩn áp dụng
tthc: 1.003006 1.003029 1.003039 3.000449
unit: Phòng Nghiệp vụ Dược
flow: hours
work: Kiểm tra tính đầy đủ của hồ sơ công bố; đăng tải thông tin trên Hệ thống thông tin về quản lý thiết bị y tế
result: Số tiếp nhận hồ sơ công bố
sign: Ký văn bản tiếp nhận
base: 98/2021/NĐ-CP |
base: 07/2023/NĐ-CP |
base: 148/2025/NĐ-CP |
dossier: Văn bản công bố (theo mẫu)
dossier: Tài liệu chứng minh đủ điều kiện về nhân sự, kho bảo quản, phương tiện vận chuyển hoặc tiêu chuẩn áp dụng
fee: Theo Thông tư số 59/2023/TT-BTC.
record: Hồ sơ công bố thiết bị y tế | Phòng Nghiệp vụ Dược | 10 năm
"""

OFFICE = """
code: QT 01/TH
name: Quy trình đăng ký mã số đơn vị có quan hệ với ngân sách
tthc: 2.002206
unit: Phòng Hành chính - Tổ chức
flow: sign 2.5
work: Kiểm tra tờ khai, cấp mã số trên hệ thống đăng ký mã số đơn vị có quan hệ với ngân sách
result: Giấy chứng nhận mã số đơn vị có quan hệ với ngân sách
sign: Xác nhận cấp mã số
ref: Thông tư số 185/2015/TT-BTC hướng dẫn đăng ký, cấp mã số đơn vị có quan hệ với ngân sách
dossier: Tờ khai đăng ký mã số đơn vị có quan hệ với ngân sách (theo mẫu)
dossier: Quyết định thành lập hoặc văn bản giao nhiệm vụ của cấp có thẩm quyền
fee: Không.
record: Hồ sơ đăng ký mã số đơn vị có quan hệ với ngân sách | Phòng Hành chính - Tổ chức | 05 năm
"""
